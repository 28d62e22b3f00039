using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Metrics;

public class MeanIntervalTests
{
    [Fact]
    public void ThreeRunsUseStudentsTWithTwoDegreesOfFreedom()
    {
        // mean 2, sample sd 1, n 3: half-width 4.303 / sqrt(3).
        var m = MeanInterval.Of([1.0, 2.0, 3.0]);
        Assert.Equal(2.0, m.Mean, 12);
        Assert.Equal(4.303 / Math.Sqrt(3), m.HalfWidth, 12);
        Assert.Equal(3, m.Count);
        Assert.Equal("2.00 ± 2.48", m.ToString("F2"));
    }

    [Fact]
    public void ManyRunsUseTheNormalQuantileAndOneRunHasNoInterval()
    {
        var values = Enumerable.Range(0, 40).Select(i => (double)(i % 2)).ToArray();
        var sd = Math.Sqrt(values.Sum(v => (v - 0.5) * (v - 0.5)) / 39);
        Assert.Equal(1.96 * sd / Math.Sqrt(40), MeanInterval.Of(values).HalfWidth, 12);
        var one = MeanInterval.Of([0.7]);
        Assert.True(double.IsNaN(one.HalfWidth));
        Assert.Equal("0.7000", one.ToString());
        Assert.Throws<ArgumentException>(() => MeanInterval.Of([]));
    }
}
