using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>IMDB is 65 MB: the real dataset is loaded once for the whole class.</summary>
public sealed class ImdbFixture : IDisposable
{
    private readonly TempFolder _cache = new();
    private readonly Lazy<TextDataset> _dataset;

    public ImdbFixture() => _dataset = new(() => Datasets.Load("imdb", FullData.Offline(_cache.Path)));

    public TextDataset Dataset => _dataset.Value;

    public void Dispose() => _cache.Dispose();
}

public class ImdbTests(ImdbFixture fixture) : IClassFixture<ImdbFixture>
{
    [FullDataFact("imdb/train.csv", "imdb/test.csv")]
    public void ReleaseSplitIs20000Train5000Dev25000Test()
    {
        var data = fixture.Dataset;
        Assert.Equal("imdb", data.Name);
        Assert.Equal((20_000, 5_000, 25_000), (data.Train.Count, data.Dev.Count, data.Test.Count));
        Assert.Equal([10_000, 10_000], data.ClassCounts(DataSplit.Train));
        Assert.Equal([2_500, 2_500], data.ClassCounts(DataSplit.Dev));
        Assert.Equal([12_500, 12_500], data.ClassCounts(DataSplit.Test));
        Assert.Contains("first 10,000 reviews per class", data.Description);
    }

    [FullDataFact("imdb/train.csv", "imdb/test.csv")]
    public void TrainIsTheFirst10000PerClassInCsvOrder()
    {
        var data = fixture.Dataset;
        // The CSV lists train/neg/0_3.txt first, then neg by id, then pos: train = neg 0..9999 then pos 0..9999.
        Assert.StartsWith("Story of a man who has unnatural feelings for a pig.", data.Train[0].Text);
        Assert.Equal(0, data.Train[0].Label);
        Assert.Equal(0, data.Train[9_999].Label);
        Assert.Equal(1, data.Train[10_000].Label);
        Assert.Equal(0, data.Dev[0].Label);
        Assert.Equal(1, data.Dev[^1].Label);
        // Text unchanged: HTML line breaks stay, and a review reads exactly as its field in the CSV.
        var withBreaks = data.Train.Where(e => e.Text.Contains("<br />", StringComparison.Ordinal) && !e.Text.Contains('"')).ToList();
        Assert.NotEmpty(withBreaks);
        var csv = File.ReadAllText(FullData.File("imdb/train.csv"));
        Assert.Contains($"\"{withBreaks[0].Text}\",{withBreaks[0].Label},train/", csv);
    }

    [Fact]
    public void ReadsAclImdbFoldersNegThenPosByNumericId()
    {
        using var dir = new TempFolder();
        dir.Write("aclImdb/train/neg/10_2.txt", "neg ten");
        dir.Write("aclImdb/train/neg/2_1.txt", "neg two");
        dir.Write("aclImdb/train/pos/0_9.txt", "pos zero");
        dir.Write("aclImdb/train/pos/1_7.txt", "pos one");
        var examples = ImdbReader.ReadFolder(dir["aclImdb"], "train");
        Assert.Equal([new("neg two", 0), new("neg ten", 0), new("pos zero", 1), new TextExample("pos one", 1)], examples);

        var (train, dev) = ImdbReader.SplitTrain(examples, trainPerClass: 1);
        Assert.Equal(["neg two", "pos zero"], train.Select(e => e.Text));
        Assert.Equal(["neg ten", "pos one"], dev.Select(e => e.Text));
    }

    [Fact]
    public void LoadsFromAclImdbWhenNoCsvIsThere()
    {
        using var data = new TempFolder();
        using var cache = new TempFolder();
        foreach (var split in new[] { "train", "test" })
            for (var i = 0; i < 3; i++)
            {
                data.Write($"imdb/aclImdb/{split}/neg/{i}_1.txt", $"{split} bad {i}");
                data.Write($"imdb/aclImdb/{split}/pos/{i}_9.txt", $"{split} good {i}");
            }
        var options = new DatasetOptions { DataFolder = data.Path, CacheFolder = cache.Path, AllowDownload = false, ImdbTrainPerClass = 2, Log = TextWriter.Null };
        var dataset = Datasets.Load("imdb", options);
        Assert.Equal((4, 2, 6), (dataset.Train.Count, dataset.Dev.Count, dataset.Test.Count));
        Assert.Equal(["train bad 2", "train good 2"], dataset.Dev.Select(e => e.Text));
    }

    [Theory]
    [InlineData("sentence,label,file\n\"ok\",1,a.txt\n\"too\",\"many\",0,b.txt\n", 3, "expected 3 columns")]
    [InlineData("sentence,label,file\n\"ok\",1,a.txt\n\"fine\",pos,b.txt\n", 3, "\"pos\" is not an integer")]
    [InlineData("sentence,label,file\n\"ok\",2,a.txt\n", 2, "label 2 is out of range")]
    [InlineData("sentence,label,file\n\"ok\",1,a.txt\n\"never, closed,0,b.txt\n", 3, "unterminated quoted field")]
    [InlineData("text,label\n\"ok\",1\n", 1, "expected the header")]
    public void BadCsvRowsNameFileAndLine(string content, int line, string problem)
    {
        using var dir = new TempFolder();
        var path = dir.Write("train.csv", content);
        var error = Assert.Throws<DataFormatException>(() => ImdbReader.ReadCsv(path));
        Assert.Equal((path, line), (error.FilePath, error.Line));
        Assert.Contains(problem, error.Message);
    }
}
