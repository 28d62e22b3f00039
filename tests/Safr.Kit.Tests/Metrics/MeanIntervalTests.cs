using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Metrics;

public class MeanIntervalTests
{
    [Fact]
    public void ThreeRunsUseStudentsTWithTwoDegreesOfFreedom()
    {
        // mean 2, sample sd 1, n 3: half-width t(0.975, 2) / sqrt(3); scipy 1.10.1's t.ppf(0.975, 2) = 4.302652729911275.
        var m = MeanInterval.Of([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, m.Mean, 12);
        Assert.Equal(4.302652729911275 / Math.Sqrt(3), m.HalfWidth, 8);  // Math.NET's quantile is a root search, good to about 1e-10
        Assert.Equal(3, m.Count);
        Assert.Equal("2.00 ± 2.48", m.ToString("F2"));
    }

    [Fact]
    public void ManyRunsUseStudentsTToo_NotTheNormalQuantile_AndOneRunHasNoInterval()
    {
        var values = Enumerable.Range(0, 40).Select(i => (double)(i % 2)).ToArray();
        var sd = Math.Sqrt(values.Sum(v => (v - 0.5) * (v - 0.5)) / 39);
        // scipy 1.10.1: t.ppf(0.975, 39) = 2.022690911734728 (the normal's 1.96 would be 3% narrower).
        Assert.Equal(2.022690911734728 * sd / Math.Sqrt(40), MeanInterval.Of(values).HalfWidth, 8);
        Assert.Equal(12.706204736432095 * Math.Sqrt(0.5) / Math.Sqrt(2), MeanInterval.Of([0.0, 1.0]).HalfWidth, 8);
        var one = MeanInterval.Of([0.7]);
        Assert.True(double.IsNaN(one.HalfWidth));
        Assert.Equal("0.7000", one.ToString());
        Assert.Throws<ArgumentException>(() => MeanInterval.Of([]));
    }
}
