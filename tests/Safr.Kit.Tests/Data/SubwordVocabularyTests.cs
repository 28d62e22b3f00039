using Microsoft.ML.Tokenizers;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>A vocabulary over GPT-2's subword ids: reserved ids, min frequency, display, decoding, saving.</summary>
public class SubwordVocabularyTests
{
    private static SubwordTokenizer Gpt2 => TextTokenizers.Gpt2;

    [Fact]
    public void Gpt2IsTheRealGpt2Bpe()
    {
        Assert.Equal(["15496", "995"], Gpt2.Tokenize("Hello world"));  // GPT-2's published ids
        Assert.Equal("gpt2", Gpt2.Name);
        Assert.Same(Gpt2, TextTokenizers.Get("gpt2"));
    }

    [Theory]
    [InlineData("the movie wasn't great -- it was GREAT.")]
    [InlineData("  two  spaces,\\ta tab and a\\nnewline ")]
    [InlineData("café naïve, U+00A0:\\u00a0, emoji 😀 and 中文")]
    [InlineData("<PAD> <UNK> <br /> literally")]
    public void DecodingTheIdsGivesTheTextBack(string text)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        // GPT-2's BPE is byte level with no normalisation: the round trip is exact.
        Assert.Equal(text, Gpt2.Detokenize(Gpt2.Tokenize(text)));
        var vocab = Vocabulary.Build([text], minFrequency: 1, tokenizer: Gpt2);
        var ids = vocab.Encode(text);
        Assert.DoesNotContain(Vocabulary.UnkId, ids);
        Assert.Equal(text, vocab.Decode(ids));
    }

    [Fact]
    public void PadAndUnkAreReservedAndRareSubwordsAreUnknown()
    {
        var vocab = Vocabulary.Build(["good film", "good film bad", "<PAD> <UNK>"], tokenizer: Gpt2);
        // good, Ġfilm twice; Ġbad once; "<PAD> <UNK>" is ordinary text to GPT-2: <, P, AD, >, Ġ<, UN, K, > (only > twice).
        Assert.Equal(["<PAD>", "<UNK>", "good", "Ġfilm", ">"], vocab.Tokens);
        Assert.Equal(["<PAD>", "<UNK>", .. Gpt2.Tokenize("good film").Distinct(), .. Gpt2.Tokenize(">")], vocab.Keys);
        Assert.Equal([2, 3, Vocabulary.UnkId], vocab.Encode("good film bad"));
        Assert.DoesNotContain(Vocabulary.PadId, vocab.Encode("<PAD> <UNK>"));
        Assert.Equal("good film<UNK>", vocab.Decode([2, 3, 1, 0, 0]));
        Assert.Equal("good<PAD>", vocab.Decode([2, 0], keepPadding: true));
    }

    [Fact]
    public void TokensAreShownInGpt2sSpelling()
    {
        Assert.Equal("Ġmovie", Gpt2TokenSpelling.Of(" movie"));
        Assert.Equal("ĊĠ", Gpt2TokenSpelling.Of("\n "));
        Assert.Equal("cafÃ©", Gpt2TokenSpelling.Of("café"));  // é is two UTF-8 bytes, each its own character
        var vocab = Vocabulary.Build(["The movie, the movie."], minFrequency: 1, tokenizer: Gpt2);
        Assert.Equal(["The", "Ġmovie", ",", "Ġthe", "Ġmovie", "."], vocab.Encode("The movie, the movie.").Select(id => vocab[id]));
    }

    [FullDataFact("sst2/train.tsv")]
    public void TheEmbeddingTableHoldsOnlyTheSubwordsTrainingUses()
    {
        var train = Sst2Reader.Read(FullData.File("sst2/train.tsv"));
        var vocab = Vocabulary.Build(train, tokenizer: Gpt2);
        var counts = train.SelectMany(e => Gpt2.Tokenize(e.Text)).CountBy(k => k).ToDictionary();
        Assert.Equal(counts.Count(kv => kv.Value >= 2) + 2, vocab.Count);
        Assert.True(vocab.Count < 50257 / 4, $"{vocab.Count} ids");
        Assert.Equal(Gpt2.Tokenize(train[0].Text)[0], vocab.Keys[2]);  // first appearance first
    }

    [Fact]
    public void AnyMicrosoftMlTokenizerCanBePluggedIn()
    {
        // Under another name, with the default display (the tokenizer's decoding of one id).
        var plain = new SubwordTokenizer("gpt2-plain", TiktokenTokenizer.CreateForModel("gpt2"));
        var vocab = Vocabulary.Build(["a plain", "a plain"], tokenizer: plain);
        Assert.Equal(["<PAD>", "<UNK>", "a", " plain"], vocab.Tokens);
        Assert.Equal("a plain", vocab.Decode(vocab.Encode("a plain")));
    }

    [Fact]
    public void AVocabularyFileRecordsItsTokenizer()
    {
        using var dir = new TempFolder();
        var vocab = Vocabulary.Build(["good film good film"], tokenizer: Gpt2);
        var path = dir["vocab.json"];
        vocab.Save(path);
        Assert.Contains("\"tokenizer\": \"gpt2\"", File.ReadAllText(path));
        var loaded = Vocabulary.Load(path);
        Assert.Same(Gpt2, loaded.Tokenizer);
        Assert.Equal(vocab.Keys, loaded.Keys);
        Assert.Equal(vocab.Tokens, loaded.Tokens);

        // Files from before the field are whitespace; a tokenizer that is not built in must be handed over, under its name.
        var old = dir.Write("old.json", "{\"format\":\"safr-vocabulary\",\"version\":1,\"minFrequency\":2,\"tokens\":[\"<PAD>\",\"<UNK>\",\"film\"]}");
        Assert.Same(WhitespaceTokenizer.Instance, Vocabulary.Load(old).Tokenizer);
        var custom = dir.Write("custom.json", "{\"format\":\"safr-vocabulary\",\"version\":1,\"minFrequency\":2,\"tokens\":[\"<PAD>\",\"<UNK>\",\"64\"],\"tokenizer\":\"mine\"}");
        Assert.Contains("'mine' tokenizer, which is not built in", Assert.Throws<InputException>(() => Vocabulary.Load(custom)).Message);
        var mine = new SubwordTokenizer("mine", Gpt2.Tokenizer);
        Assert.Equal("a", Vocabulary.Load(custom, mine)[2]);
        Assert.Contains("built with the 'mine' tokenizer, not 'gpt2'", Assert.Throws<ArgumentException>(() => Vocabulary.Load(custom, Gpt2)).Message);
        var notIds = dir.Write("not-ids.json", "{\"format\":\"safr-vocabulary\",\"version\":1,\"minFrequency\":2,\"tokens\":[\"<PAD>\",\"<UNK>\",\"film\"],\"tokenizer\":\"gpt2\"}");
        Assert.Contains("'film' is not a subword id", Assert.Throws<DataFormatException>(() => Vocabulary.Load(notIds)).Message);
    }
}
