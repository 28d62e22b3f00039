using Safr.Kit.Runtime;

namespace Safr.Kit.Tests.Runtime;

/// <summary>TorchSharp's shipped libLibTorchSharp.so, modified copies of it, and the versions Debian 12's libraries
/// define as far as that file asks.</summary>
internal static class Shipped
{
    private static readonly Lazy<TorchSharpNativeFolders> Found = new(() =>
        TorchSharpNativeFolders.Find(typeof(TorchSharp.torch).Assembly) ?? throw new InvalidOperationException("TorchSharp's native folders were not found."));

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Debian12 = new(() =>
        ElfVersionNeeds.Read(File.ReadAllBytes(LibTorchSharp)).Needs
            .Where(n => !IsNewerThanGcc12(n.Version))
            .GroupBy(n => n.File)
            .ToDictionary(g => g.Key, g => g.Select(n => n.Version).ToHashSet()));

    /// <summary>The package's file.</summary>
    public static string LibTorchSharp => Found.Value.LibTorchSharp;

    /// <summary>The package's libtorch folders.</summary>
    public static IReadOnlyList<string> LibTorchFolders => Found.Value.LibTorchFolders;

    /// <summary>What a GCC 12 system defines of the versions the shipped file needs: all but GLIBCXX_3.4.31 and later.</summary>
    public static IReadOnlySet<string>? Gcc12(string library) => Debian12.Value.GetValueOrDefault(library);

    /// <summary>The shipped file with its GLIBCXX_3.4.18 need renamed GLIBCXX_3.4.99 (hash fixed): it follows
    /// GLIBCXX_3.4.32 in the file, so the loader still reports 3.4.32 first.</summary>
    public static byte[] AlsoNeeding3499(byte[] original) =>
        ElfVersionNeeds.Rename(original, ElfVersionNeeds.Read(original).Needs.Single(n => n.Version == "GLIBCXX_3.4.18"), "GLIBCXX_3.4.99");

    /// <summary>The shipped file with DT_NEEDED libc10.so renamed to a library that exists nowhere.</summary>
    public static byte[] NeedingAMissingLibrary(byte[] original, string missing)
    {
        var (_, offset) = ElfVersionNeeds.Read(original).Needed.Single(n => n.Library == "libc10.so");
        var copy = (byte[])original.Clone();
        System.Text.Encoding.ASCII.GetBytes(missing).CopyTo(copy, offset);
        return copy;
    }

    private static bool IsNewerThanGcc12(string version) =>
        version.StartsWith("GLIBCXX_3.4.", StringComparison.Ordinal) && int.Parse(version["GLIBCXX_3.4.".Length..]) > 30;
}
