using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class DatasetSamplingTests
{
    private static readonly TextExample[] Examples = Enumerable.Range(0, 10).Select(i => new TextExample($"text {i}", i % 2)).ToArray();

    [Fact]
    public void AFractionIsASeededSubsetInTheOriginalOrder()
    {
        var half = DatasetSampling.Fraction(Examples, 0.5, seed: 1);
        Assert.Equal(5, half.Count);
        Assert.Equal(half, half.OrderBy(e => Array.IndexOf(Examples, e)));
        Assert.Equal(half, DatasetSampling.Fraction(Examples, 0.5, seed: 1));
        Assert.NotEqual(half, DatasetSampling.Fraction(Examples, 0.5, seed: 2));
        Assert.Same(Examples, DatasetSampling.Fraction(Examples, 1.0, seed: 1));
        Assert.Single(DatasetSampling.Fraction(Examples, 0.01, seed: 1));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void AFractionOutsideZeroToOneIsRejected(double fraction)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => DatasetSampling.Fraction(Examples, fraction, 0));
        Assert.Equal("fraction", e.ParamName);
    }
}
