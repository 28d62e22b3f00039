using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Safr.Kit.Runtime;

/// <summary>What <see cref="LibTorchSharpLoader.Load"/> did.</summary>
/// <param name="Handle">libLibTorchSharp's handle, 0 when it did not load.</param>
/// <param name="LoadedPath">The file that loaded: the package's own or the patched copy.</param>
/// <param name="Patched">Whether the patched copy was loaded.</param>
/// <param name="Reason">Why it was or was not patched.</param>
/// <param name="Error">The loader's own message for the failure that was seen (dlerror), if any.</param>
/// <param name="LibTorch">Handles of the preloaded libtorch libraries, by file name.</param>
internal sealed record LibTorchSharpLoad(nint Handle, string? LoadedPath, bool Patched, string Reason, string? Error,
    IReadOnlyDictionary<string, nint> LibTorch)
{
    /// <summary>Whether libLibTorchSharp is loaded.</summary>
    public bool Loaded => Handle != 0;
}

/// <summary>Loads libLibTorchSharp.so by absolute path after libtorch's own libraries, and, when GLIBCXX_3.4.32 alone
/// stops it, a cached copy with that need lowered (<see cref="GlibcxxNeedLowering"/>).</summary>
internal static class LibTorchSharpLoader
{
    /// <summary>The shipped file's name.</summary>
    public const string FileName = "libLibTorchSharp.so";

    /// <summary>libtorch's libraries, loaded first by absolute path: the dynamic loader then matches later requests for
    /// these sonames (TorchSharp's own NativeLibrary.TryLoad("torch_cpu"), libLibTorchSharp's DT_NEEDED) to them
    /// instead of a system libtorch.</summary>
    public static readonly string[] Preloads = ["libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so"];

    /// <summary>
    /// TorchSharp's native library as this process already holds it (a host that loaded it before a notebook's own copy
    /// of the kit ran, say), with the libtorch it is bound to; null when it is not loaded. One libtorch per process:
    /// loading the same libraries again from another path would map second copies, and libtorch aborts when its
    /// operators register twice.
    /// </summary>
    public static LibTorchSharpLoad? AlreadyLoaded(string cacheRoot)
    {
        var present = DynamicLinker.Loaded(FileName);
        if (present == 0)
            return null;
        var libTorch = new Dictionary<string, nint>();
        foreach (var name in Preloads)
            if (DynamicLinker.Loaded(name) is var handle and not 0)
                libTorch[name] = handle;
        var path = DynamicLinker.PathOf(present);
        return new(present, path, path is not null && path.StartsWith(cacheRoot, StringComparison.Ordinal),
            $"this process had already loaded {path ?? FileName}", null, libTorch);
    }

    /// <summary>Loads <paramref name="libTorchSharp"/>; a patched copy goes under <paramref name="cacheRoot"/> and is
    /// announced in one line on <paramref name="notices"/>.</summary>
    public static LibTorchSharpLoad Load(string libTorchSharp, IReadOnlyList<string> libTorchFolders, string cacheRoot, TextWriter notices)
    {
        var libTorch = new Dictionary<string, nint>();
        foreach (var name in Preloads)
        {
            var path = libTorchFolders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
            if (path is null)
                continue;
            if (DynamicLinker.Loaded(name) is var mapped and not 0)
            {
                libTorch[name] = mapped;  // already mapped under this soname: a second copy would abort libtorch
                continue;
            }
            var handle = DynamicLinker.Open(path, out var error);
            if (handle == 0)
                return Failed($"libtorch's {name} did not load", error, libTorch);
            libTorch[name] = handle;
        }
        if (!libTorch.ContainsKey("libtorch_cpu.so"))
            return Failed($"no libtorch_cpu.so in {string.Join(", ", libTorchFolders)}", null, libTorch);

        var shipped = DynamicLinker.Open(libTorchSharp, out var failure);
        if (shipped != 0)
            return new(shipped, libTorchSharp, false, "it loaded as shipped", null, libTorch);
        // Never patch for any other cause: the loader names the first missing version, and only this one qualifies.
        if (failure is null || !Regex.IsMatch(failure, $@"\b{Regex.Escape(GlibcxxNeedLowering.Needed)}\W? not found"))
            return Failed("it failed for a reason the kit does not fix", failure, libTorch);

        var original = File.ReadAllBytes(libTorchSharp);
        var definedBy = DefinedVersions();
        LoweringDecision decision;
        try
        {
            decision = GlibcxxNeedLowering.Decide(ElfVersionNeeds.Read(original), definedBy);
        }
        catch (InvalidDataException e)
        {
            return Failed($"not patched: {e.Message}", failure, libTorch);
        }
        if (!decision.Patch)
            return Failed($"not patched: {decision.Reason}", failure, libTorch);

        var patched = ElfVersionNeeds.Rename(original, decision.Need!, GlibcxxNeedLowering.Replacement);
        var folder = Path.Combine(cacheRoot, Convert.ToHexStringLower(SHA256.HashData(original))[..16]);
        string copy;
        bool made;
        try
        {
            (copy, made) = PatchedCopy.Write(folder, FileName, patched, [Path.GetDirectoryName(libTorchSharp)!, .. libTorchFolders]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Failed($"the copy with {GlibcxxNeedLowering.Needed} lowered could not be written in {folder}: {e.Message}", failure, libTorch);
        }
        var loaded = DynamicLinker.Open(copy, out var again);
        if (loaded == 0)
            return Failed($"the copy with {GlibcxxNeedLowering.Needed} lowered did not load either", again, libTorch);

        // Said once, when the copy is made: every later process loads the same copy without a word.
        if (made)
            notices.WriteLine($"safr: TorchSharp's {FileName} asks for {GlibcxxNeedLowering.Needed} (GCC 13) for one unused symbol; " +
            $"this libstdc++ stops at {Newest(definedBy(GlibcxxNeedLowering.Library)!)}, so a copy with that need lowered to " +
            $"{GlibcxxNeedLowering.Replacement} is loaded from {copy}. Set SAFR_NO_TORCHSHARP_FIX=1 to turn this off.");
        return new(loaded, copy, true, decision.Reason, failure, libTorch);
    }

    private static string Newest(IReadOnlySet<string> versions) =>
        versions.Where(v => v.StartsWith("GLIBCXX_3.4.", StringComparison.Ordinal) && int.TryParse(v["GLIBCXX_3.4.".Length..], out _))
            .MaxBy(v => int.Parse(v["GLIBCXX_3.4.".Length..])) ?? "an older version";

    private static LibTorchSharpLoad Failed(string reason, string? error, IReadOnlyDictionary<string, nint> libTorch) =>
        new(0, null, false, reason, error, libTorch);

    // The versions each needed library defines, read from the file the loader binds for that name: opening a
    // bare name returns the library already loaded under that soname, as the loader's DT_NEEDED lookup would.
    private static Func<string, IReadOnlySet<string>?> DefinedVersions()
    {
        var known = new Dictionary<string, IReadOnlySet<string>?>();
        return library =>
        {
            if (known.TryGetValue(library, out var versions))
                return versions;
            var path = DynamicLinker.PathOf(DynamicLinker.Open(library, out _));
            try
            {
                versions = path is null ? null : ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                versions = null;
            }
            return known[library] = versions;
        };
    }
}
