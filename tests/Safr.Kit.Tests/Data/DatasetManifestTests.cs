using System.Text;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>data/datasets.json is the one list of files, URLs and checksums: the kit embeds that very file.</summary>
public class DatasetManifestTests
{
    private static string RepositoryFile(string relativePath) => Path.Combine(Checkout.RepositoryRoot, relativePath);

    [Fact]
    public void TheEmbeddedManifestIsDataDatasetsJsonByteForByte() =>
        Assert.Equal(File.ReadAllBytes(RepositoryFile("data/datasets.json")), DatasetManifest.EmbeddedBytes());

    [Fact]
    public void ItListsEveryFileTheLoadersAskFor()
    {
        Assert.Equal(
            ["agnews/test.csv", "agnews/train.csv", "imdb/aclImdb", "imdb/test.csv", "imdb/train.csv",
             "sst2/SST-2.zip", "sst2/dev.tsv", "sst2/stanfordSentimentTreebank.zip", "sst2/test.tsv", "sst2/train.tsv", "sst2/trainDevTestTrees_PTB.zip"],
            DatasetManifest.Embedded.Files.Keys.Order(StringComparer.Ordinal));
        foreach (var (path, file) in DatasetManifest.Embedded.Files)
        {
            Assert.Equal(path, file.RelativePath);
            Assert.NotEqual(path, file.Description);
            if (file.Source is { } source) Assert.StartsWith("https://", source.Url);
        }
    }

    [Fact]
    public void ItCarriesThePublishedChecksumsAndTheOfficialUrls()
    {
        var m = DatasetManifest.Embedded;
        Assert.Equal("md5 b1a00f826fdfbd249f79597b59e1dc12", m.File("agnews/train.csv").Checksum?.ToString());
        Assert.Equal("md5 d52ea96a97a2d943681189a97654912d", m.File("agnews/test.csv").Checksum?.ToString());
        Assert.Equal(new DownloadSource("https://s3.amazonaws.com/fast-ai-nlp/ag_news_csv.tgz", null, "ag_news_csv/train.csv") { Bytes = 11784419 },
            m.File("agnews/train.csv").Source);
        Assert.Equal(new DownloadSource("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", FileChecksum.Md5("7c2ac02c03563afcf9b574c7e56c153a"), "aclImdb") { Bytes = 84125825 },
            m.File("imdb/aclImdb").Source);
        Assert.True(m.File("imdb/aclImdb").IsFolder);
        var trees = m.File("sst2/trainDevTestTrees_PTB.zip");
        Assert.Equal("https://nlp.stanford.edu/sentiment/trainDevTestTrees_PTB.zip", trees.Source?.Url);
        Assert.Equal([("dev", 872), ("test", 1821), ("train", 6920)], trees.Splits.Select(kv => (kv.Key, kv.Value.Rows)).Order());
        Assert.All(trees.Splits.Values, d => Assert.Matches("^[0-9a-f]{64}$", d.Sha256));
        Assert.Equal(new DownloadSource("https://dl.fbaipublicfiles.com/glue/data/SST-2.zip", FileChecksum.Md5("9f81648d4199384278b86e315dac217c")) { Bytes = 7439277 },
            m.File("sst2/SST-2.zip").Source);
        Assert.Equal(new DownloadSource("https://nlp.stanford.edu/~socherr/stanfordSentimentTreebank.zip") { Bytes = 6372817 },
            m.File("sst2/stanfordSentimentTreebank.zip").Source);
        Assert.Null(m.File("sst2/train.tsv").Source);  // the sentence files have no official download
        Assert.Null(m.File("imdb/train.csv").Source);
    }

    [Fact]
    public void DataReadmeNamesEveryUrlAndChecksum()
    {
        var readme = File.ReadAllText(RepositoryFile("data/README.md"));
        foreach (var file in DatasetManifest.Embedded.Files.Values)
        {
            Assert.Contains($"`{file.RelativePath}`", readme);
            if (file.Checksum is { } checksum) Assert.Contains(checksum.Hex, readme);
            if (file.Source is { } source)
            {
                Assert.Contains(source.Url, readme);
                if (source.Checksum is { } sourceChecksum) Assert.Contains(sourceChecksum.Hex, readme);
            }
        }
    }

    [Theory]
    [InlineData("""{"format": "safr-datasets", "version": 1, "downloads": {}, "files": {"a/b.csv": {"from": {"download": "x.tgz"}}}}""", "a/b.csv comes from download \"x.tgz\"")]
    [InlineData("""{"format": "safr-datasets", "version": 1, "downloads": {}, "files": {"a/b.csv": {"checksum": "crc:12"}}}""", "checksum \"crc:12\" is not md5:HEX or sha256:HEX")]
    [InlineData("""{"format": "safr-datasets", "version": 1, "downloads": {"y.zip": {"url": "https://h/z.zip"}}, "files": {"a/b": {"from": {"download": "y.zip"}}}}""", "whose file name differs")]
    [InlineData("""{"format": "other", "version": 1, "downloads": {}, "files": {}}""", "expected \"safr-datasets\" version 1")]
    [InlineData("""{"format": """, "not a dataset manifest")]
    public void ABrokenManifestIsNamedWithWhatIsWrong(string json, string problem)
    {
        var error = Assert.Throws<DataFormatException>(() => DatasetManifest.Parse(Encoding.UTF8.GetBytes(json), "m.json"));
        Assert.StartsWith("m.json:", error.Message);
        Assert.Contains(problem, error.Message);
    }
}
