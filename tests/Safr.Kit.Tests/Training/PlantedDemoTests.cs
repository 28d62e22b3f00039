using Safr.Kit.Data.Synthetic;
using Safr.Kit.Experiments;
using Safr.Kit.Training;

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

    [Fact]
    public void ProgressGetsEveryStepOfEachArmAndTakesTheEpochLinesFromTheLog()
    {
        var small = new PlantedTaskOptions { Train = 64, Dev = 32, Test = 32, FillerWords = 20, MinFiller = 3, MaxFiller = 5, Seed = 3 };
        var log = new List<string>();
        var seen = new List<(string Arm, TrainingProgress Progress)>();
        PlantedDemo.Run(small, seed: 3, maxEpochs: 1, log: log.Add, progress: (arm, p) => seen.Add((arm, p)));
        foreach (var arm in new[] { "baseline", "SAFR" })
        {
            var mine = seen.Where(s => s.Arm == arm).Select(s => s.Progress).ToList();
            var steps = mine.Where(p => p.EpochDone is null).ToList();
            Assert.NotEmpty(steps);
            Assert.Equal(Enumerable.Range(1, steps[0].StepsPerEpoch), steps.Select(p => p.Step));
            Assert.Single(mine, p => p.EpochDone is not null);
            Assert.NotNull(mine[^1].EpochDone);
        }
        // The task's description still goes to the log; the epochs went to progress instead.
        Assert.Single(log);
        Assert.DoesNotContain(log, line => line.Contains(": epoch ", StringComparison.Ordinal));
    }

    private static long RealTokens(DemoResult result) => result.Task.Dataset.Test.Sum(e => (long)e.Text.Split(' ').Length);
}
