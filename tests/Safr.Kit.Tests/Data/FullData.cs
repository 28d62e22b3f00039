using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>
/// Finds the real datasets (shared/datasets): SAFR_DATA when set, otherwise the first ancestor of the
/// test binaries with shared/datasets, or a sibling ../shared/datasets (as <see cref="SharedFolder"/> finds
/// the fixtures). Null when there is none: tests that need real data are then skipped, not failed.
/// </summary>
internal static class DataFolder
{
    public static string? Root { get; } = Find();

    public static string File(string relativePath) =>
        Path.Combine(Root ?? throw new InvalidOperationException("no shared/datasets folder"), relativePath);

    public static bool Has(string relativePath) => Root is not null && System.IO.File.Exists(Path.Combine(Root, relativePath));

    /// <summary>Options that read the real data and never touch the network or the user's cache.</summary>
    public static DatasetOptions Offline(string cacheFolder) => new()
    {
        DataFolder = Root,
        CacheFolder = cacheFolder,
        AllowDownload = false,
        Log = TextWriter.Null,
    };

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("SAFR_DATA") is { Length: > 0 } dir && Directory.Exists(dir)) return Path.GetFullPath(dir);
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(d.FullName, "shared", "datasets"), Path.Combine(d.FullName, "..", "shared", "datasets") })
            {
                if (Directory.Exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}

/// <summary>A fact that needs real data files (relative to the data folder); skipped when they are absent.</summary>
public sealed class DataFactAttribute : FactAttribute
{
    public DataFactAttribute(params string[] requiredFiles)
    {
        var missing = requiredFiles.Where(f => !DataFolder.Has(f)).ToArray();
        if (missing.Length > 0) Skip = $"real data not found: {string.Join(", ", missing)} (set SAFR_DATA to a folder laid out like shared/datasets)";
    }
}
