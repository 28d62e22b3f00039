using System.Runtime.InteropServices;

namespace Safr.Kit.Runtime;

/// <summary>What <see cref="NativeHeap.ConfigureAllocator"/> did.</summary>
/// <param name="Applied">Whether glibc's settings were changed.</param>
/// <param name="Description">The settings, or why nothing was changed.</param>
public sealed record AllocatorReport(bool Applied, string Description);

/// <summary>glibc malloc settings for libtorch's CPU tensors (c10 allocates them with posix_memalign): keep freed
/// blocks in the process for reuse instead of unmapping them, because the first write to each fresh 4 KiB page
/// faults, and on these virtual machines faults are slow.</summary>
public static unsafe class NativeHeap
{
    // <malloc.h>
    private const int MTrimThreshold = -1, MTopPad = -2, MMmapMax = -4;
    private const int TopPad = 64 << 20;

    private static readonly Lock Gate = new();
    private static AllocatorReport? report;

    /// <summary>The outcome of the first <see cref="ConfigureAllocator"/> call; null before it.</summary>
    public static AllocatorReport? Report
    {
        get
        {
            lock (Gate)
                return report;
        }
    }

    /// <summary>Once per process, on Linux with glibc: no mmap'd blocks (M_MMAP_MAX=0; glibc would otherwise map each
    /// block above its threshold afresh and unmap it on free), no trimming of the heap's top (M_TRIM_THRESHOLD at its
    /// maximum) and 64 MiB of top padding. Freed memory is then reused, never given back: the process keeps its peak.
    /// Call it before the first tensor; SAFR_GLIBC_REUSE=0 turns it off. Threads other than the main one allocate from
    /// glibc's per-thread arenas, whose heaps hold at most 64 MiB: blocks larger than that are mapped regardless.</summary>
    public static AllocatorReport ConfigureAllocator()
    {
        lock (Gate)
            return report ??= Configure();
    }

    private static AllocatorReport Configure()
    {
        if (Environment.GetEnvironmentVariable("SAFR_GLIBC_REUSE") == "0")
            return new(false, "SAFR_GLIBC_REUSE=0");
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)
            || !NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out var version)
            || !NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt))
            return new(false, "not Linux with glibc");

        var set = (delegate* unmanaged<int, int, int>)mallopt;
        var glibc = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)version)()) ?? "?";
        var settings = new (string Name, int Option, int Value)[]
        {
            ("M_MMAP_MAX", MMmapMax, 0),
            ("M_TRIM_THRESHOLD", MTrimThreshold, int.MaxValue),
            ("M_TOP_PAD", MTopPad, TopPad),
        };
        var refused = settings.Where(s => set(s.Option, s.Value) != 1).Select(s => s.Name).ToList(); // mallopt returns 1 on success
        var description = $"glibc {glibc}: " + string.Join(", ", settings.Select(s => $"{s.Name}={s.Value}"));
        return refused.Count == 0 ? new(true, description) : new(refused.Count < settings.Length, $"{description}; refused: {string.Join(", ", refused)}");
    }
}
