using NuGet.Versioning;

namespace Safr.Notebooks;

/// <summary>
/// A package ready to use: the folder it was extracted to (or found in, for the NuGet global packages folder),
/// the runtime assemblies chosen for this framework, and the folders of its native libraries for this platform.
/// </summary>
internal sealed record ResolvedPackage(
    string Id,
    NuGetVersion Version,
    string Folder,
    string Origin,
    IReadOnlyList<string> Assemblies,
    IReadOnlyList<string> NativeFolders)
{
    public override string ToString() => $"{Id} {Version.ToNormalizedString()} ({Origin})";
}

/// <summary>A package (or one of its dependencies) that cannot be found or used; the message says which and where it was looked for.</summary>
internal sealed class PackageResolutionException(string message) : Exception(message);
