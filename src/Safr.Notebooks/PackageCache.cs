using System.Security.Cryptography;
using NuGet.Common;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Safr.Notebooks;

/// <summary>
/// Where feed packages are unpacked: one folder per id, version and content hash
/// (<c>CACHE/id/version-hash16/</c>), so a rebuilt package with the same version never reuses stale files,
/// and an unchanged one is unpacked once for every run and process. Default ~/.cache/safr/notebook-packages,
/// or SAFR_NOTEBOOK_CACHE.
/// </summary>
internal sealed class PackageCache(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public static string DefaultRoot =>
        Environment.GetEnvironmentVariable("SAFR_NOTEBOOK_CACHE") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "safr", "notebook-packages");

    /// <summary>The folder holding the unpacked <paramref name="nupkg"/>; unpacked now if it is not there yet.</summary>
    public string Extract(string nupkg, string id, NuGetVersion version)
    {
        string hash;
        using (var stream = File.OpenRead(nupkg)) hash = Convert.ToHexStringLower(SHA256.HashData(stream))[..16];
        var folder = Path.Combine(Root, id.ToLowerInvariant(), $"{version.ToNormalizedString().ToLowerInvariant()}-{hash}");
        if (Directory.Exists(folder)) return folder;

        // Unpack beside the final folder and rename: a crash or a concurrent run never leaves a half-filled folder in place.
        var temp = $"{folder}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(temp);
        try
        {
            using (var reader = new PackageArchiveReader(nupkg))
            {
                var files = reader.GetFiles().ToArray();
                reader.CopyFiles(temp, files, new PackageFileExtractor(files, XmlDocFileSaveMode.None).ExtractPackageFile, NullLogger.Instance, CancellationToken.None);
            }
            Directory.Move(temp, folder);
        }
        catch (IOException) when (Directory.Exists(folder))
        {
            // another run unpacked the same package first; its copy is identical
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        return folder;
    }
}
