namespace Safr.Kit.Data;

/// <summary>
/// Finds the files datasets need: first in the data folder (laid out as data/README.md says: sst2/, agnews/,
/// imdb/), then in the cache (same layout), then by downloading from the source data/datasets.json names into
/// the cache (verified, resumable, archives extracted safely). When a file can be had none of these ways, the
/// error names it, the exact path to put it at, and its URL.
/// </summary>
public sealed class DatasetStore
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient { Timeout = TimeSpan.FromMinutes(2) });

    private readonly DatasetOptions _options;
    private readonly TextWriter _log;

    public DatasetStore(DatasetOptions? options = null)
        : this(options ?? new DatasetOptions(), Environment.GetEnvironmentVariable, CheckoutDataFolder)
    {
    }

    /// <summary>For tests: the environment and the checkout's data/ folder are passed in.</summary>
    internal DatasetStore(DatasetOptions options, Func<string, string?> environment, string? checkoutData)
    {
        _options = options;
        _log = options.Log ?? Console.Error;
        DataFolder = (options.DataFolder ?? NonEmpty(environment("SAFR_DATA")) ?? checkoutData) is { } data ? Path.GetFullPath(data) : null;
        CacheFolder = Path.GetFullPath(options.CacheFolder ?? NonEmpty(environment("SAFR_CACHE"))
            ?? (checkoutData is not null ? Path.Combine(checkoutData, "cache") : DefaultCacheFolder()));
        var mirror = options.Mirror ?? NonEmpty(environment("SAFR_DATA_MIRROR"));
        VerifiesLocalFiles = options.VerifyChecksums ?? NonEmpty(environment("SAFR_VERIFY_CHECKSUMS")) != "0";
        Manifest = mirror is null ? DatasetManifest.Embedded : DatasetManifest.Embedded.WithMirror(mirror);
    }

    /// <summary>
    /// The folder looked at first: the options', else SAFR_DATA, else the data/ folder of the checkout the kit
    /// was built in (null for a kit from a package, when neither names one).
    /// </summary>
    public string? DataFolder { get; }

    /// <summary>Where downloads are kept and looked for: the options', else SAFR_CACHE, else data/cache in a checkout, else <see cref="DefaultCacheFolder"/>.</summary>
    public string CacheFolder { get; }

    /// <summary>Whether files found locally are checked against their published checksums: the options', else not when SAFR_VERIFY_CHECKSUMS=0.</summary>
    public bool VerifiesLocalFiles { get; }

    /// <summary>The files and their sources, with the mirror (<see cref="DatasetOptions.Mirror"/>, SAFR_DATA_MIRROR) applied.</summary>
    public DatasetManifest Manifest { get; }

    /// <summary>~/.cache/safr/data: the cache of a kit used from its package.</summary>
    public static string DefaultCacheFolder() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "safr", "data");

    /// <summary>
    /// The data/ folder of the checkout this Safr.Kit.dll was built in (the first ancestor of it holding
    /// Safr.Notebooks.sln and data/datasets.json); null for a kit from a package.
    /// </summary>
    public static string? CheckoutDataFolder { get; } = FindCheckoutData(typeof(DatasetStore).Assembly.Location);

    internal static string? FindCheckoutData(string assemblyPath)
    {
        if (string.IsNullOrEmpty(assemblyPath)) return null;  // loaded from bytes: no place on disk to start from
        for (var d = new FileInfo(assemblyPath).Directory; d is not null; d = d.Parent)
        {
            var data = Path.Combine(d.FullName, "data");
            if (File.Exists(Path.Combine(d.FullName, "Safr.Notebooks.sln")) && File.Exists(Path.Combine(data, "datasets.json"))) return data;
        }
        return null;
    }

    /// <summary>The file's path when it is already in the data folder or the cache (checked against its published digest), else null.</summary>
    public string? TryFindLocal(DataFile file)
    {
        foreach (var root in Roots())
        {
            var path = Path.Combine(root, file.RelativePath);
            if (file.IsFolder ? Directory.Exists(path) : File.Exists(path))
            {
                if (!file.IsFolder && VerifiesLocalFiles && file.Checksum is { } checksum && !checksum.Matches(path, out var actual))
                    throw new ChecksumMismatchException(path, null, checksum, actual, $"This is not the published {file.Description}; replace it with the original file.");
                return path;
            }
        }
        return null;
    }

    /// <summary>The file's path: found locally, or downloaded now. Throws <see cref="MissingDataException"/> when it can be neither.</summary>
    public string Find(DataFile file, string? hint = null) => FindAll([file], hint)[0];

    /// <summary>
    /// The paths of all <paramref name="files"/>, in order. Every file that can be neither found nor
    /// downloaded is reported in one <see cref="MissingDataException"/>.
    /// </summary>
    public IReadOnlyList<string> FindAll(IReadOnlyList<DataFile> files, string? hint = null)
    {
        var paths = new string[files.Count];
        var missing = new List<MissingFile>();
        Exception? firstFailure = null;
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            if (TryFindLocal(file) is { } local)
            {
                paths[i] = local;
                continue;
            }
            string? reason;
            if (file.Source is null) reason = null;
            else if (!_options.AllowDownload) reason = "downloads are off (DatasetOptions.AllowDownload = false)";
            else
            {
                try
                {
                    paths[i] = Download(file);
                    continue;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Net.Sockets.SocketException)
                {
                    // Offline or the host is down: the file is missing, and the user can supply it by hand.
                    firstFailure ??= e;
                    reason = $"the download failed: {e.Message}";
                }
            }
            missing.Add(new MissingFile(file, PlaceFor(file), file.Source?.Url, reason));
        }
        if (missing.Count > 0) throw new MissingDataException(missing, hint, firstFailure);
        return paths;
    }

    /// <summary>Where a user should put a file by hand: under the data folder when one is set, else in the cache.</summary>
    public string PlaceFor(DataFile file) => Path.GetFullPath(Path.Combine(DataFolder ?? CacheFolder, file.RelativePath));

    private IEnumerable<string> Roots()
    {
        if (DataFolder is not null) yield return DataFolder;
        yield return CacheFolder;
    }

    private string Download(DataFile file)
    {
        var source = file.Source!;
        var downloader = new FileDownloader(_options.HttpClient ?? SharedClient.Value, _log);
        var destination = Path.Combine(CacheFolder, file.RelativePath);
        if (!source.IsArchive)
        {
            downloader.Download(source.Url, destination, source.Checksum ?? file.Checksum, source.Bytes);
            return destination;
        }

        // The archive is cached beside what it provides; once downloaded (and verified) it is reused.
        var folder = Path.GetDirectoryName(destination)!;
        var archive = Path.Combine(folder, source.FileName);
        if (!File.Exists(archive)) downloader.Download(source.Url, archive, source.Checksum, source.Bytes);
        if (source.Checksum is null) _log.WriteLine($"  note: {source.FileName} has no published checksum; " +
            (file.Checksum is null ? $"{file.RelativePath} is not verified either" : $"{file.RelativePath} is verified by its own {file.Checksum}"));

        // Extract into a fresh folder and move the wanted entry into place: a failed or rejected
        // extraction leaves nothing under the final name.
        var staging = Path.Combine(folder, $".extract-{Guid.NewGuid():N}");
        try
        {
            _log.WriteLine($"  extracting {source.ArchiveEntry} from {archive}");
            ArchiveExtractor.Extract(archive, staging, source.ArchiveEntry);
            var extracted = Path.Combine(staging, source.ArchiveEntry!);
            if (file.IsFolder)
            {
                if (!Directory.Exists(extracted)) throw new FileNotFoundException($"{archive} has no folder {source.ArchiveEntry}/", extracted);
                Directory.Move(extracted, destination);
            }
            else
            {
                if (!File.Exists(extracted)) throw new FileNotFoundException($"{archive} has no file {source.ArchiveEntry}", extracted);
                if (file.Checksum is not null && !file.Checksum.Matches(extracted, out var actual))
                    throw new ChecksumMismatchException(destination, source.Url, file.Checksum, actual,
                        $"{source.ArchiveEntry} inside {archive} is not the published file; delete the archive to download it again.");
                File.Move(extracted, destination, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        }
        return destination;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
