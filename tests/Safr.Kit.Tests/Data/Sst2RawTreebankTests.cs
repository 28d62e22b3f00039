using System.IO.Compression;
using System.Text;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>SST-2 rebuilt from a small synthetic stanfordSentimentTreebank.zip with known thresholds, splits and artifacts.</summary>
public class Sst2RawTreebankTests
{
    // index, sentence, split (1 train, 2 test, 3 dev), sentiment value of the matching phrase (null: no phrase).
    private static readonly (int Index, string Sentence, int Split, double? Value)[] Sentences =
    [
        (1, "A good film .", 1, 0.9),
        (2, "A bad film .", 1, 0.1),
        (3, "Meh .", 1, 0.5),                       // neutral: dropped
        (4, "Another good one .", 1, 0.61),
        (5, "Exactly negative .", 1, 0.4),          // <= 0.4: negative
        (6, "Exactly at the upper cut .", 1, 0.6),  // not > 0.6: neutral
        (7, "Yet another good one .", 1, 0.8),      // third positive: cut by balancing (2 negatives)
        (8, "The clichÃ©s are -LRB- mostly -RRB- fun .", 3, 0.7), // mojibake and -LRB-: only found with MatchRepairedText
        (9, "A test sentence .", 2, 0.2),
        (10, "A neutral test .", 2, 0.45),
        (11, "Unmatched sentence .", 2, null),
        (12, "Great test .", 2, 0.95),
        (13, "Another great test .", 2, 0.99),
        (14, "A dull dev sentence .", 3, 0.3),      // dev, exact match
    ];

    private static string DictionaryPhrase(string sentence) =>
        sentence == "The clichÃ©s are -LRB- mostly -RRB- fun ." ? "The clichés are ( mostly ) fun ." : sentence;

    internal static string WriteTreebankZip(string path, bool badSplitLabel = false)
    {
        var sentences = new StringBuilder("sentence_index\tsentence\n");
        var split = new StringBuilder("sentence_index,splitset_label\n");
        var dictionary = new StringBuilder("A|0\ngood|1\n");
        var labels = new StringBuilder("phrase ids|sentiment values\n0|0.5\n1|0.8\n");
        foreach (var (index, sentence, which, value) in Sentences)
        {
            sentences.Append($"{index}\t{sentence}\n");
            split.Append($"{index},{(badSplitLabel && index == 4 ? 4 : which)}\n");
            if (value is { } v)
            {
                dictionary.Append($"{DictionaryPhrase(sentence)}|{100 + index}\n");
                labels.Append(System.FormattableString.Invariant($"{100 + index}|{v}\n"));
            }
        }
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, text) in new[] { ("datasetSentences.txt", sentences), ("datasetSplit.txt", split), ("dictionary.txt", dictionary), ("sentiment_labels.txt", labels) })
        {
            using var writer = new StreamWriter(zip.CreateEntry($"stanfordSentimentTreebank/{name}").Open(), new UTF8Encoding(false));
            writer.Write(text.ToString());
        }
        return path;
    }

    [Fact]
    public void ReleaseCompatibleAppliesThresholdsDropsNeutralAndBalancesTrain()
    {
        using var dir = new TempFolder();
        var data = Sst2RawTreebank.Read(WriteTreebankZip(dir["stanfordSentimentTreebank.zip"]), Sst2RawTreebankOptions.ReleaseCompatible);

        // Train: positives 1, 4, 7 and negatives 2, 5 (0.4 is negative, 0.6 neutral); balanced to the first 2 per class
        // in file order, the positive ones listed first (the release's pd.concat([positive, negative])).
        Assert.Equal(["A good film .", "Another good one .", "A bad film .", "Exactly negative ."], data.Train.Select(e => e.Text));
        Assert.Equal([1, 1, 0, 0], data.Train.Select(e => e.Label));
        // Dev (split label 3): the release merges on the exact string, so the mojibake/-LRB- sentence, whose
        // dictionary phrase is only equal after the repair, is dropped; the exact match stays.
        Assert.Equal([new TextExample("A dull dev sentence .", 0)], data.Dev);
        // Test (split 2) is not balanced; neutral and unmatched sentences are left out.
        Assert.Equal(["A test sentence .", "Great test .", "Another great test ."], data.Test.Select(e => e.Text));
        Assert.Equal([0, 1, 1], data.Test.Select(e => e.Label));

        Assert.Equal("sst2", data.Name);
        Assert.Contains("release-compatible", data.Description);
        Assert.Contains("3 neutral sentences dropped", data.Description);
        Assert.Contains("train truncated to 2 per class", data.Description);
        Assert.Contains("2 sentences without a dictionary phrase skipped", data.Description); // 8 (no exact match) and 11
    }

    [Fact]
    public void MatchRepairedTextFindsTheMojibakeSentenceTheExactDefaultDrops()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["stanfordSentimentTreebank.zip"]);
        var exact = Sst2RawTreebank.Read(zip);
        Assert.DoesNotContain(exact.Dev, e => e.Text.Contains("clich", StringComparison.Ordinal));

        var repaired = Sst2RawTreebank.Read(zip, Sst2RawTreebankOptions.ReleaseCompatible with { MatchRepairedText = true });
        // Found through the repair; the text stays as datasetSentences.txt has it (UseRepairedText is off); file order.
        Assert.Equal([new TextExample("The clichÃ©s are -LRB- mostly -RRB- fun .", 1), new TextExample("A dull dev sentence .", 0)], repaired.Dev);
        Assert.Equal(exact.Train, repaired.Train);
        Assert.Equal(exact.Test, repaired.Test);
        Assert.Contains("custom options", repaired.Description);
        Assert.Contains("1 sentences without a dictionary phrase skipped", repaired.Description); // only 11
    }

    [Fact]
    public void BalancedTrainListsThePositiveExamplesFirstThenTheNegativeOnes()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["stanfordSentimentTreebank.zip"]);
        var inFileOrder = Sst2RawTreebank.Read(zip, Sst2RawTreebankOptions.ReleaseCompatible with { BalanceTrain = false }).Train;
        Assert.Equal([1, 0, 1, 0, 1], inFileOrder.Select(e => e.Label)); // sentences 1, 2, 4, 5, 7: the classes interleave

        var balanced = Sst2RawTreebank.Read(zip).Train;
        Assert.Equal([1, 1, 0, 0], balanced.Select(e => e.Label));
        Assert.Equal([.. inFileOrder.Where(e => e.Label == 1).Take(2), .. inFileOrder.Where(e => e.Label == 0).Take(2)], balanced);
    }

    [Fact]
    public void OptionsTurnOffBalancingAndChangeTheText()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["stanfordSentimentTreebank.zip"]);
        var data = Sst2RawTreebank.Read(zip, Sst2RawTreebankOptions.ReleaseCompatible with { BalanceTrain = false, Lowercase = true, UseRepairedText = true, MatchRepairedText = true });
        Assert.Equal(5, data.Train.Count);
        Assert.Equal("a good film .", data.Train[0].Text);
        Assert.Equal(["the clichés are ( mostly ) fun .", "a dull dev sentence ."], data.Dev.Select(e => e.Text));
        Assert.Contains("custom options", data.Description);
    }

    [Fact]
    public void ReadsAnExtractedFolderToo()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["stanfordSentimentTreebank.zip"]);
        ZipFile.ExtractToDirectory(zip, dir["extracted"]);
        var data = Sst2RawTreebank.Read(dir["extracted"]);
        Assert.Equal((4, 1, 3), (data.Train.Count, data.Dev.Count, data.Test.Count));
        var fromZip = Sst2RawTreebank.Read(zip);
        Assert.Equal(fromZip.Train, data.Train);
        Assert.Equal(fromZip.Dev, data.Dev);
        Assert.Equal(fromZip.Test, data.Test);
    }

    [Fact]
    public void SentencesCarryTheirSplitAndValue()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["t.zip"]);
        var sentences = Sst2RawTreebank.ReadSentences(zip);
        Assert.Equal(14, sentences.Count);
        Assert.Equal(DataSplit.Dev, sentences[7].Split);
        Assert.Equal("The clichÃ©s are -LRB- mostly -RRB- fun .", sentences[7].Text);
        Assert.Equal("The clichés are ( mostly ) fun .", sentences[7].RepairedText);
        Assert.Null(sentences[7].Sentiment); // no exact match by default
        Assert.Null(sentences[10].Sentiment);
        Assert.Equal((DataSplit.Dev, 0.3), (sentences[13].Split, sentences[13].Sentiment));

        var repaired = Sst2RawTreebank.ReadSentences(zip, Sst2RawTreebankOptions.ReleaseCompatible with { MatchRepairedText = true });
        Assert.Equal(0.7, repaired[7].Sentiment);
        Assert.Null(repaired[10].Sentiment);
    }

    [Fact]
    public void BadSplitLabelNamesTheEntryAndLine()
    {
        using var dir = new TempFolder();
        var zip = WriteTreebankZip(dir["t.zip"], badSplitLabel: true);
        var error = Assert.Throws<DataFormatException>(() => Sst2RawTreebank.Read(zip));
        Assert.Equal($"{zip}!stanfordSentimentTreebank/datasetSplit.txt", error.FilePath);
        Assert.Equal(5, error.Line); // header, then sentences 1..4
        Assert.Contains("splitset_label 4 is out of range", error.Message);
    }

    [Fact]
    public void LinesReadAsLatin1AreCountedInTheDescription()
    {
        using var folder = new TempFolder();
        var zip = WriteTreebankZip(folder["stanfordSentimentTreebank.zip"]);
        Assert.DoesNotContain("Latin-1", Sst2RawTreebank.Read(zip).Description);
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Update))
        {
            using var dictionary = archive.GetEntry("stanfordSentimentTreebank/dictionary.txt")!.Open();
            dictionary.Seek(0, SeekOrigin.End);
            dictionary.Write(Encoding.Latin1.GetBytes("café crème|999\n"));  // one line in Latin-1: 0xE9, 0xE8
        }
        var data = Sst2RawTreebank.Read(zip);
        Assert.Contains("1 lines of dictionary.txt not UTF-8, read as Latin-1", data.Description);
    }

    [Fact]
    public void RepairFixesDoubleEncodingAndParserBrackets()
    {
        Assert.Equal("clichés", TreebankTextRepair.FixDoubleEncoding("clichÃ©s"));
        Assert.Equal("café", TreebankTextRepair.FixDoubleEncoding("café")); // genuine Latin-1 text stays
        Assert.Equal("a ( b ) c", TreebankTextRepair.Repair("a -LRB- b -RRB- c"));
        Assert.Equal("x y", TreebankTextRepair.Repair("xÂ\u00a0y")); // "Â" + no-break space = UTF-8 C2 A0 read as Latin-1
        Assert.Equal("café", TreebankTextRepair.DecodeLine(Encoding.Latin1.GetBytes("café")));
        Assert.Equal("café", TreebankTextRepair.DecodeLine(Encoding.UTF8.GetBytes("café")));
    }
}
