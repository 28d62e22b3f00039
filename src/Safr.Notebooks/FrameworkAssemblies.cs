using System.Reflection;
using System.Runtime.InteropServices;

namespace Safr.Notebooks;

/// <summary>
/// The shared framework the runner runs on (Microsoft.NETCore.App): what cells compile against by default, as in the
/// kernel, and which package assemblies the platform already supplies (a package's System.Text.Json 8 is not loaded
/// beside the runtime's own 10: the platform copy wins when it is at least as new, as the SDK's conflict resolution decides).
/// </summary>
internal static class FrameworkAssemblies
{
    private static readonly Lazy<IReadOnlyDictionary<string, (string Path, Version Version)>> Platform = new(Scan);

    /// <summary>Every managed assembly of the shared framework, by simple name.</summary>
    public static IEnumerable<(string Name, string Path)> Paths => Platform.Value.Select(p => (p.Key, p.Value.Path));

    /// <summary>True when the platform has an assembly of this name at <paramref name="version"/> or newer.</summary>
    public static bool Supplies(string simpleName, Version? version) =>
        Platform.Value.TryGetValue(simpleName, out var platform) && (version is null || platform.Version >= version);

    /// <summary>True when a package of this id is one the shared framework provides an assembly for (System.Memory and the like).</summary>
    public static bool SuppliesPackage(string packageId) => Platform.Value.ContainsKey(packageId);

    private static IReadOnlyDictionary<string, (string, Version)> Scan()
    {
        var found = new Dictionary<string, (string, Version)>(StringComparer.OrdinalIgnoreCase);
        foreach (var path in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            try
            {
                var name = AssemblyName.GetAssemblyName(path);
                found[name.Name!] = (path, name.Version ?? new Version());
            }
            catch (BadImageFormatException)
            {
                // a native library shipped beside the managed ones
            }
        }
        return found;
    }
}
