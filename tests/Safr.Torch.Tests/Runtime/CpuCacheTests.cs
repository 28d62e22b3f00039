namespace Safr.Torch.Tests.Runtime;

/// <summary>
/// The bridge's caching CPU allocator: freed blocks of 32 MiB and more are kept and reused, within a limit.
/// Alone in the NativeMemory collection, so no parallel test allocates between a free and the next allocation.
/// </summary>
[Collection("NativeMemory")]
public sealed class CpuCacheTests : IDisposable
{
    private const long Big = 32L << 20;  // the smallest block the cache keeps
    private readonly long _limit = torch.cpu.cache_stats().LimitBytes;

    public CpuCacheTests() => torch.cpu.empty_cache();

    public void Dispose() => torch.cpu.set_cache_limit(_limit);

    [Fact]
    public void AFreedLargeBlockServesTheNextTensorOfItsSize()
    {
        Assert.True(_limit > 0, "the tests expect caching on (SAFR_CPU_CACHE_MB unset or positive)");
        using (full(new long[] { Big / 4 }, 1.0f)) { }
        var kept = torch.cpu.cache_stats();
        Assert.InRange(kept.CachedBytes, Big, Big + Big / 8 + 64);

        using var again = full(new long[] { Big / 4 }, 2.0f);
        var after = torch.cpu.cache_stats();
        Assert.Equal(kept.Hits + 1, after.Hits);
        Assert.Equal(kept.Misses, after.Misses);
        Assert.Equal(0, after.CachedBytes);
        // The reused memory holds the new tensor's values, not the old one's.
        Assert.Equal((2.0f, 2.0f), (again.min().item<float>(), again.max().item<float>()));
    }

    [Fact]
    public void ARequestTakesAKeptBlockWithAtMostHalfToSpare()
    {
        using (zeros(96L << 20 >> 2)) { }                // a 96 MiB block is kept
        var kept = torch.cpu.cache_stats();
        using (zeros(48L << 20 >> 2))                     // 48 MiB: the 96 MiB block would waste half, so fresh memory
            Assert.Equal((kept.Hits, kept.Misses + 1), (torch.cpu.cache_stats().Hits, torch.cpu.cache_stats().Misses));
        torch.cpu.empty_cache();
        using (zeros(96L << 20 >> 2)) { }
        kept = torch.cpu.cache_stats();
        using (zeros(80L << 20 >> 2))                     // 80 MiB fits the 96 MiB block
            Assert.Equal((kept.Hits + 1, kept.Misses), (torch.cpu.cache_stats().Hits, torch.cpu.cache_stats().Misses));
    }

    [Fact]
    public void SmallTensorsBypassTheCache()
    {
        var before = torch.cpu.cache_stats();
        for (var i = 0; i < 100; i++)
            using (ones(1000)) { }
        var after = torch.cpu.cache_stats();
        Assert.Equal((before.Hits, before.Misses, 0L), (after.Hits, after.Misses, after.CachedBytes));
    }

    [Fact]
    public void ALimitOfZeroKeepsNothingAndEmptyCacheFreesWhatIsKept()
    {
        using (zeros(Big / 4)) { }
        Assert.True(torch.cpu.cache_stats().CachedBytes > 0);
        torch.cpu.empty_cache();
        Assert.Equal(0, torch.cpu.cache_stats().CachedBytes);

        torch.cpu.set_cache_limit(0);
        using (zeros(Big / 4)) { }
        Assert.Equal(0, torch.cpu.cache_stats().CachedBytes);
        Assert.Equal(0, torch.cpu.cache_stats().LimitBytes);
    }

    [Fact]
    public void TheCacheNeverHoldsMoreThanItsLimit()
    {
        torch.cpu.set_cache_limit(3 * Big);
        var tensors = Enumerable.Range(0, 6).Select(i => zeros(Big / 4 + i * 4096)).ToList();
        foreach (var t in tensors) t.Dispose();
        var stats = torch.cpu.cache_stats();
        Assert.InRange(stats.CachedBytes, Big, 3 * Big);
        Assert.Throws<ArgumentOutOfRangeException>(() => torch.cpu.set_cache_limit(-1));
    }

    [Fact]
    public void ThreadsAllocatingAndFreeingLargeTensorsAtOnceGetTheirOwnValues()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var threads = Enumerable.Range(0, 4).Select(k => new Thread(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                var n = Big / 4 + (i % 5) * 65536;
                using var t = full(new long[] { n }, (float)k);
                using var low = t.min();
                using var high = t.max();
                if (low.item<float>() != k || high.item<float>() != k) failures.Add($"thread {k} step {i}: values {low.item<float>()}..{high.item<float>()}");
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.True(torch.cpu.cache_stats().Hits > 0);
    }
}
