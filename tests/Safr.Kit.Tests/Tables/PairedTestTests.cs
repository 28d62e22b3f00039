using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Tables;

/// <summary>
/// The paired t-test against scipy. Reference values from Debian 12's python3-scipy 1.10.1:
/// <c>scipy.stats.ttest_rel(a, b)</c> (statistic, pvalue) and <c>2 * scipy.stats.t.sf(t, df)</c>, printed with repr().
/// </summary>
public class PairedTestTests
{
    public static TheoryData<double[], double[], double, double> ScipyTtestRel => new()
    {
        { [0.81, 0.83, 0.80], [0.79, 0.80, 0.80], 1.8898223650461383, 0.19935923097456396 },
        { [1.2, 1.5, 1.1, 1.4, 1.3], [2.1, 2.0, 2.4, 2.2, 1.9], -5.887256900665454, 0.004161622090248051 },
        { [0.10, 0.12], [0.11, 0.10], 0.3333333333333333, 0.7951672353008665 },
        { [5.0, 6.0, 7.0, 8.0, 9.5, 10.0, 11.0, 12.5, 13.0, 14.0], [5.1, 5.8, 7.3, 7.9, 9.0, 10.4, 10.6, 12.0, 13.2, 13.1], 1.2137321698180177, 0.2557391460339408 },
    };

    [Theory]
    [MemberData(nameof(ScipyTtestRel))]
    public void EqualsScipysTtestRel(double[] treatment, double[] control, double t, double p)
    {
        var test = PairedTest.Of(treatment, control);
        Assert.Equal(treatment.Length, test.Pairs);
        Assert.Equal(treatment.Length - 1, test.DegreesOfFreedom);
        Assert.Equal(t, test.T, 1e-12);
        Assert.Equal(p, test.PValue, 1e-12);
        Assert.Equal(treatment.Zip(control, (a, b) => a - b).Average(), test.MeanDifference, 1e-15);
    }

    [Theory]
    [InlineData(2.0, 3, 0.1393259685588431)]
    [InlineData(0.5, 1, 0.7048327646991336)]
    [InlineData(10.0, 2, 0.009852457023325692)]
    [InlineData(3.5, 29, 0.0015244463146546039)]
    [InlineData(0.001, 4, 0.99925000015625)]
    [InlineData(40.0, 5, 1.8411962171772952e-07)]
    public void TheTwoSidedPValueEqualsScipysStudentT(double t, int degreesOfFreedom, double p)
    {
        Assert.Equal(p, PairedTest.PValueOf(t, degreesOfFreedom), p * 1e-10);
        Assert.Equal(p, PairedTest.PValueOf(-t, degreesOfFreedom), p * 1e-10);
    }

    [Fact]
    public void EdgeCasesAreScipys()
    {
        // ttest_rel([1, 2, 3], [0, 1, 2]): statistic inf, pvalue 0.0; ttest_rel([1, 2, 3], [1, 2, 3]): nan, nan.
        var constant = PairedTest.Of([1, 2, 3], [0, 1, 2]);
        Assert.Equal((double.PositiveInfinity, 0.0), (constant.T, constant.PValue));
        var none = PairedTest.Of([1, 2, 3], [1, 2, 3]);
        Assert.True(double.IsNaN(none.T) && double.IsNaN(none.PValue));
        var one = PairedTest.Of([1], [0]);
        Assert.Equal(1, one.MeanDifference);
        Assert.True(double.IsNaN(one.PValue));
        Assert.Throws<ArgumentException>(() => PairedTest.Of([1, 2], [1]));
    }
}
