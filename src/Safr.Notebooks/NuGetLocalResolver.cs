using System.Runtime.InteropServices;
using NuGet.Configuration;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace Safr.Notebooks;

/// <summary>
/// Resolves <c>#r "nuget: Id[, Version]"</c> offline, from local feed folders and the NuGet global packages folder.
/// Reading packages, versions, ranges and frameworks is NuGet.Packaging's; only the small policy is ours:
/// <list type="bullet">
/// <item>a referenced package comes from the feeds: the exact version asked for, else the highest (prereleases included);</item>
/// <item>its dependencies (the .nuspec group nearest this framework) come from the feeds when there, else from the
/// global packages folder, where <c>dotnet restore</c> of our own projects puts them; each at the lowest version
/// its range allows, as NuGet picks;</item>
/// <item>a dependency the shared framework itself supplies (System.Memory and the like) is skipped when no copy is found;</item>
/// <item>the runtime assemblies are lib/TFM's nearest to this framework; a version conflict is an error, not a silent pick.</item>
/// </list>
/// The .nupkg itself is what is used (unpacked by <see cref="PackageCache"/>), never a project's build folder.
/// </summary>
internal sealed class NuGetLocalResolver
{
    private readonly List<string> feeds = [];
    private readonly PackageCache cache;
    private readonly Dictionary<string, ResolvedPackage> resolved = new(StringComparer.OrdinalIgnoreCase);

    public NuGetLocalResolver(IEnumerable<string> feeds, PackageCache cache, string? globalPackagesFolder, NuGetFramework? framework = null)
    {
        this.cache = cache;
        GlobalPackagesFolder = globalPackagesFolder;
        Framework = framework ?? CurrentFramework;
        foreach (var feed in feeds) AddFeed(feed);
    }

    /// <summary>The framework this process runs (net10.0 today), which picks lib folders and dependency groups.</summary>
    public static NuGetFramework CurrentFramework { get; } = NuGetFramework.Parse($"net{Environment.Version.Major}.{Environment.Version.Minor}");

    public NuGetFramework Framework { get; }

    public string? GlobalPackagesFolder { get; }

    public IReadOnlyList<string> Feeds => feeds;

    /// <summary>NuGet's own answer (NUGET_PACKAGES, NuGet.Config's globalPackagesFolder, else ~/.nuget/packages).</summary>
    public static string DefaultGlobalPackagesFolder(string workingDirectory) =>
        SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(workingDirectory));

    public void AddFeed(string folder)
    {
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new PackageResolutionException($"package feed {folder} is not a folder");
        if (!feeds.Contains(full, StringComparer.Ordinal)) feeds.Add(full);
    }

    /// <summary>
    /// Resolves a package and its dependency closure; returns the packages this call added (the root first), so the
    /// caller references their assemblies once. Asking again for a package already resolved returns nothing new.
    /// </summary>
    public IReadOnlyList<ResolvedPackage> Resolve(string id, string? version)
    {
        var exact = version is null ? null : NuGetVersion.Parse(version);
        if (resolved.TryGetValue(id, out var existing))
        {
            if (exact is null || exact == existing.Version) return [];
            throw new PackageResolutionException($"package {existing.Id} {exact.ToNormalizedString()} cannot be added: version {existing.Version.ToNormalizedString()} was added before");
        }
        // The feeds first (our own freshly packed packages); else what restore put in the global packages
        // folder, as the kernel would find it there (TorchSharp-cpu and its libtorch).
        var candidates = FeedCandidates(id).ToArray();
        if (candidates.Length == 0) candidates = GlobalFolderCandidates(id).ToArray();
        var chosen = exact is null
            ? candidates.MaxBy(c => c.Version)
            : candidates.FirstOrDefault(c => c.Version == exact);
        if (chosen is null) throw RootNotFound(id, exact, candidates);
        var added = new List<ResolvedPackage>();
        Add(chosen, added);
        return added;
    }

    private void Add(Candidate candidate, List<ResolvedPackage> added)
    {
        var folder = candidate.Nupkg is { } nupkg ? cache.Extract(nupkg, candidate.Id, candidate.Version) : candidate.Folder!;
        var nuspec = ReadNuspec(folder, candidate);
        var id = nuspec.GetId();
        var package = new ResolvedPackage(id, candidate.Version, folder, candidate.Nupkg ?? folder, LibAssemblies(folder, id, candidate.Version), NativeFolders(folder));
        resolved[id] = package;
        added.Add(package);

        var group = NuGetFrameworkUtility.GetNearest(nuspec.GetDependencyGroups(), Framework, g => g.TargetFramework);
        foreach (var dependency in group?.Packages ?? [])
        {
            var range = dependency.VersionRange ?? VersionRange.All;
            if (resolved.TryGetValue(dependency.Id, out var present))
            {
                if (range.Satisfies(present.Version)) continue;
                throw new PackageResolutionException(
                    $"{id} {candidate.Version.ToNormalizedString()} needs {dependency.Id} {range.PrettyPrint()}, but {present.Id} {present.Version.ToNormalizedString()} is already in use; reference a version that satisfies both first");
            }
            var next = Lowest(FeedCandidates(dependency.Id), range) ?? Lowest(GlobalFolderCandidates(dependency.Id), range);
            if (next is null)
            {
                if (FrameworkAssemblies.SuppliesPackage(dependency.Id)) continue;
                throw DependencyNotFound(id, candidate.Version, dependency.Id, range);
            }
            Add(next, added);
        }
    }

    private static NuspecReader ReadNuspec(string folder, Candidate candidate)
    {
        var path = Directory.EnumerateFiles(folder, "*.nuspec").FirstOrDefault()
            ?? throw new PackageResolutionException($"package {candidate.Id} {candidate.Version.ToNormalizedString()} at {candidate.Nupkg ?? folder} has no .nuspec");
        var nuspec = new NuspecReader(path);
        if (!nuspec.GetId().Equals(candidate.Id, StringComparison.OrdinalIgnoreCase) || nuspec.GetVersion() != candidate.Version)
        {
            throw new PackageResolutionException(
                $"{candidate.Nupkg ?? folder} holds {nuspec.GetId()} {nuspec.GetVersion().ToNormalizedString()}, not {candidate.Id} {candidate.Version.ToNormalizedString()} as its name says");
        }
        return nuspec;
    }

    /// <summary>The lib/TFM folder nearest this framework; its assemblies (satellite folders below it excluded).</summary>
    private IReadOnlyList<string> LibAssemblies(string folder, string id, NuGetVersion version)
    {
        var lib = Path.Combine(folder, "lib");
        if (!Directory.Exists(lib)) return [];
        var byFramework = Directory.EnumerateDirectories(lib)
            .Select(d => new LibFolder(d, NuGetFramework.ParseFolder(Path.GetFileName(d))))
            .Where(x => !x.Framework.IsUnsupported)
            .ToArray();
        if (byFramework.Length == 0) return [];
        var nearest = NuGetFrameworkUtility.GetNearest(byFramework, Framework, x => x.Framework)
            ?? throw new PackageResolutionException(
                $"package {id} {version.ToNormalizedString()} has no assemblies for {Framework.GetShortFolderName()} (it has lib/{string.Join(", lib/", byFramework.Select(x => x.Framework.GetShortFolderName()))})");
        return Directory.EnumerateFiles(nearest.Folder, "*.dll").Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>runtimes/RID/native for this platform, most specific first (linux-x64, then linux, unix).</summary>
    private static IReadOnlyList<string> NativeFolders(string folder)
    {
        var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string[] rids = [RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}", os, OperatingSystem.IsWindows() ? "win" : "unix"];
        return rids.Distinct().Select(rid => Path.Combine(folder, "runtimes", rid, "native")).Where(Directory.Exists).ToArray();
    }

    /// <summary>.nupkg files named ID.VERSION.nupkg anywhere in the feeds (flat or id/version/ layout), feed order first.</summary>
    private IEnumerable<Candidate> FeedCandidates(string id)
    {
        var prefix = id + ".";
        var seen = new HashSet<NuGetVersion>();
        foreach (var feed in feeds)
        {
            foreach (var file in Directory.EnumerateFiles(feed, "*.nupkg", SearchOption.AllDirectories))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) || name.EndsWith(".symbols", StringComparison.OrdinalIgnoreCase)) continue;
                if (NuGetVersion.TryParse(name[prefix.Length..], out var version) && seen.Add(version)) yield return new Candidate(id, version, file, null);
            }
        }
    }

    /// <summary>GLOBAL/id/version/ folders that NuGet finished extracting (it writes .nupkg.metadata last).</summary>
    private IEnumerable<Candidate> GlobalFolderCandidates(string id)
    {
        var folder = GlobalPackagesFolder is null ? null : Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant());
        if (folder is null || !Directory.Exists(folder)) yield break;
        foreach (var versionFolder in Directory.EnumerateDirectories(folder))
        {
            if (NuGetVersion.TryParse(Path.GetFileName(versionFolder), out var version) && File.Exists(Path.Combine(versionFolder, ".nupkg.metadata")))
                yield return new Candidate(id, version, null, versionFolder);
        }
    }

    private static Candidate? Lowest(IEnumerable<Candidate> candidates, VersionRange range) =>
        candidates.Where(c => range.Satisfies(c.Version)).MinBy(c => c.Version);

    private PackageResolutionException RootNotFound(string id, NuGetVersion? version, IReadOnlyList<Candidate> others)
    {
        var what = version is null ? $"package {id}" : $"package {id} {version.ToNormalizedString()}";
        if (feeds.Count == 0)
        {
            return new PackageResolutionException(
                $"{what}: no local package feed is configured; add #i \"nuget: /path/to/feed\" to the notebook, pass --feed DIR, or set SAFR_FEED");
        }
        var available = others.Count == 0 ? "" : $" (versions there: {string.Join(", ", others.Select(c => c.Version).Order().Select(v => v.ToNormalizedString()))})";
        return new PackageResolutionException($"{what} was not found in the local feeds {string.Join(", ", feeds)}{available}");
    }

    private PackageResolutionException DependencyNotFound(string parent, NuGetVersion parentVersion, string id, VersionRange range)
    {
        var global = GlobalPackagesFolder is null ? "no NuGet global packages folder is configured" : $"nor in the NuGet global packages folder ({Path.Combine(GlobalPackagesFolder, id.ToLowerInvariant())})";
        var version = range.MinVersion?.ToNormalizedString() ?? "";
        return new PackageResolutionException(
            $"{parent} {parentVersion.ToNormalizedString()} depends on {id} {range.PrettyPrint()}, which is neither in the local feeds ({(feeds.Count == 0 ? "none" : string.Join(", ", feeds))}) {global}; " +
            $"restore a project that references {id} {version} (dotnet restore puts it there), or add its .nupkg to a feed");
    }

    /// <summary>A version of a package found either as a .nupkg in a feed or as an extracted folder in the global packages folder.</summary>
    private sealed record Candidate(string Id, NuGetVersion Version, string? Nupkg, string? Folder);

    private sealed record LibFolder(string Folder, NuGetFramework Framework);
}
