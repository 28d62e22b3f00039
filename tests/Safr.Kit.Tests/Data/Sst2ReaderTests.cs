using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class Sst2ReaderTests
{
    [FullDataFact("sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv")]
    public void RealFilesHaveTheKimSplitSizesAndBinaryLabels()
    {
        var train = Sst2Reader.Read(FullData.File("sst2/train.tsv"));
        var dev = Sst2Reader.Read(FullData.File("sst2/dev.tsv"));
        var test = Sst2Reader.Read(FullData.File("sst2/test.tsv"));
        Assert.Equal((6920, 872, 1821), (train.Count, dev.Count, test.Count));
        Assert.All(train.Concat(dev).Concat(test), e => Assert.True(e.Label is 0 or 1));
        Assert.Equal(new TextExample("a stirring , funny and finally transporting re-imagining of beauty and the beast and 1930s horror films", 1), train[0]);
        Assert.Equal(new TextExample("no movement , no yuks , not much of anything .", 0), test[0]);
        // As distributed: 3 train sentences keep their U+00A0.
        Assert.Equal(3, train.Count(e => e.Text.Contains('\u00a0')));
    }

    [FullDataFact("sst2/train.tsv")]
    public void DetectsTheRealFilesFormatFromItsHeader()
    {
        var firstLine = File.ReadLines(FullData.File("sst2/train.tsv")).First();
        Assert.Equal(Sst2FileFormat.SentenceTabLabel, Sst2Reader.DetectFormat(firstLine, "train.tsv"));
    }

    [Fact]
    public void ReadsGlueTrainAndUnlabelledGlueTest()
    {
        using var dir = new TempFolder();
        var train = Sst2Reader.Read(dir.Write("train.tsv", "sentence\tlabel\nhide new secretions from the parental units \t0\ncontains no wit , only labored gags \t0\nthat loves its characters \t1\n"));
        Assert.Equal([0, 0, 1], train.Select(e => e.Label));
        Assert.Equal("hide new secretions from the parental units ", train[0].Text);

        var test = Sst2Reader.Read(dir.Write("test.tsv", "index\tsentence\n0\tuneasy mishmash of styles and genres .\n1\tthis film 's relationship to actual tension is the same as what christmas-tree flocking in a spray can is to actual snow : a poor -- if durable -- imitation .\n"));
        Assert.Equal(2, test.Count);
        Assert.All(test, e => Assert.Equal(TextExample.Unlabeled, e.Label));
        Assert.False(test[0].IsLabeled);
        Assert.Equal("uneasy mishmash of styles and genres .", test[0].Text);
    }

    [Fact]
    public void ReadsKimSentEvalLines()
    {
        using var dir = new TempFolder();
        var path = dir.Write("stsa.binary.dev", "1 one long string of cliches .\n0 if you 've ever entertained the notion of doing what the title of this film implies , what sex with strangers actually shows may put you off the idea forever .\n");
        Assert.Equal(Sst2FileFormat.LabelSpaceSentence, Sst2Reader.DetectFormat(File.ReadLines(path).First(), path));
        var examples = Sst2Reader.Read(path);
        Assert.Equal(new TextExample("one long string of cliches .", 1), examples[0]);
        Assert.Equal(0, examples[1].Label);
    }

    [Fact]
    public void AnExplicitFormatOverridesDetection()
    {
        using var dir = new TempFolder();
        // Without a header, a TSV line is not recognisable, but an explicit format reads it as Kim's.
        var path = dir.Write("kim.txt", "0 bad .\n1 good .\n");
        Assert.Equal(2, Sst2Reader.Read(path, Sst2FileFormat.LabelSpaceSentence).Count);
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path, Sst2FileFormat.SentenceTabLabel));
        Assert.Equal(1, error.Line);
        Assert.Contains("header", error.Message);
    }

    [Fact]
    public void WrongColumnCountNamesFileAndLine()
    {
        using var dir = new TempFolder();
        var path = dir.Write("train.tsv", "sentence\tlabel\ngood .\t1\nbad\t.\t0\n");
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.StartsWith($"{path}:3:", error.Message);
        Assert.Contains("expected 2 tab-separated columns", error.Message);
        Assert.Contains("found 3", error.Message);
    }

    [Fact]
    public void LabelThatIsNotAnIntegerNamesFileAndLine()
    {
        using var dir = new TempFolder();
        var path = dir.Write("dev.tsv", "sentence\tlabel\ngood .\t1\nfine .\t1\nbad .\tneg\n");
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path));
        Assert.Equal((path, 4), (error.FilePath, error.Line));
        Assert.Contains("\"neg\" is not an integer", error.Message);
    }

    [Fact]
    public void LabelOutOfRangeNamesFileAndLine()
    {
        using var dir = new TempFolder();
        var path = dir.Write("stsa.binary.train", "1 good .\n3 very good .\n");
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path));
        Assert.Equal((path, 2), (error.FilePath, error.Line));
        Assert.Contains("label 3 is out of range", error.Message);
    }

    [Fact]
    public void UnrecognisedFirstLineIsReported()
    {
        using var dir = new TempFolder();
        var path = dir.Write("odd.txt", "text,label\n");
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path));
        Assert.Equal(1, error.Line);
        Assert.Contains("cannot tell the SST-2 format", error.Message);
    }
}
