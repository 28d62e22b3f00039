using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Safr.Kit.Runtime;

/// <summary>Loads TorchSharp's native libraries before TorchSharp does, so that it works on Debian 12 (GCC 12's
/// libstdc++) and next to a system libtorch. Call <see cref="EnsureLoaded"/> before anything touches
/// <c>TorchSharp.torch</c>: once torch's static constructor has failed, it cannot be retried.</summary>
/// <remarks>
/// Two problems, both on Linux: TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for one unused
/// symbol, which Debian 12's libstdc++ (GLIBCXX_3.4.30) does not define; and TorchSharp first loads "torch_cpu" by
/// bare name, which finds a system libtorch (Debian's libtorch-dev, 1.13) where a notebook kernel has no deps.json.
/// The kit loads the package's libtorch by absolute path first, then libLibTorchSharp.so, and only when GLIBCXX_3.4.32
/// is the one thing stopping it, a cached copy with that need lowered. See docs/torchsharp-on-gcc12.md.
/// </remarks>
public static class TorchSharpRuntime
{
    private static readonly Lock Gate = new();
    private static TorchSharpLoadReport? report;

    /// <summary>What <see cref="EnsureLoaded"/> did; null before its first call.</summary>
    public static TorchSharpLoadReport? LoadReport
    {
        get
        {
            lock (Gate)
                return report;
        }
    }

    /// <summary>Configures glibc's allocator (<see cref="NativeHeap.ConfigureAllocator"/>), then loads libtorch and
    /// libLibTorchSharp as described on the class. Idempotent and thread-safe; never throws for a load failure, which
    /// it records and leaves to TorchSharp's own loader to report. SAFR_NO_TORCHSHARP_FIX=1 turns the loading off.</summary>
    public static TorchSharpLoadReport EnsureLoaded()
    {
        lock (Gate)
        {
            if (report is null)
            {
                var allocator = NativeHeap.ConfigureAllocator(); // before libtorch's first allocation
                report = Load() with { Allocator = allocator };
            }
            return report;
        }
    }

    /// <summary>The folder patched copies go in: $XDG_CACHE_HOME/safr/torchsharp, else ~/.cache/safr/torchsharp.</summary>
    public static string CacheRoot =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "safr", "torchsharp");

    private static TorchSharpLoadReport Load()
    {
        if (TorchSharpNativeFolders.Rid is null)
            return new(TorchSharpLoadOutcome.Skipped, "only Linux x64 and arm64 need it");
        if (Environment.GetEnvironmentVariable("SAFR_NO_TORCHSHARP_FIX") == "1")
            return new(TorchSharpLoadOutcome.Skipped, "SAFR_NO_TORCHSHARP_FIX=1");
        if (!DynamicLinker.Available)
            return new(TorchSharpLoadOutcome.Skipped, "dlopen was not found (not glibc)");

        // typeof and Assembly.Location do not run torch's static constructor; no member of torch is touched here.
        var torchSharp = typeof(torch).Assembly;
        // A library this process already holds is the one to use, wherever its folders are.
        if (LibTorchSharpLoader.AlreadyLoaded(CacheRoot) is { } present)
            return Resolved(torchSharp, present, folders: null);
        if (TorchSharpNativeFolders.Find(torchSharp) is not { } folders)
            return new(TorchSharpLoadOutcome.Skipped, $"found no {LibTorchSharpLoader.FileName} and libtorch_cpu.so in the app's native folders, " +
                $"nor in the NuGet packages holding {torchSharp.Location}, NUGET_PACKAGES or ~/.nuget/packages");

        return Resolved(torchSharp, LibTorchSharpLoader.Load(folders.LibTorchSharp, folders.LibTorchFolders, CacheRoot, Console.Error), folders);
    }

    /// <param name="folders">Where the libraries were found; null when this process already held them.</param>
    private static TorchSharpLoadReport Resolved(Assembly torchSharp, LibTorchSharpLoad load, TorchSharpNativeFolders? folders)
    {
        var result = new TorchSharpLoadReport(
            load.Loaded ? load.Patched ? TorchSharpLoadOutcome.LoadedPatchedCopy : TorchSharpLoadOutcome.Loaded : TorchSharpLoadOutcome.Failed,
            load.Reason, load.Error, load.LoadedPath ?? folders?.LibTorchSharp, folders?.LibTorchFolders, folders?.FoundBy);
        if (!load.Loaded)
            return result; // no resolver: TorchSharp's loader runs as it would have and throws its own message
        return InstallResolver(torchSharp, load) is { } note ? result with { ResolverNote = note } : result with { ResolverInstalled = true };
    }

    // NativeLibrary.TryLoad(name, assembly, ...) - TorchSharp's own loading - does not consult this resolver (measured);
    // the preloaded sonames serve it. TorchSharp's DllImports do consult it, so they bind to exactly these handles.
    private static string? InstallResolver(Assembly torchSharp, LibTorchSharpLoad load)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name switch
            {
                "LibTorchSharp" => load.Handle,
                "torch_cpu" => load.LibTorch.GetValueOrDefault("libtorch_cpu.so"),
                "torch_cuda" => load.LibTorch.GetValueOrDefault("libtorch_cuda.so"),
                _ => IntPtr.Zero, // default probing
            });
            return null;
        }
        catch (InvalidOperationException)
        {
            return "TorchSharp's assembly already had a DllImport resolver; it was left in place";
        }
    }
}
