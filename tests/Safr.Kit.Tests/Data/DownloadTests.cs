using System.Security.Cryptography;
using System.Text;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>Downloads against a loopback server only: no test reaches the network.</summary>
public sealed class DownloadTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();
    private readonly TempFolder _data = new();
    private readonly TempFolder _cache = new();
    private readonly StringWriter _log = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(20) };

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
        _data.Dispose();
        _cache.Dispose();
    }

    private DatasetOptions Options => new() { DataFolder = _data.Path, CacheFolder = _cache.Path, Log = _log, HttpClient = _client };

    private DatasetStore Store() => new(Options);

    private static byte[] RandomBytes(int n, int seed)
    {
        var bytes = new byte[n];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public void GoodFileIsVerifiedCachedAndNotDownloadedAgain()
    {
        var content = RandomBytes(300_000, 1);
        _server.Serve("files/good.bin", content);
        var file = new DataFile("test/good.bin") { Source = new DownloadSource(_server.Url("files/good.bin"), FileChecksum.Sha256(Sha256(content))) };

        var path = Store().Find(file);
        Assert.Equal(Path.Combine(_cache.Path, "test", "good.bin"), path);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.Equal(["test/good.bin"], _cache.Files()); // no .partial left
        Assert.Equal(1, _server.RequestCount("files/good.bin"));

        Assert.Equal(path, Store().Find(file));
        Assert.Equal(1, _server.RequestCount("files/good.bin")); // the second call found it in the cache
        Assert.DoesNotContain("not verified", _log.ToString());
    }

    [Fact]
    public void FileInTheDataFolderWinsOverCacheAndDownload()
    {
        _server.Serve("files/x.txt", Encoding.UTF8.GetBytes("from server"));
        var file = new DataFile("sst2/x.txt") { Source = new DownloadSource(_server.Url("files/x.txt")) };
        var local = _data.Write("sst2/x.txt", "local");
        Assert.Equal(local, Store().Find(file));
        Assert.Equal(0, _server.RequestCount("files/x.txt"));
    }

    [Fact]
    public void SourceWithoutChecksumIsDownloadedAndTheLogSaysItWasNotVerified()
    {
        _server.Serve("files/plain.txt", Encoding.UTF8.GetBytes("plain"));
        var path = Store().Find(new DataFile("p/plain.txt") { Source = new DownloadSource(_server.Url("files/plain.txt")) });
        Assert.Equal("plain", File.ReadAllText(path));
        Assert.Contains("no published checksum is known for " + _server.Url("files/plain.txt"), _log.ToString());
    }

    [Fact]
    public void TruncatedTransferFailsThenResumesWithRange()
    {
        var content = RandomBytes(200_000, 2);
        _server.Serve("files/big.bin", content, truncatedResponses: 1, truncateAfter: 70_000);
        var file = new DataFile("test/big.bin") { Source = new DownloadSource(_server.Url("files/big.bin"), FileChecksum.Sha256(Sha256(content))) };
        var final = Path.Combine(_cache.Path, "test", "big.bin");

        var error = Assert.Throws<DownloadInterruptedException>(() => Store().Find(file));
        Assert.Equal(70_000, error.Received);
        Assert.Equal(200_000, error.Expected);
        Assert.Equal(final + ".partial", error.PartialPath);
        Assert.Equal(70_000, new FileInfo(final + ".partial").Length);
        Assert.False(File.Exists(final));

        var path = Store().Find(file);
        Assert.Equal(content, File.ReadAllBytes(path));
        Assert.False(File.Exists(final + ".partial"));
        Assert.Equal([null, "bytes=70000-"], _server.Requests.Select(r => r.Range));
    }

    [Fact]
    public void AlreadyCompletePartialIsVerifiedAndMovedIntoPlace()
    {
        var content = RandomBytes(10_000, 5);
        _server.Serve("files/done.bin", content);
        var file = new DataFile("test/done.bin") { Source = new DownloadSource(_server.Url("files/done.bin"), FileChecksum.Sha256(Sha256(content))) };
        File.WriteAllBytes(_cache.Write("test/done.bin.partial", ""), content); // the move after the last transfer never happened

        Assert.Equal(content, File.ReadAllBytes(Store().Find(file)));
        Assert.Equal([("/files/done.bin", (string?)"bytes=10000-")], _server.Requests); // answered 416: nothing left to send
        Assert.Equal(["test/done.bin"], _cache.Files());
    }

    [Fact]
    public void CorruptedFileIsRejectedNamingBothHashesAndIsNotKept()
    {
        var served = RandomBytes(50_000, 3);
        var published = RandomBytes(50_000, 4);
        _server.Serve("files/corrupt.bin", served);
        var file = new DataFile("test/corrupt.bin") { Source = new DownloadSource(_server.Url("files/corrupt.bin"), FileChecksum.Sha256(Sha256(published))) };

        var error = Assert.Throws<ChecksumMismatchException>(() => Store().Find(file));
        Assert.Equal(Sha256(published), error.Expected.Hex);
        Assert.Equal(Sha256(served), error.Actual);
        Assert.Contains($"expected {Sha256(published)}, actual {Sha256(served)}", error.Message);
        Assert.Contains(_server.Url("files/corrupt.bin"), error.Message);
        Assert.Empty(_cache.Files()); // neither the file nor a .partial to resume from
    }

    [Fact]
    public void ArchiveWithAnEscapingEntryIsRejectedAndNothingIsWrittenOutside()
    {
        var hello = Encoding.UTF8.GetBytes("hello");
        _server.Serve("files/pack.tar.gz", ArchiveFiles.TarGz(("pack/ok.txt", hello), ("../evil.txt", hello), ("pack/../../evil2.txt", hello)));
        var file = new DataFile("arch/ok.txt") { Source = new DownloadSource(_server.Url("files/pack.tar.gz"), ArchiveEntry: "pack/ok.txt") };

        var error = Assert.Throws<UnsafeArchiveEntryException>(() => Store().Find(file));
        Assert.Equal("../evil.txt", error.EntryName);
        Assert.Contains("\"../evil.txt\"", error.Message);
        Assert.Equal(["arch/pack.tar.gz"], _cache.Files()); // only the downloaded archive: no entry, no staging folder
        Assert.False(File.Exists(Path.Combine(_cache.Path, "evil.txt")));
        Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(_cache.Path)!, "evil.txt")));
    }

    [Fact]
    public void ArchiveEntriesAreExtractedIntoPlaceAndCheckedByTheirOwnChecksum()
    {
        var csv = Encoding.UTF8.GetBytes("\"1\",\"t\",\"d\"\n");
        _server.Serve("files/bundle.tgz", ArchiveFiles.TarGz(("bundle/a.csv", csv), ("bundle/docs/readme.txt", csv)));
        _server.Serve("files/tree.zip", ArchiveFiles.Zip(("tree/x/1.txt", csv), ("tree/y/2.txt", csv)));
        var md5 = Convert.ToHexStringLower(MD5.HashData(csv));
        var store = Store();

        var entry = store.Find(new DataFile("b/a.csv") { Checksum = FileChecksum.Md5(md5), Source = new DownloadSource(_server.Url("files/bundle.tgz"), ArchiveEntry: "bundle/a.csv") });
        Assert.Equal(csv, File.ReadAllBytes(entry));
        Assert.Contains("verified by its own md5", _log.ToString());

        var folder = store.Find(new DataFile("t/tree") { IsFolder = true, Source = new DownloadSource(_server.Url("files/tree.zip"), ArchiveEntry: "tree") });
        Assert.True(File.Exists(Path.Combine(folder, "y", "2.txt")));
        Assert.Equal(["b/a.csv", "b/bundle.tgz", "t/tree.zip", "t/tree/x/1.txt", "t/tree/y/2.txt"], _cache.Files());

        var wrong = Assert.Throws<ChecksumMismatchException>(() => store.Find(
            new DataFile("c/a.csv") { Checksum = FileChecksum.Md5(new string('0', 32)), Source = new DownloadSource(_server.Url("files/bundle.tgz"), ArchiveEntry: "bundle/a.csv") }));
        Assert.Contains(md5, wrong.Message);
        Assert.False(File.Exists(Path.Combine(_cache.Path, "c", "a.csv")));
    }

    [Fact]
    public void OfflineErrorNamesEachFileItsPathAndItsUrl()
    {
        var url1 = _server.Url("files/one.csv");
        var url2 = _server.Url("files/two.tgz");
        _server.Dispose(); // nothing listens on the port any more
        var one = new DataFile("agnews/one.csv") { Description = "file one", Source = new DownloadSource(url1) };
        var two = new DataFile("agnews/two.csv") { Description = "file two", Source = new DownloadSource(url2, ArchiveEntry: "two/two.csv") };

        var error = Assert.Throws<MissingDataException>(() => Store().FindAll([one, two], "a hint"));
        Assert.Equal(2, error.Files.Count);
        foreach (var (file, url) in new[] { (one, url1), (two, url2) })
        {
            var expectedPath = Path.Combine(_data.Path, file.RelativePath);
            Assert.Contains($"{file.Description}: put it at {expectedPath}", error.Message);
            Assert.Contains($"source: {url}", error.Message);
        }
        Assert.Contains("the archive's two/two.csv", error.Message);
        Assert.Contains("the download failed", error.Message);
        Assert.EndsWith("a hint", error.Message);
        Assert.Empty(_cache.Files());
    }

    [Fact]
    public void DownloadsOffStillNameTheSource()
    {
        var file = new DataFile("imdb/aclImdb") { IsFolder = true, Source = new DownloadSource("https://example.invalid/aclImdb_v1.tar.gz", ArchiveEntry: "aclImdb") };
        var error = Assert.Throws<MissingDataException>(() => new DatasetStore(Options with { AllowDownload = false }).Find(file));
        Assert.Contains("https://example.invalid/aclImdb_v1.tar.gz", error.Message);
        Assert.Contains("downloads are off", error.Message);
        Assert.Contains(Path.Combine(_data.Path, "imdb", "aclImdb"), error.Message);
    }

    [Fact]
    public void FoldersComeFromTheEnvironmentWhenOptionsLeaveThemOut()
    {
        var env = new Dictionary<string, string?> { ["SAFR_DATA"] = _data.Path, ["SAFR_CACHE"] = _cache.Path };
        var checkoutData = Path.Combine(_cache.Path, "checkout", "data");
        var store = new DatasetStore(new DatasetOptions(), name => env.GetValueOrDefault(name), checkoutData);
        Assert.Equal((_data.Path, _cache.Path), (store.DataFolder, store.CacheFolder));  // SAFR_DATA and SAFR_CACHE win over the checkout

        var packaged = new DatasetStore(new DatasetOptions(), _ => null, checkoutData: null);
        Assert.Null(packaged.DataFolder);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "safr", "data"), packaged.CacheFolder);
        Assert.Equal(Path.Combine(packaged.CacheFolder, "sst2", "train.tsv"), packaged.PlaceFor(packaged.Manifest.File("sst2/train.tsv")));
    }

    [Fact]
    public void LocalFilesAreCheckedUnlessTheOptionsOrSafrVerifyChecksumsZeroSayNot()
    {
        var published = RandomBytes(1_000, 5);
        var file = new DataFile("test/local.bin") { Checksum = FileChecksum.Sha256(Sha256(published)) };
        Directory.CreateDirectory(Path.Combine(_data.Path, "test"));
        File.WriteAllBytes(Path.Combine(_data.Path, "test", "local.bin"), RandomBytes(1_000, 6));  // an altered copy
        DatasetStore With(DatasetOptions options, string? variable) =>
            new(options with { DataFolder = _data.Path, CacheFolder = _cache.Path, AllowDownload = false, Log = TextWriter.Null },
                name => name == "SAFR_VERIFY_CHECKSUMS" ? variable : null, checkoutData: null);

        Assert.Throws<ChecksumMismatchException>(() => With(new DatasetOptions(), null).TryFindLocal(file));
        Assert.Throws<ChecksumMismatchException>(() => With(new DatasetOptions(), "1").TryFindLocal(file));
        Assert.Equal(Path.Combine(_data.Path, "test", "local.bin"), With(new DatasetOptions(), "0").TryFindLocal(file));
        Assert.Throws<ChecksumMismatchException>(() => With(new DatasetOptions { VerifyChecksums = true }, "0").TryFindLocal(file));  // the options win
        Assert.NotNull(With(new DatasetOptions { VerifyChecksums = false }, null).TryFindLocal(file));
    }

    [Fact]
    public void InACheckoutDataGoesUnderItsDataFolder()
    {
        var checkoutData = Path.Combine(_cache.Path, "checkout", "data");
        var store = new DatasetStore(new DatasetOptions(), _ => null, checkoutData);
        Assert.Equal((checkoutData, Path.Combine(checkoutData, "cache")), (store.DataFolder, store.CacheFolder));
        Assert.Equal(Path.Combine(checkoutData, "sst2", "train.tsv"), store.PlaceFor(store.Manifest.File("sst2/train.tsv")));

        var withData = new DatasetStore(new DatasetOptions(), name => name == "SAFR_DATA" ? _data.Path : null, checkoutData);
        Assert.Equal((_data.Path, Path.Combine(checkoutData, "cache")), (withData.DataFolder, withData.CacheFolder));
    }

    [Fact]
    public void TheCheckoutIsFoundAboveTheKitsAssemblyOnly()
    {
        var root = _cache.Path;
        var bin = Path.Combine(root, "src", "Safr.Kit", "bin", "Release", "net10.0");
        Directory.CreateDirectory(bin);
        var dll = Path.Combine(bin, "Safr.Kit.dll");
        Assert.Null(DatasetStore.FindCheckoutData(dll));  // neither the solution nor the manifest
        _cache.Write("Safr.Notebooks.sln", "");
        Assert.Null(DatasetStore.FindCheckoutData(dll));  // no data/datasets.json
        _cache.Write("data/datasets.json", "{}");
        Assert.Equal(Path.Combine(root, "data"), DatasetStore.FindCheckoutData(dll));
        Assert.Null(DatasetStore.FindCheckoutData(""));  // loaded from bytes
        Assert.Equal(Path.Combine(Checkout.RepositoryRoot, "data"), DatasetStore.CheckoutDataFolder);  // these tests run from a checkout
    }

    [Fact]
    public void AMirrorFromTheEnvironmentServesEveryDownloadUnderItsFileName()
    {
        var store = new DatasetStore(new DatasetOptions(), name => name == "SAFR_DATA_MIRROR" ? "http://mirror.invalid/data" : null, checkoutData: null);
        Assert.Equal("http://mirror.invalid/data/ag_news_csv.tgz", store.Manifest.File("agnews/train.csv").Source!.Url);
        Assert.Equal("ag_news_csv/train.csv", store.Manifest.File("agnews/train.csv").Source!.ArchiveEntry);
        var options = new DatasetStore(new DatasetOptions { Mirror = "http://other.invalid/" }, name => name == "SAFR_DATA_MIRROR" ? "http://mirror.invalid/data" : null, null);
        Assert.Equal("http://other.invalid/stanfordSentimentTreebank.zip", options.Manifest.File("sst2/stanfordSentimentTreebank.zip").Source!.Url);
        Assert.Null(options.Manifest.File("sst2/train.tsv").Source);
    }

    [FullDataFact("agnews/test.csv")]
    public void AgNewsReducedDownloadsTheArchiveAndVerifiesTestCsvByItsPublishedMd5()
    {
        _server.Serve("ag_news_csv.tgz", ArchiveFiles.TarGz(
            ("ag_news_csv/", null),
            ("ag_news_csv/test.csv", File.ReadAllBytes(FullData.File("agnews/test.csv"))),
            ("ag_news_csv/classes.txt", Encoding.UTF8.GetBytes("World\nSports\nBusiness\nSci/Tech\n"))));
        var options = Options with { Mirror = _server.BaseUrl };

        var data = Datasets.Load("agnews-reduced", options);
        Assert.Equal(7600, data.Train.Count + data.Dev.Count + data.Test.Count);
        Assert.Equal(Path.Combine(_cache.Path, "agnews", "test.csv"), Assert.Single(data.Files));
        Assert.Contains("test.csv is verified by its own md5 d52ea96a97a2d943681189a97654912d", _log.ToString());

        Datasets.Load("agnews-reduced", options);
        Assert.Equal(1, _server.RequestCount("ag_news_csv.tgz"));
    }
}
