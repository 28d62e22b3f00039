namespace Safr.Kit.Runtime;

/// <summary>How <see cref="TorchSharpRuntime.EnsureLoaded"/> ended.</summary>
public enum TorchSharpLoadOutcome
{
    /// <summary>Nothing was attempted: not Linux x64/arm64, SAFR_NO_TORCHSHARP_FIX=1, or the native folders were not found.</summary>
    Skipped,

    /// <summary>The package's libLibTorchSharp.so loaded as shipped, after libtorch's own libraries.</summary>
    Loaded,

    /// <summary>A copy with its GLIBCXX_3.4.32 need lowered to GLIBCXX_3.4.30 was loaded.</summary>
    LoadedPatchedCopy,

    /// <summary>It did not load; TorchSharp's own loader will fail and say why.</summary>
    Failed,
}

/// <summary>What <see cref="TorchSharpRuntime.EnsureLoaded"/> found and did.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="Reason">Why: why a patch was or was not applied, or why nothing was attempted.</param>
/// <param name="Error">The dynamic loader's own message (dlerror) for the failure seen, if any.</param>
/// <param name="LibTorchSharp">The file that loaded: the package's own or the patched copy.</param>
/// <param name="LibTorchFolders">The folders libtorch's libraries were loaded from.</param>
/// <param name="FoundBy">How those folders were found.</param>
/// <param name="ResolverInstalled">Whether TorchSharp's DllImports now resolve to the loaded handles.</param>
/// <param name="ResolverNote">Why no resolver was installed, if none was.</param>
/// <param name="Allocator">What the glibc allocator setup did.</param>
public sealed record TorchSharpLoadReport(
    TorchSharpLoadOutcome Outcome,
    string Reason,
    string? Error = null,
    string? LibTorchSharp = null,
    IReadOnlyList<string>? LibTorchFolders = null,
    string? FoundBy = null,
    bool ResolverInstalled = false,
    string? ResolverNote = null,
    AllocatorReport? Allocator = null)
{
    /// <summary>Whether the patched copy was loaded.</summary>
    public bool Patched => Outcome == TorchSharpLoadOutcome.LoadedPatchedCopy;

    /// <summary>One line per fact, for a notebook or a log.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"{Outcome}: {Reason}" };
        if (Error is not null)
            lines.Add($"loader said: {Error}");
        if (LibTorchSharp is not null)
            lines.Add($"libLibTorchSharp: {LibTorchSharp}");
        if (LibTorchFolders is { Count: > 0 })
            lines.Add($"libtorch: {string.Join(", ", LibTorchFolders)} (found through {FoundBy})");
        if (Outcome is TorchSharpLoadOutcome.Loaded or TorchSharpLoadOutcome.LoadedPatchedCopy)
            lines.Add(ResolverInstalled ? "TorchSharp's DllImports resolve to these handles" : $"no DllImport resolver: {ResolverNote}");
        if (Allocator is not null)
            lines.Add($"allocator: {Allocator.Description}");
        return string.Join(Environment.NewLine, lines);
    }
}
