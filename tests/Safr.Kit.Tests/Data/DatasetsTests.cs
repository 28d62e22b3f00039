using System.IO.Compression;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public sealed class DatasetsTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _cache = new();

    public void Dispose()
    {
        _data.Dispose();
        _cache.Dispose();
    }

    /// <summary>Options over a temporary data folder; downloads off, so nothing can reach the network.</summary>
    private DatasetOptions LocalOptions => new() { DataFolder = _data.Path, CacheFolder = _cache.Path, AllowDownload = false, Log = TextWriter.Null };

    [FullDataFact("sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv")]
    public void Sst2LoadsTheRealSentenceFiles()
    {
        var data = Datasets.Load("sst2", FullData.Offline(_cache.Path));
        Assert.Equal((6920, 872, 1821), (data.Train.Count, data.Dev.Count, data.Test.Count));
        Assert.Equal(["negative", "positive"], data.ClassNames);
        Assert.Equal([3310, 3610], data.ClassCounts(DataSplit.Train));
        Assert.Equal(3, data.Files.Count);
        Assert.Contains("Kim 2014", data.Description);
        Assert.Contains("not the SAFR release's train split", data.Description);
        Assert.StartsWith("sst2: train 6,920, dev 872, test 1,821, 2 classes (negative, positive).", data.ToString());
    }

    [Fact]
    public void Sst2MissingOfflineNamesTheTreesToDownloadOrTheThreeSentenceFiles()
    {
        var error = Assert.Throws<MissingDataException>(() => Datasets.Load("sst2", LocalOptions));
        Assert.Equal(["sst2/trainDevTestTrees_PTB.zip", "sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv"], error.Files.Select(f => f.File.RelativePath));
        Assert.Contains(Path.Combine(_data.Path, "sst2", "trainDevTestTrees_PTB.zip"), error.Message);
        Assert.Contains("https://nlp.stanford.edu/sentiment/trainDevTestTrees_PTB.zip", error.Message);
        Assert.Contains(Path.Combine(_data.Path, "sst2", "dev.tsv"), error.Message);
        Assert.Contains("Either is enough", error.Message);
    }

    [Fact]
    public void Sst2WithSomeSentenceFilesNamesTheMissingOnesAndDownloadsNothing()
    {
        _data.Write("sst2/train.tsv", "sentence\tlabel\na fine film .\t1\n");
        var error = Assert.Throws<MissingDataException>(() => Datasets.Load("sst2", LocalOptions with { AllowDownload = true, Mirror = "http://127.0.0.1:1/" }));
        Assert.Equal(["sst2/dev.tsv", "sst2/test.tsv"], error.Files.Select(f => f.File.RelativePath));
        Assert.Contains("no official download", error.Message);
    }

    [Fact]
    public void Sst2FromTheRawTreebankZipInTheDataFolder()
    {
        Directory.CreateDirectory(_data["sst2"]);
        Sst2RawTreebankTests.WriteTreebankZip(_data["sst2/stanfordSentimentTreebank.zip"]);
        var data = Datasets.Load("sst2", LocalOptions with { Sst2Source = Sst2Source.RawTreebank });
        Assert.Equal((4, 1, 3), (data.Train.Count, data.Dev.Count, data.Test.Count));
        Assert.Equal([1, 1, 0, 0], data.Train.Select(e => e.Label)); // positives first, as the release concatenates them
        Assert.Equal("A dull dev sentence .", data.Dev[0].Text);        // the mojibake dev sentence has no exact match
        Assert.Contains("release-compatible", data.Description);
    }

    [Fact]
    public void Sst2FromTheRawTreebankMissingNamesTheStanfordUrl()
    {
        var error = Assert.Throws<MissingDataException>(() => Datasets.Load("sst2", LocalOptions with { Sst2Source = Sst2Source.RawTreebank }));
        Assert.Contains("https://nlp.stanford.edu/~socherr/stanfordSentimentTreebank.zip", error.Message);
        Assert.Contains(Path.Combine(_data.Path, "sst2", "stanfordSentimentTreebank.zip"), error.Message);
    }

    [Fact]
    public void Sst2FromGlueKeepsTheUnlabelledTest()
    {
        Directory.CreateDirectory(_data["sst2"]);
        using (var zip = ZipFile.Open(_data["sst2/SST-2.zip"], ZipArchiveMode.Create))
        {
            foreach (var (name, text) in new[]
            {
                ("train.tsv", "sentence\tlabel\nhide new secretions \t0\nthat loves its characters \t1\n"),
                ("dev.tsv", "sentence\tlabel\nit 's a charming and often affecting journey . \t1\n"),
                ("test.tsv", "index\tsentence\n0\tuneasy mishmash of styles and genres .\n"),
            })
            {
                using var writer = new StreamWriter(zip.CreateEntry($"SST-2/{name}").Open());
                writer.Write(text);
            }
        }
        var data = Datasets.Load("sst2", LocalOptions with { Sst2Source = Sst2Source.Glue });
        Assert.Equal((2, 1, 1), (data.Train.Count, data.Dev.Count, data.Test.Count));
        Assert.Equal(TextExample.Unlabeled, data.Test[0].Label);
        Assert.Contains("GLUE", data.Description);
    }

    [Fact]
    public void ImdbMissingNamesTheArchiveAndTheCsvAlternative()
    {
        var error = Assert.Throws<MissingDataException>(() => Datasets.Load("imdb", LocalOptions));
        Assert.Contains(Path.Combine(_data.Path, "imdb", "aclImdb"), error.Message);
        Assert.Contains("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", error.Message);
        Assert.Contains("aclImdb_v1.tar.gz (md5 7c2ac02c03563afcf9b574c7e56c153a) (the archive's aclImdb/ folder)", error.Message);
        Assert.Contains("imdb/train.csv and imdb/test.csv", error.Message);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        var error = Assert.Throws<Safr.Kit.InputException>(() => Datasets.Load("sst5", LocalOptions));
        Assert.Contains("sst2, agnews, agnews-reduced, imdb", error.Message);
        Assert.Equal(["sst2", "agnews", "agnews-reduced", "imdb"], Datasets.Names);
    }
}
