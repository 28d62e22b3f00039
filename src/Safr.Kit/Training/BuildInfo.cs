using System.Reflection;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>What produced a result: this kit's version and source commit, and the libtorch it ran on.</summary>
public static class BuildInfo
{
    private static readonly string Informational =
        typeof(BuildInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The kit's version, without the commit.</summary>
    public static string KitVersion => Informational.Split('+')[0];

    /// <summary>The git commit the kit was built from, or null when it was built outside a checkout.</summary>
    public static string? SourceCommit => Informational.Contains('+') ? Informational[(Informational.IndexOf('+') + 1)..] : null;

    /// <summary>libtorch's version as it reports itself (e.g. "1.13.0").</summary>
    public static string LibTorchVersion => __version__;
}
