using Safr.Torch.Interop;

namespace Safr.Torch;

/// <summary>What the CPU block cache holds and how often it served an allocation (see <see cref="torch.cpu"/>).</summary>
/// <param name="CachedBytes">Bytes of freed large blocks kept for reuse now.</param>
/// <param name="Hits">Large allocations served from kept blocks since the bridge loaded.</param>
/// <param name="Misses">Large allocations that needed fresh memory.</param>
/// <param name="LimitBytes">The most it keeps (0: caching is off).</param>
public readonly record struct CpuCacheStats(long CachedBytes, long Hits, long Misses, long LimitBytes);

public static partial class torch
{
    /// <summary>
    /// The bridge's CPU allocator. Blocks of 32 MiB and more (which glibc maps afresh every time) are kept when
    /// freed and reused for the next tensor that fits them: fresh memory page-faults on first write, and on
    /// virtual machines that can cost 50 times the write itself (a 64 MiB tensor: 210 ms fresh, 4 ms reused,
    /// measured here). The cache holds at most SAFR_CPU_CACHE_MB (default 2048) MiB, read when the bridge loads.
    /// </summary>
    public static class cpu
    {
        /// <summary>Frees every kept block, as <c>torch.cuda.empty_cache()</c> does for CUDA memory.</summary>
        public static void empty_cache() => NativeMethods.Check(NativeMethods.safr_cpu_cache_empty());

        /// <summary>Keep at most <paramref name="bytes"/> of freed blocks (0 turns caching off); frees the excess now.</summary>
        public static void set_cache_limit(long bytes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(bytes);
            NativeMethods.Check(NativeMethods.safr_cpu_cache_set_limit((ulong)bytes));
        }

        public static unsafe CpuCacheStats cache_stats()
        {
            ulong cached, hits, misses, limit;
            NativeMethods.Check(NativeMethods.safr_cpu_cache_stats(&cached, &hits, &misses, &limit));
            return new CpuCacheStats((long)cached, (long)hits, (long)misses, (long)limit);
        }
    }
}
