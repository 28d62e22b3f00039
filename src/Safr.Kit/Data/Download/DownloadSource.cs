namespace Safr.Kit.Data;

/// <summary>
/// Where a data file can be downloaded from: a URL, the digest of what the URL serves (null where none is
/// published: nothing is then verified, and the download says so), and, for an archive, the path inside
/// it of the file or folder wanted (e.g. "ag_news_csv/train.csv", "aclImdb").
/// </summary>
public sealed record DownloadSource(string Url, FileChecksum? Checksum = null, string? ArchiveEntry = null)
{
    /// <summary>The size the URL is known to serve, for the download log (null: unknown).</summary>
    public long? Bytes { get; init; }

    /// <summary>The file name the download is cached under (the URL's last path segment).</summary>
    public string FileName
    {
        get
        {
            var name = Path.GetFileName(new Uri(Url).AbsolutePath);
            return name.Length > 0 ? Uri.UnescapeDataString(name) : throw new ArgumentException($"the URL {Url} names no file");
        }
    }

    public bool IsArchive => ArchiveEntry is not null;
}
