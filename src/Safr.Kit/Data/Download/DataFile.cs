namespace Safr.Kit.Data;

/// <summary>
/// A file (or folder) a dataset needs, by its path relative to a data folder laid out as
/// data/README.md says (e.g. "agnews/train.csv"), with what is known about getting and checking it
/// (<see cref="DatasetManifest"/> lists them). <see cref="DatasetStore"/> looks for it in the data folder,
/// then the cache, then downloads it.
/// </summary>
public sealed record DataFile(string RelativePath)
{
    /// <summary>What it is, for messages, e.g. "AG News train.csv (120,000 rows)".</summary>
    public string Description { get; init; } = RelativePath;

    /// <summary>The published digest of the file itself, verified wherever the file is found (null: not verified).</summary>
    public FileChecksum? Checksum { get; init; }

    /// <summary>Where to download it from when it is not found (null: no official download).</summary>
    public DownloadSource? Source { get; init; }

    /// <summary>A folder (e.g. an extracted aclImdb) rather than a file.</summary>
    public bool IsFolder { get; init; }

    /// <summary>
    /// For a file with no published checksum that a dataset is built from: what each split built from it must be
    /// (by split name: train, dev, test), checked where the checksum would be; empty when none is known.
    /// </summary>
    public IReadOnlyDictionary<string, SplitDigest> Splits { get; init; } = new Dictionary<string, SplitDigest>();
}
