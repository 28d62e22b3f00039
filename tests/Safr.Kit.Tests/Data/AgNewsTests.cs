using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class AgNewsTests
{
    [FullDataFact("agnews/test.csv")]
    public void RealTestCsvHas7600RowsBalancedAndThePublishedMd5()
    {
        var path = FullData.File("agnews/test.csv");
        Assert.Equal("d52ea96a97a2d943681189a97654912d", FileChecksum.Compute(path, ChecksumAlgorithm.Md5));
        var examples = AgNewsReader.Read(path);
        Assert.Equal(7600, examples.Count);
        Assert.Equal([1900, 1900, 1900, 1900], Enumerable.Range(0, 4).Select(c => examples.Count(e => e.Label == c)));
        // Class "3" (Business) is label 2; text = title + " " + description.
        Assert.Equal(2, examples[0].Label);
        Assert.StartsWith("Fears for T N pension after talks Unions representing workers at Turner", examples[0].Text);
    }

    [FullDataFact("agnews/test.csv")]
    public void BackslashesStandingForLineBreaksBecomeSpaces()
    {
        var path = FullData.File("agnews/test.csv");
        var cleaned = AgNewsReader.Read(path)[1].Text;
        var raw = AgNewsReader.Read(path, keepBackslashes: true)[1].Text;
        Assert.Contains("A second\\team of rocketeers", raw);
        Assert.Contains("A second team of rocketeers", cleaned);
        Assert.Contains("the  #36;10 million Ansari X Prize", cleaned);
        Assert.DoesNotContain(AgNewsReader.Read(path), e => e.Text.Contains('\\'));
    }

    [FullDataFact("agnews/test.csv")]
    public void ReducedVariantIsAnExactlyStratifiedSeededResplitOfTestCsv()
    {
        using var cache = new TempFolder();
        var data = Datasets.Load("agnews-reduced", FullData.Offline(cache.Path) with { SplitSeed = 7 });
        Assert.Equal("agnews-reduced", data.Name);
        Assert.Contains("reduced", data.Description);
        Assert.Contains("not the paper's setting", data.Description);
        Assert.Contains("seed 7", data.Description);
        Assert.Equal(["World", "Sports", "Business", "Sci/Tech"], data.ClassNames);

        // 1,900 per class -> 1,330 / 190 / 380 per class, exactly.
        Assert.Equal([1330, 1330, 1330, 1330], data.ClassCounts(DataSplit.Train));
        Assert.Equal([190, 190, 190, 190], data.ClassCounts(DataSplit.Dev));
        Assert.Equal([380, 380, 380, 380], data.ClassCounts(DataSplit.Test));
        Assert.Equal(7600, data.Train.Count + data.Dev.Count + data.Test.Count);

        // A partition of test.csv: every row lands in exactly one split.
        var all = AgNewsReader.Read(FullData.File("agnews/test.csv"));
        var parts = data.Train.Concat(data.Dev).Concat(data.Test).Select(e => e.Text + "|" + e.Label).Order(StringComparer.Ordinal);
        Assert.Equal(all.Select(e => e.Text + "|" + e.Label).Order(StringComparer.Ordinal), parts);

        var again = Datasets.Load("agnews-reduced", FullData.Offline(cache.Path) with { SplitSeed = 7 });
        Assert.Equal(data.Train, again.Train);
        Assert.Equal(data.Test, again.Test);
        var otherSeed = Datasets.Load("agnews-reduced", FullData.Offline(cache.Path) with { SplitSeed = 8 });
        Assert.NotEqual(data.Train, otherSeed.Train);
    }

    [FullDataFact("agnews/test.csv")]
    public void FullAgNewsWithoutTrainCsvSaysWhereToPutItAndOffersTheReducedVariant()
    {
        using var cache = new TempFolder();
        var error = Assert.Throws<MissingDataException>(() => Datasets.Load("agnews", FullData.Offline(cache.Path)));
        var trainPath = Path.Combine(FullData.Root, "agnews", "train.csv");
        var missing = Assert.Single(error.Files); // test.csv is there
        Assert.Equal(trainPath, missing.PutItAt);
        Assert.Contains(trainPath, error.Message);
        Assert.Contains("https://s3.amazonaws.com/fast-ai-nlp/ag_news_csv.tgz", error.Message);
        Assert.Contains("md5 b1a00f826fdfbd249f79597b59e1dc12", error.Message);
        Assert.Contains("agnews-reduced", error.Message);
    }

    [Fact]
    public void TrainCsvWithTheWrongMd5FailsClearly()
    {
        using var data = new TempFolder();
        using var cache = new TempFolder();
        var train = data.Write("agnews/train.csv", "\"1\",\"title\",\"not the real train.csv\"\n");
        var options = new DatasetOptions { DataFolder = data.Path, CacheFolder = cache.Path, AllowDownload = false, Log = TextWriter.Null };
        var error = Assert.Throws<ChecksumMismatchException>(() => Datasets.Load("agnews", options));
        Assert.Equal(train, error.FilePath);
        Assert.Equal("b1a00f826fdfbd249f79597b59e1dc12", error.Expected.Hex);  // the published md5, from data/datasets.json
        Assert.Equal(FileChecksum.Compute(train, ChecksumAlgorithm.Md5), error.Actual);
        Assert.Contains("b1a00f826fdfbd249f79597b59e1dc12", error.Message);
        Assert.Contains(error.Actual, error.Message);
        Assert.True(File.Exists(train)); // a user's own file is reported, never deleted
    }

    [Fact]
    public void FullAgNewsHoldsOutAStratifiedDevSplitFromTrain()
    {
        using var data = new TempFolder();
        using var cache = new TempFolder();
        var rows = Enumerable.Range(0, 40).Select(i => $"\"{i % 4 + 1}\",\"title {i}\",\"description {i}\"");
        data.Write("agnews/train.csv", string.Join("\n", rows) + "\n");
        data.Write("agnews/test.csv", "\"2\",\"t\",\"d\"\n\"4\",\"t2\",\"d2\"\n");
        var options = new DatasetOptions { DataFolder = data.Path, CacheFolder = cache.Path, AllowDownload = false, VerifyChecksums = false, Log = TextWriter.Null };
        var dataset = Datasets.Load("agnews", options);
        Assert.Equal("agnews", dataset.Name);
        Assert.Equal([9, 9, 9, 9], dataset.ClassCounts(DataSplit.Train));
        Assert.Equal([1, 1, 1, 1], dataset.ClassCounts(DataSplit.Dev));
        Assert.Equal([new TextExample("t d", 1), new TextExample("t2 d2", 3)], dataset.Test);
        Assert.Contains("dev = a seeded class-stratified 10% of train.csv", dataset.Description);
    }

    [Theory]
    [InlineData("\"1\",\"a\",\"b\"\n\"2\",\"only two\"\n", 2, "expected 3 columns")]
    [InlineData("\"1\",\"a\",\"b\"\n\"x\",\"a\",\"b\"\n", 2, "\"x\" is not an integer")]
    [InlineData("\"1\",\"a\",\"b\"\n\"4\",\"a\",\"b\"\n\"5\",\"a\",\"b\"\n", 3, "class 5 is out of range")]
    [InlineData("\"1\",\"a\",\"b\"\n\"2\",\"a\",\"unterminated\n", 2, "unterminated quoted field")]
    public void BadRowsNameFileAndLine(string content, int line, string problem)
    {
        using var dir = new TempFolder();
        var path = dir.Write("train.csv", content);
        var error = Assert.Throws<DataFormatException>(() => AgNewsReader.Read(path));
        Assert.Equal((path, line), (error.FilePath, error.Line));
        Assert.Contains(problem, error.Message);
    }
}
