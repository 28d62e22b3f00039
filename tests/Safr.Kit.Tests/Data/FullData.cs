using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>
/// The full datasets (<see cref="Checkout.FullData"/>: SAFR_DATA, else this checkout's data/). Tests of what only the
/// real files have (row counts, published checksums, the real splits, pinned ids) read them and are marked
/// <see cref="FullDataFactAttribute"/>; every behaviour is also tested on the committed samples (<see cref="SampleData"/>).
/// </summary>
internal static class FullData
{
    public static string Root => Checkout.FullData;

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    public static bool Has(string relativePath) => System.IO.File.Exists(File(relativePath));

    /// <summary>Options that read the full data and never touch the network or the user's cache.</summary>
    public static DatasetOptions Offline(string cacheFolder) => new()
    {
        DataFolder = Root,
        CacheFolder = cacheFolder,
        AllowDownload = false,
        Log = TextWriter.Null,
    };
}

/// <summary>
/// A fact about the full data files (relative to the data folder). Where they are absent it is not run, and says so
/// with the reason ./safr test counts in its closing line ("K not run (full data absent: SAFR_DATA)").
/// </summary>
public sealed class FullDataFactAttribute : FactAttribute
{
    /// <summary>The start of every such skip reason; ./safr test counts the tests skipped with it.</summary>
    public const string SkipReason = "full data absent";

    public FullDataFactAttribute(params string[] requiredFiles)
    {
        var missing = requiredFiles.Where(f => !FullData.Has(f)).ToArray();
        if (missing.Length > 0) Skip = $"{SkipReason}: {string.Join(", ", missing)} not in {FullData.Root} (set SAFR_DATA to a folder laid out as data/README.md says)";
    }
}

/// <summary>
/// The committed samples (data/samples): generated stand-ins in every dataset's real file formats, read with checksum
/// verification off since they are not the published files.
/// </summary>
internal static class SampleData
{
    public static string Root => Checkout.Samples;

    public static string File(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Options that read the samples and never touch the network or the user's cache.</summary>
    public static DatasetOptions Offline(string cacheFolder) => new()
    {
        DataFolder = Root,
        CacheFolder = cacheFolder,
        AllowDownload = false,
        VerifyChecksums = false,
        Log = TextWriter.Null,
    };
}
