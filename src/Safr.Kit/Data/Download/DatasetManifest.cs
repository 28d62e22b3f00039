using System.Text.Json;
using System.Text.Json.Serialization;

namespace Safr.Kit.Data;

/// <summary>
/// The files datasets need and where each is downloaded from, as data/datasets.json lists them: URLs,
/// sizes and checksums live there only. The kit carries that file as a resource (<see cref="Embedded"/>).
/// </summary>
public sealed class DatasetManifest
{
    /// <summary>The name data/datasets.json is embedded under in Safr.Kit.</summary>
    public const string ResourceName = "Safr.Kit.Data.datasets.json";

    private static readonly Lazy<DatasetManifest> EmbeddedManifest = new(() => Parse(EmbeddedBytes(), ResourceName));

    private DatasetManifest(IReadOnlyDictionary<string, DataFile> files) => Files = files;

    /// <summary>data/datasets.json as built into this Safr.Kit.</summary>
    public static DatasetManifest Embedded => EmbeddedManifest.Value;

    /// <summary>Every file, by its path under a data folder (e.g. "agnews/train.csv").</summary>
    public IReadOnlyDictionary<string, DataFile> Files { get; }

    /// <summary>The file at <paramref name="relativePath"/>; throws when the manifest has none.</summary>
    public DataFile File(string relativePath) => Files.TryGetValue(relativePath, out var file)
        ? file
        : throw new ArgumentException($"the dataset manifest lists no {relativePath}", nameof(relativePath));

    /// <summary>The same files, each download fetched from <paramref name="baseUrl"/> + its file name (one mirror serving them all).</summary>
    public DatasetManifest WithMirror(string baseUrl)
    {
        var b = baseUrl.TrimEnd('/') + "/";
        return new DatasetManifest(Files.ToDictionary(kv => kv.Key, kv => kv.Value.Source is { } s
            ? kv.Value with { Source = s with { Url = b + Uri.EscapeDataString(s.FileName) } }
            : kv.Value));
    }

    /// <summary>The embedded data/datasets.json, byte for byte.</summary>
    public static byte[] EmbeddedBytes()
    {
        using var stream = typeof(DatasetManifest).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Safr.Kit was built without its {ResourceName} resource");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Reads a manifest in the format of data/datasets.json; <paramref name="origin"/> names it in errors.</summary>
    public static DatasetManifest Parse(ReadOnlySpan<byte> json, string origin)
    {
        ManifestJson manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ManifestJson>(json, Options) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(origin, (int)(e.LineNumber ?? 0) + 1, $"not a dataset manifest: {e.Message}", e);
        }
        if (manifest.Format != "safr-datasets" || manifest.Version != 1)
            throw new DataFormatException(origin, 1, $"format \"{manifest.Format}\" version {manifest.Version}, expected \"safr-datasets\" version 1");

        var files = new Dictionary<string, DataFile>(StringComparer.Ordinal);
        foreach (var (path, f) in manifest.Files)
        {
            DownloadSource? source = null;
            if (f.From is { } from)
            {
                if (!manifest.Downloads.TryGetValue(from.Download, out var d))
                    throw new DataFormatException(origin, 1, $"{path} comes from download \"{from.Download}\", which the manifest does not list");
                source = new DownloadSource(d.Url, Checksum(d.Checksum, origin), from.Entry) { Bytes = d.Bytes };
                if (source.FileName != from.Download)
                    throw new DataFormatException(origin, 1, $"download \"{from.Download}\" has the URL {d.Url}, whose file name differs");
            }
            files[path] = new DataFile(path)
            {
                Description = f.Description ?? path,
                Checksum = Checksum(f.Checksum, origin),
                Source = source,
                IsFolder = f.Folder,
                Splits = (f.Splits ?? []).ToDictionary(kv => kv.Key, kv => new SplitDigest(kv.Value.Rows, kv.Value.Sha256)),
            };
        }
        return new DatasetManifest(files);
    }

    /// <summary>"md5:HEX" or "sha256:HEX".</summary>
    private static FileChecksum? Checksum(string? text, string origin)
    {
        if (text is null) return null;
        var colon = text.IndexOf(':');
        var algorithm = colon < 0 ? null : text[..colon];
        try
        {
            return algorithm switch
            {
                "md5" => FileChecksum.Md5(text[(colon + 1)..]),
                "sha256" => FileChecksum.Sha256(text[(colon + 1)..]),
                _ => throw new ArgumentException($"checksum \"{text}\" is not md5:HEX or sha256:HEX"),
            };
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(origin, 1, e.Message, e);
        }
    }

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,  // "about", "rows", "reference" are for people
    };

    private sealed record ManifestJson(string Format, int Version, Dictionary<string, DownloadJson> Downloads, Dictionary<string, FileJson> Files);

    private sealed record DownloadJson(string Url, long? Bytes, string? Checksum);

    private sealed record FileJson(string? Description, string? Checksum, FromJson? From, bool Folder = false, Dictionary<string, SplitJson>? Splits = null);

    private sealed record SplitJson(int Rows, string Sha256);

    private sealed record FromJson(string Download, string? Entry);
}
