using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Tests.Data;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>Seeds, resume, best state versus keep-last, the NaN stop, and the trainer's argument checks.</summary>
[Collection("KitGlobalState")]
public class SafrTrainerTests
{
    private static readonly TextDataset Data = TinyRun.Task.Dataset;

    [Fact]
    public void TwoRunsWithOneSeedGiveBitwiseEqualWeights()
    {
        Dictionary<string, byte[]> Train(int seed, out IReadOnlyList<EpochRecord> history)
        {
            using var trainer = TinyRun.Trainer(TinyRun.Options(seed: seed));
            history = trainer.Fit(Data.Train, Data.Dev).History;
            return TinyRun.Weights(trainer.Model);
        }
        var first = Train(3, out var h1);
        var second = Train(3, out var h2);
        var other = Train(4, out _);
        Assert.True(TinyRun.SameWeights(first, second), "the same seed gave different weights");
        Assert.Equal(h1.Select(h => (h.Loss, h.DevAccuracy)), h2.Select(h => (h.Loss, h.DevAccuracy)));
        Assert.False(TinyRun.SameWeights(first, other), "another seed gave the same weights");
    }

    [Fact]
    public void ResumeAfterACancelReachesTheSameFinalWeights()
    {
        using var whole = new TempFolder();
        using var broken = new TempFolder();
        Dictionary<string, byte[]> expected;
        IReadOnlyList<EpochRecord> expectedHistory;
        using (var trainer = TinyRun.Trainer(TinyRun.Options()))
        {
            expectedHistory = TinyRun.Fit(whole.Path, trainer).History;
            expected = TinyRun.Weights(trainer.Model);
        }

        using (var cancel = new CancellationTokenSource())
        using (var trainer = TinyRun.Trainer(TinyRun.Options()))
        {
            Assert.Throws<OperationCanceledException>(() => TinyRun.Fit(broken.Path, trainer,
                p => { if (p.EpochDone?.Epoch == 2) cancel.Cancel(); }, cancel.Token));
        }
        Assert.EndsWith("epoch-002", new RunFolder(broken.Path).LatestCheckpoint());

        using var resumed = new RunFolder(broken.Path).Resume();
        Assert.Equal(2, resumed.CompletedEpochs);
        var result = TinyRun.Fit(broken.Path, resumed);
        Assert.True(TinyRun.SameWeights(expected, TinyRun.Weights(resumed.Model)), "the resumed run ended with other weights");
        Assert.Equal(expectedHistory.Select(h => (h.Epoch, h.Loss, h.DevAccuracy, h.Improved)),
            result.History.Select(h => (h.Epoch, h.Loss, h.DevAccuracy, h.Improved)));
        Assert.True(TinyRun.SameWeights(expected, TinyRun.Weights(new RunFolder(broken.Path).FinalModel)));
    }

    [Fact]
    public void TheBestStateIsARealCopyAndPaperCompatibleKeepsTheLast()
    {
        using var folder = new TempFolder();
        var options = TinyRun.Options() with { Patience = 1, MaxEpochs = 40, LearningRate = 3e-3 };
        using var best = TinyRun.Trainer(options);
        var result = TinyRun.Fit(Path.Combine(folder.Path, "best"), best);
        // Patience 1 stops one epoch after the last improvement, so the best epoch is never the last.
        Assert.True(result.StoppedEarly, $"no early stop in {result.Epochs} epochs");
        Assert.Equal(result.BestEpoch, result.ModelEpoch);
        Assert.Equal(result.Epochs - 1, result.BestEpoch);
        var bestCheckpoint = Path.Combine(folder.Path, "best", "checkpoints", $"epoch-{result.BestEpoch:D3}");
        var lastCheckpoint = Path.Combine(folder.Path, "best", "checkpoints", $"epoch-{result.Epochs:D3}");
        Assert.True(TinyRun.SameWeights(TinyRun.Weights(bestCheckpoint), TinyRun.Weights(best.Model)), "the model does not hold the best epoch's weights");
        Assert.False(TinyRun.SameWeights(TinyRun.Weights(lastCheckpoint), TinyRun.Weights(best.Model)));
        // Only the newest and the best epoch checkpoints are kept.
        Assert.Equal(2, Directory.GetDirectories(Path.Combine(folder.Path, "best", "checkpoints")).Length);
        Assert.Equal(result.BestDevAccuracy, best.Evaluate(Data.Dev));

        using var paper = TinyRun.Trainer(options with { PaperCompatible = true });
        var paperResult = TinyRun.Fit(Path.Combine(folder.Path, "paper"), paper);
        Assert.Equal(result.Epochs, paperResult.Epochs);
        Assert.Equal(paperResult.Epochs, paperResult.ModelEpoch);
        Assert.True(TinyRun.SameWeights(TinyRun.Weights(lastCheckpoint), TinyRun.Weights(paper.Model)), "paper-compatible mode must keep the last epoch's weights");
    }

    [Fact]
    public void ANaNLossStopsNamingTheEpochAndStepBeforeTheUpdate()
    {
        using var trainer = TinyRun.Trainer(TinyRun.Options());
        var pooled = trainer.Model.named_modules().Single(m => m.name == "hook_pooled").module;
        var trainingCalls = 0;
        using var hook = ((nn.Module<Tensor, Tensor>)pooled).Hook((m, input, output) =>
        {
            if (!m.training) return null;
            // 6 steps per epoch: the 9th training forward is epoch 2, step 3.
            return ++trainingCalls == 9 ? output * double.NaN : null;
        });
        Dictionary<string, byte[]>? beforeBadStep = null;
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(Data.Train, Data.Dev, p =>
        {
            if (p.Epoch == 2 && p.Step == 2 && p.EpochDone is null) beforeBadStep = TinyRun.Weights(trainer.Model);
        }));
        Assert.Equal(2, e.Epoch);
        Assert.Equal(3, e.Step);
        Assert.Contains("epoch 2, step 3", e.Message);
        Assert.True(double.IsNaN(e.Loss));
        Assert.True(TinyRun.SameWeights(beforeBadStep!, TinyRun.Weights(trainer.Model)), "the NaN step changed the weights");
    }

    [Fact]
    public void ProgressReportsEveryStepAndEachEpoch()
    {
        using var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 2 });
        var reports = new List<TrainingProgress>();
        var live = new List<int>();
        var result = trainer.Fit(Data.Train, Data.Dev, p =>
        {
            reports.Add(p);
            if (p.EpochDone is not null) live.Add(trainer.Result().Epochs);
        });
        Assert.Equal([1, 2], live);
        Assert.Equal(result, trainer.Result() with { History = result.History });
        Assert.Equal(result.History, trainer.Result().History);
        Assert.Equal(2 * (6 + 1), reports.Count);
        Assert.Equal([1, 2, 3, 4, 5, 6], reports.Where(r => r.Epoch == 1 && r.EpochDone is null).Select(r => r.Step));
        Assert.Equal([1, 2], reports.Where(r => r.EpochDone is not null).Select(r => r.EpochDone!.Epoch));
        Assert.All(reports, r => Assert.Equal(6, r.StepsPerEpoch));
    }

    [Fact]
    public void FastModeTrainsWithMaskedPoolingAndRefusesAModelBuiltForThePaperMode()
    {
        var fast = TinyRun.Options() with { Mode = RunMode.Fast, MaxEpochs = 2 };
        var e = Assert.Throws<ArgumentException>(() => TinyRun.Trainer(fast, modelMode: RunMode.Paper));
        Assert.Contains("Fast mode but the model was built for Paper mode", e.Message);
        using var trainer = TinyRun.Trainer(fast);
        Assert.Equal(Pooling.MaskedMean, trainer.Model.Config.Pooling);
        var result = trainer.Fit(Data.Train, Data.Dev);
        Assert.Equal(2, result.Epochs);
        foreach (var h in result.History)
        {
            // L_imp and L_inter (on the real tokens) are computed and both weighted by their lambda of 1.
            Assert.True(h.Importance > 1e-2 && h.Interaction > 1e-3, $"epoch {h.Epoch}: L_imp {h.Importance}, L_inter {h.Interaction}");
            Assert.Equal(h.CrossEntropy + h.Importance + h.Interaction, h.Loss, 1e-6);
        }
        Assert.True(result.History[1].Loss < result.History[0].Loss, $"the loss did not fall: {result.History[0].Loss} then {result.History[1].Loss}");
        // The model holds the best epoch, scored with the same longest-in-batch padding.
        Assert.Equal(result.BestDevAccuracy, trainer.Evaluate(Data.Dev));
    }

    [Fact]
    public void ResumingOnOtherDataIsRefused()
    {
        using var folder = new TempFolder();
        var run = new RunFolder(folder.Path);
        using (var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 1 })) run.Fit(trainer, Data.Train, Data.Dev);
        using var resumed = run.Resume();
        var e = Assert.Throws<InvalidOperationException>(() => run.Fit(resumed, Data.Train.Skip(1).ToArray(), Data.Dev));
        Assert.Contains("other train/dev data", e.Message);
        Assert.Throws<FileNotFoundException>(() => new RunFolder(Path.Combine(folder.Path, "nothing")).Resume());
    }

    [Theory]
    [InlineData("BatchSize")]
    [InlineData("LearningRate")]
    [InlineData("Patience")]
    [InlineData("LambdaImportance")]
    [InlineData("MaxLength")]
    public void BadOptionsNameTheSetting(string setting)
    {
        var options = setting switch
        {
            "BatchSize" => TinyRun.Options() with { BatchSize = 0 },
            "LearningRate" => TinyRun.Options() with { LearningRate = double.NaN },
            "Patience" => TinyRun.Options() with { Patience = 0 },
            "LambdaImportance" => TinyRun.Options() with { LambdaImportance = -1 },
            _ => TinyRun.Options() with { MaxLength = 11 },
        };
        var e = Assert.Throws<ArgumentException>(() => TinyRun.Trainer(options));
        Assert.Contains(setting, e.Message);
    }
}
