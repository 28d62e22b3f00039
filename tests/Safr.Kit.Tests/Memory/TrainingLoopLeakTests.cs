using System.Diagnostics;
using Safr.Kit.Data;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Tests.Model;
using Safr.Kit.Training;
using Xunit.Abstractions;

namespace Safr.Kit.Tests.Memory;

/// <summary>
/// The leak test: 2000 steps of the kit's own training loop (SafrTrainer, CE + L_imp + L_inter, TorchSharp's
/// Adam) on a small model must leave the live tensor count unchanged and resident memory flat after warm-up.
/// </summary>
[Collection("NativeMemory")]
public class TrainingLoopLeakTests(ITestOutputHelper output)
{
    private const int Steps = 2000;
    private const int WarmUp = 400;
    private const long MaxGrowthBytes = 24L << 20;

    /// <summary>Resident set size: VmRSS from /proc where there is one, else the working set.</summary>
    private static long ResidentBytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (var line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
            }
        }
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    [Fact]
    public void TrainerDoesNotGrowMemoryOver2000Steps()
    {
        // 8 examples a batch, one epoch of 2000 steps.
        var task = PlantedTask.Generate(new PlantedTaskOptions
        {
            Train = 8 * Steps, Dev = 16, Test = 8, FillerWords = 40, MinFiller = 4, MaxFiller = 10, CuesPerClass = 3, PairsPerClass = 2, Seed = 5,
        });
        var vocabulary = Vocabulary.Build(task.Dataset.Train);
        var options = new TrainingOptions
        {
            LambdaImportance = 1, LambdaInteraction = 1, BatchSize = 8, MaxEpochs = 1, Patience = 1, MaxLength = 16,
            LearningRate = 1e-3, Seed = 1, EvaluationBatchSize = 16, Dataset = "planted",
        };
        var config = TinyModel.Config(vocabSize: vocabulary.Count, maxSeqLength: 16, dModel: 16);
        using var trainer = new SafrTrainer(SafrTrainer.CreateModel(config, options.Seed), vocabulary, options);

        long liveWarm = 0, rssWarm = 0, liveEnd = 0, rssEnd = 0;
        var stepsSeen = 0;
        var result = trainer.Fit(task.Dataset.Train, task.Dataset.Dev, progress: p =>
        {
            if (p.EpochDone is not null) return;
            stepsSeen = p.Step;
            if (p.Step == WarmUp) (liveWarm, rssWarm) = (TorchAssertions.LiveTensorCount, ResidentBytes());
            if (p.Step == Steps) (liveEnd, rssEnd) = (TorchAssertions.LiveTensorCount, ResidentBytes());
        });

        output.WriteLine($"live tensors at step {WarmUp}: {liveWarm}; at step {Steps}: {liveEnd}");
        output.WriteLine($"RSS at step {WarmUp}: {rssWarm / 1048576.0:F1} MiB; at step {Steps}: {rssEnd / 1048576.0:F1} MiB; growth {(rssEnd - rssWarm) / 1048576.0:F2} MiB");
        Assert.Equal(Steps, stepsSeen);
        Assert.Equal(liveWarm, liveEnd);
        Assert.True(rssEnd - rssWarm < MaxGrowthBytes,
            $"resident memory grew by {(rssEnd - rssWarm) / 1048576.0:F1} MiB over {Steps - WarmUp} steps (limit {MaxGrowthBytes >> 20} MiB)");
        Assert.True(result.History[0].TrainAccuracy > 0.6, $"the loop did not train: train accuracy {result.History[0].TrainAccuracy:P1}");
    }
}

/// <summary>Resident memory is process-wide: nothing else may run while it is measured.</summary>
[CollectionDefinition("NativeMemory", DisableParallelization = true)]
public sealed class NativeMemoryCollection;
