using System.Reflection;
using System.Runtime.InteropServices;

namespace Safr.Kit.Runtime;

/// <summary>Where TorchSharp's native library and libtorch's libraries lie.</summary>
/// <param name="LibTorchSharp">The package's libLibTorchSharp.so.</param>
/// <param name="LibTorchFolders">The folders holding libtorch's libraries (libtorch_cpu.so and its siblings).</param>
/// <param name="FoundBy">How they were found, for the report.</param>
internal sealed record TorchSharpNativeFolders(string LibTorchSharp, IReadOnlyList<string> LibTorchFolders, string FoundBy)
{
    /// <summary>The runtime identifier of TorchSharp's native packages on this process, or null where the kit has nothing to do.</summary>
    public static string? Rid => !OperatingSystem.IsLinux() ? null : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => "linux-x64",
        Architecture.Arm64 => "linux-arm64",
        _ => null,
    };

    /// <summary>Finds them from the app's deps.json probing folders, else from the NuGet packages folder that holds
    /// TorchSharp.dll (a notebook kernel's case) or NUGET_PACKAGES / ~/.nuget/packages; null when neither has both.</summary>
    public static TorchSharpNativeFolders? Find(Assembly torchSharp) =>
        Rid is { } rid ? FromDepsJson() ?? FromPackages(torchSharp, rid) : null;

    private static TorchSharpNativeFolders? FromDepsJson()
    {
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is not string list)
            return null;
        var folders = list.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(Directory.Exists).Distinct().ToList();
        var library = folders.Select(f => Path.Combine(f, LibTorchSharpLoader.FileName)).FirstOrDefault(File.Exists);
        var libTorch = folders.Where(f => LibTorchSharpLoader.Preloads.Any(p => File.Exists(Path.Combine(f, p)))).ToList();
        return library is null || !libTorch.Any(HasLibTorch) ? null : new(library, libTorch, "the app's native probing folders (deps.json)");
    }

    private static TorchSharpNativeFolders? FromPackages(Assembly torchSharp, string rid)
    {
        // TorchSharp.dll at <packages>/torchsharp/<version>/lib/<tfm>/TorchSharp.dll: a kernel loaded it from the cache.
        string? home = null, packages = null;
        if (torchSharp.Location is { Length: > 0 } location)
        {
            var candidate = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(location)!, "..", ".."));
            var owner = Path.GetDirectoryName(candidate);
            if (owner is not null && string.Equals(Path.GetFileName(owner), "torchsharp", StringComparison.OrdinalIgnoreCase))
                (home, packages) = (candidate, Path.GetDirectoryName(owner));
        }
        if (home is null || packages is null)
        {
            packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var version = torchSharp.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
            if (version is null)
                return null;
            home = Path.Combine(packages, "torchsharp", version.ToLowerInvariant());
        }
        var library = Path.Combine(home, "runtimes", rid, "native", LibTorchSharpLoader.FileName);
        var libTorchVersion = LibTorchVersion(torchSharp);
        if (!File.Exists(library) || libTorchVersion is null || !Directory.Exists(packages))
            return null;

        // The CPU package when restored (the kit's tests and notebooks use TorchSharp-cpu); else CUDA's split packages.
        var folders = NativeFolders(packages, $"libtorch-cpu-{rid}", libTorchVersion, rid);
        if (!folders.Any(HasLibTorch))
            folders = NativeFolders(packages, $"libtorch-cuda-*-{rid}*", libTorchVersion, rid);
        return folders.Any(HasLibTorch) ? new(library, folders, $"the NuGet packages folder {packages}") : null;
    }

    private static List<string> NativeFolders(string packages, string pattern, string version, string rid) =>
        Directory.EnumerateDirectories(packages, pattern)
            .Select(p => Path.Combine(p, version, "runtimes", rid, "native"))
            .Where(Directory.Exists).Order(StringComparer.Ordinal).ToList();

    // A compile-time constant in TorchSharp ("2.10.0.0"): reading its metadata does not run torch's static constructor.
    private static string? LibTorchVersion(Assembly torchSharp)
    {
        var field = torchSharp.GetType("TorchSharp.torch")?.GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static);
        if (field is not { IsLiteral: true } || field.GetRawConstantValue() is not string version)
            return null;
        var parts = version.Split('.');
        return parts.Length == 4 && parts[3] == "0" ? string.Join('.', parts[..3]) : version; // NuGet's normalized folder name
    }

    private static bool HasLibTorch(string folder) => File.Exists(Path.Combine(folder, "libtorch_cpu.so"));
}
