using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class VocabularyTests
{
    [Fact]
    public void KeepsTokensSeenTwiceInOrderOfFirstAppearanceAfterPadAndUnk()
    {
        var vocab = Vocabulary.Build(["the cat sat", "The dog sat on the mat", "dog"]);
        // Counts: the 2, cat 1, sat 2, The 1, dog 2, on 1, mat 1: case is kept, so "The" is its own (rare) token.
        Assert.Equal(["<PAD>", "<UNK>", "the", "sat", "dog"], vocab.Tokens);
        Assert.Equal((0, 1), (Vocabulary.PadId, Vocabulary.UnkId));
        Assert.Equal(("<PAD>", "<UNK>"), (vocab[0], vocab[1]));
        Assert.Equal(5, vocab.Count);
        Assert.Equal(Vocabulary.UnkId, vocab["cat"]);
        Assert.Equal(Vocabulary.UnkId, vocab["The"]);
    }

    [Fact]
    public void OrderIsFirstAppearanceNotFrequency()
    {
        var vocab = Vocabulary.Build(["x y z", "z z z y x y"]);
        Assert.Equal(["<PAD>", "<UNK>", "x", "y", "z"], vocab.Tokens);
    }

    [Fact]
    public void MinFrequencyIsAParameter()
    {
        Assert.Equal(["<PAD>", "<UNK>", "a", "b"], Vocabulary.Build(["a b a"], minFrequency: 1).Tokens);
        Assert.Equal(["<PAD>", "<UNK>"], Vocabulary.Build(["a b a"], minFrequency: 3).Tokens);
    }

    [Fact]
    public void SplitsOnPythonWhitespaceOnly()
    {
        Assert.Equal(["a", "b", "c", "d", "e"], WhitespaceTokenizer.Tokenize("  a\tb\u00a0c\u001fd\r\n e "));
        Assert.Equal(["a\u200bb", "x,y"], WhitespaceTokenizer.Tokenize("a\u200bb x,y")); // zero-width space and punctuation are not separators
    }

    [Fact]
    public void EncodesUnknownsAsUnkTruncatesAndDecodes()
    {
        var vocab = Vocabulary.Build(["good film good film bad"]);
        Assert.Equal([2, 3, 1, 2], vocab.Encode("good film great good"));
        Assert.Equal([2, 3], vocab.Encode("good film great good", maxLength: 2));
        Assert.Equal("good <UNK> film", vocab.Decode([2, 1, 3, 0, 0]));
        Assert.Equal("good <PAD>", vocab.Decode([2, 0], keepPadding: true));
    }

    [Fact]
    public void BuildsFromTheTrainSplitOnly()
    {
        var dataset = new TextDataset("toy", "toy", ["neg", "pos"],
            train: [new("fine fine film", 1), new("film", 0)],
            dev: [new("devword devword", 0)],
            test: [new("testword testword", 1)]);
        var vocab = Vocabulary.Build(dataset);
        Assert.Equal(["<PAD>", "<UNK>", "fine", "film"], vocab.Tokens);
        Assert.False(vocab.Contains("devword"));
        Assert.False(vocab.Contains("testword"));
    }

    [FullDataFact("sst2/train.tsv", "sst2/test.tsv")]
    public void RealSst2VocabularyFollowsTheRules()
    {
        var train = Sst2Reader.Read(FullData.File("sst2/train.tsv"));
        var test = Sst2Reader.Read(FullData.File("sst2/test.tsv"));
        var vocab = Vocabulary.Build(train);
        var counts = train.SelectMany(e => WhitespaceTokenizer.Tokenize(e.Text)).CountBy(t => t).ToDictionary();
        Assert.All(vocab.Tokens.Skip(2), t => Assert.True(counts[t] >= 2, t));
        Assert.Equal(counts.Count(kv => kv.Value >= 2) + 2, vocab.Count);
        Assert.Equal(WhitespaceTokenizer.Tokenize(train[0].Text)[0], vocab[2]); // first token of the first sentence
        var testOnly = test.SelectMany(e => WhitespaceTokenizer.Tokenize(e.Text)).First(t => !counts.ContainsKey(t));
        Assert.Equal(Vocabulary.UnkId, vocab[testOnly]);
    }

    [FullDataFact("sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv")]
    public void TheDefaultTokenizerGivesTheSameIdsAsBeforeTokenizersCouldBeChosen()
    {
        // Pinned with the kit as it was before ITextTokenizer (commit b4a6dbb): the release's vocabulary, bit for bit.
        var (train, dev, test) = (Sst2Reader.Read(FullData.File("sst2/train.tsv")), Sst2Reader.Read(FullData.File("sst2/dev.tsv")), Sst2Reader.Read(FullData.File("sst2/test.tsv")));
        static string Hash(string s) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(s)))[..16];
        foreach (var vocab in new[] { Vocabulary.Build(train), Vocabulary.Build(train, tokenizer: TextTokenizers.Whitespace) })
        {
            Assert.Same(WhitespaceTokenizer.Instance, vocab.Tokenizer);
            Assert.Equal(7142, vocab.Count);
            Assert.Same(vocab.Keys, vocab.Tokens);  // a word is its own display
            Assert.Equal("B735CC19916895C2", Hash(string.Join("\n", vocab.Tokens)));
            Assert.Equal([215, 323, 5758, 9, 3052, 22], vocab.Encode(dev[0].Text));  // "one long string of cliches ."
            Assert.Equal("111920DC640D096E", Hash(string.Join(";", dev.Concat(test).Select(e => string.Join(",", vocab.Encode(e.Text, 128))))));
        }
    }

    [Fact]
    public void SavesAtomicallyAndLoadsTheSameIds()
    {
        using var dir = new TempFolder();
        var vocab = Vocabulary.Build(["é ü \"q\" é ü \"q\" <UNK> <UNK>"]);
        var path = dir["checkpoint/vocab.json"];
        dir.Write("checkpoint/vocab.json", "old content");
        vocab.Save(path);
        Assert.Equal(["checkpoint/vocab.json"], dir.Files()); // the temporary file was moved over the old one
        var loaded = Vocabulary.Load(path);
        Assert.Equal(vocab.Tokens, loaded.Tokens);
        Assert.Equal(["<PAD>", "<UNK>", "é", "ü", "\"q\""], loaded.Tokens);
        Assert.Equal(2, loaded.MinFrequency);
    }

    [Fact]
    public void LoadingSomethingElseFailsWithThePath()
    {
        using var dir = new TempFolder();
        var notJson = dir.Write("a.json", "{ not json");
        Assert.Equal(notJson, Assert.Throws<DataFormatException>(() => Vocabulary.Load(notJson)).FilePath);
        var wrongKind = dir.Write("b.json", "{\"format\":\"something\",\"version\":1,\"tokens\":[]}");
        Assert.Contains("not a vocabulary file", Assert.Throws<DataFormatException>(() => Vocabulary.Load(wrongKind)).Message);
        var badTokens = dir.Write("c.json", "{\"format\":\"safr-vocabulary\",\"version\":1,\"minFrequency\":2,\"tokens\":[\"<unk>\",\"<pad>\"]}");
        Assert.Contains("starts with <PAD>", Assert.Throws<DataFormatException>(() => Vocabulary.Load(badTokens)).Message);
        // The old lowercase spelling is not the release's: rejected too.
        var oldSpelling = dir.Write("d.json", "{\"format\":\"safr-vocabulary\",\"version\":1,\"minFrequency\":2,\"tokens\":[\"<pad>\",\"<unk>\"]}");
        Assert.Contains("starts with <PAD> (id 0) and <UNK> (id 1)", Assert.Throws<DataFormatException>(() => Vocabulary.Load(oldSpelling)).Message);
    }
}
