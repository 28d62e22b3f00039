using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>The VMASK release's beta annealing.</summary>
public class VmaskBetaScheduleTests
{
    [Fact]
    public void StartsAtOneAndFallsBy0099AfterEveryTenEpochs()
    {
        var schedule = new VmaskBetaSchedule();
        for (var epoch = 1; epoch <= 10; epoch++) Assert.Equal(1.0, schedule.BetaAt(epoch));
        for (var epoch = 11; epoch <= 20; epoch++) Assert.Equal(1.0 - 0.099, schedule.BetaAt(epoch));
        Assert.Equal(1.0 - 0.099 - 0.099, schedule.BetaAt(21));
        Assert.Equal(1.0 - 0.099 - 0.099, schedule.BetaAt(30));
    }

    [Fact]
    public void FollowsTheReleaseFloatArithmetic()
    {
        // Python: b = 1.0; at epochs 10, 20, ...: if b > 0.01: b -= 0.099. Values printed by Python (repr).
        double[] release =
        [
            1.0, 0.901, 0.802, 0.7030000000000001, 0.6040000000000001, 0.5050000000000001, 0.40600000000000014,
            0.30700000000000016, 0.20800000000000016, 0.10900000000000015, 0.010000000000000148, -0.08899999999999986,
        ];
        var schedule = new VmaskBetaSchedule();
        for (var k = 0; k < release.Length; k++) Assert.Equal(release[k], schedule.BetaAt(10 * k + 1));
        // 0.010000000000000148 is above 0.01, so the release subtracts once more and beta ends negative, then stays.
        Assert.Equal(-0.08899999999999986, schedule.BetaAt(1000));
    }

    [Fact]
    public void EveryEpochsSetsThePeriod()
    {
        var schedule = new VmaskBetaSchedule(Start: 0.5, EveryEpochs: 2);
        Assert.Equal(0.5, schedule.BetaAt(1));
        Assert.Equal(0.5, schedule.BetaAt(2));
        Assert.Equal(0.5 - 0.099, schedule.BetaAt(3));
        Assert.Equal(0.5 - 0.099 - 0.099, schedule.BetaAt(5));
    }

    [Fact]
    public void OffIsZeroInEveryEpoch()
    {
        for (var epoch = 1; epoch <= 300; epoch++) Assert.Equal(0.0, VmaskBetaSchedule.Off.BetaAt(epoch));
    }

    [Fact]
    public void EpochsCountFromOne()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new VmaskBetaSchedule().BetaAt(0));
        Assert.Equal("epoch", e.ParamName);
    }

    [Fact]
    public void NonPositivePeriodIsRejectedWithANamedArgument()
    {
        // Currently fails: EveryEpochs = 0 divides by zero inside BetaAt (DivideByZeroException), and a
        // negative period silently never decrements.
        var zero = Assert.ThrowsAny<ArgumentException>(() => new VmaskBetaSchedule(1.0, EveryEpochs: 0).BetaAt(5));
        Assert.Contains("EveryEpochs", zero.Message + zero.ParamName);
        Assert.ThrowsAny<ArgumentException>(() => new VmaskBetaSchedule(1.0, EveryEpochs: -10).BetaAt(50));
    }
}
