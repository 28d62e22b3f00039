using Safr.Kit.Data.Synthetic;
using Safr.Kit.Experiments;

namespace Safr.Kit.Tests.Training;

/// <summary>The demo's pipeline end to end on a task small enough for a unit test.</summary>
[Collection("KitGlobalState")]
public class PlantedDemoTests
{
    [Fact]
    public void TrainsEachArmAndReportsItsRow()
    {
        var small = new PlantedTaskOptions { Train = 64, Dev = 32, Test = 32, FillerWords = 20, MinFiller = 3, MaxFiller = 5, Seed = 2 };
        var log = new List<string>();
        var result = PlantedDemo.Run(small, seed: 2, maxEpochs: 2, log: log.Add);
        Assert.Equal(["baseline", "SAFR"], result.Arms.Select(a => a.Name));
        Assert.Equal([0.0, 1.0], result.Arms.Select(a => a.LambdaImportance));
        foreach (var arm in result.Arms)
        {
            Assert.InRange(arm.TestAccuracy, 0, 1);
            Assert.InRange(arm.PrecisionAtK, 0, 1);
            // Every real test token is scored, as important or other; padding is not.
            Assert.Equal(RealTokens(result), arm.Polysemanticity.ImportantTokens + arm.Polysemanticity.OtherTokens);
            Assert.Equal(2, arm.Training.Epochs);
        }
        var table = result.ToTable();
        Assert.Contains("baseline", table);
        Assert.Contains("SAFR", table);
        Assert.Contains(log, line => line.StartsWith("SAFR: epoch 2", StringComparison.Ordinal));
    }

    private static long RealTokens(DemoResult result) => result.Task.Dataset.Test.Sum(e => (long)e.Text.Split(' ').Length);
}
