using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Tables;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Runs;

/// <summary>The Experiments API: arms trained under one mode, scored in one pass, resumed from their run folders.</summary>
[Collection("KitGlobalState")]
public class ExperimentTests
{
    private static readonly RunSpec Small = new()
    {
        Architecture = TinyRun.Config(), MaxLength = 10, LearningRate = 1e-3, Epochs = 2, Patience = 10, BatchSize = 16, FaithfulnessExamples = 8,
    };

    [Theory]
    [InlineData(RunMode.Paper)]
    [InlineData(RunMode.Fast)]
    public void AnArmTrainsInTheExperimentsModeWithItsOwnLambdasAndSeed(RunMode mode)
    {
        var experiment = new Experiment(TinyRun.Task.Dataset, Small with { Mode = mode });
        var arm = new ExperimentArm("odd", 0.3, 2, Seed: 5);
        var options = experiment.Options(arm);
        Assert.Equal((0.3, 2.0, 5, mode, PaddingForMode(mode)), (options.LambdaImportance, options.LambdaInteraction, options.Seed, options.Mode, options.Padding));
        Assert.Equal(mode.Pooling(), experiment.ModelConfig.Pooling);
        Assert.Equal(experiment.Vocabulary.Count, experiment.ModelConfig.VocabSize);
        var updates = new List<TrainingResult>();
        using var trained = experiment.Train(arm, updates.Add);
        Assert.Equal([1, 2], updates.Take(2).Select(u => u.Epochs));  // after each epoch, then once at the end
        Assert.Same(trained.Training, updates[^1]);
    }

    private static PaddingMode PaddingForMode(RunMode mode) => mode == RunMode.Fast ? PaddingMode.LongestInBatch : PaddingMode.FixedLength;

    [Fact]
    public void TheOnePassEvaluationEqualsEachMetricComputedOnItsOwn()
    {
        var experiment = new Experiment(TinyRun.Task.Dataset, Small with { Mode = RunMode.Fast });
        using var trained = experiment.Train(ExperimentArm.Safr());
        var result = experiment.Evaluate(trained);
        var model = trained.Trainer.Model;
        var batches = new BatchIterator(experiment.TestSet, experiment.Vocabulary, 128, 10, PaddingMode.LongestInBatch, shuffle: false);
        Assert.Equal(Accuracy.Evaluate(model, batches.Epoch(0)), result.TestAccuracy);
        Assert.Equal(PolysemanticityByImportance.Evaluate(model, batches.Epoch(0)), result.Test.Polysemanticity);
        Assert.Equal(InteractionScore.Evaluate(model, batches.Epoch(0)), result.Test.Interaction);
        Assert.Equal(8, result.Test.Faithfulness!["VMASK"].Examples);
        Assert.Equal(experiment.TestSet.Count, result.Test.Examples);
    }

    [Fact]
    public void AnExperimentTrainsOnTheTokensOfItsTokenizer()
    {
        using var folder = new TempFolder();
        var experiment = new Experiment(TinyRun.Task.Dataset, Small with { Tokenizer = "gpt2", Epochs = 1 }, folder.Path);
        Assert.Same(TextTokenizers.Gpt2, experiment.Vocabulary.Tokenizer);
        Assert.Equal(Vocabulary.Build(experiment.TrainSet, tokenizer: TextTokenizers.Gpt2).Keys, experiment.Vocabulary.Keys);
        Assert.Equal(experiment.Vocabulary.Count, experiment.ModelConfig.VocabSize);
        var arm = ExperimentArm.Safr();
        // Another tokenizer, another folder: a whitespace run of the same arm is never resumed as this one.
        Assert.Contains("-gpt2-", Path.GetFileName(experiment.RunFolderOf(arm).Path));
        Assert.DoesNotContain("whitespace", new Experiment(TinyRun.Task.Dataset, Small, folder.Path).RunFolderOf(arm).Path);
        using var trained = experiment.Train(arm);
        var final = Checkpoint.Load(experiment.RunFolderOf(arm).FinalModel);
        using (final.Model) Assert.Same(TextTokenizers.Gpt2, final.Vocabulary.Tokenizer);
        Assert.Equal(8, experiment.Evaluate(trained).Test.Faithfulness!["VMASK"].Examples);
    }

    [Fact]
    public void AnArmWithARunFolderResumesItsLatestCheckpointInsteadOfStartingOver()
    {
        using var folder = new TempFolder();
        var settings = Small with { Epochs = 2 };
        var arm = ExperimentArm.Baseline(seed: 2);
        // Stopped after epoch 1 (the notebook's Stop button), as a crash would stop it.
        using var stop = new CancellationTokenSource();
        var shown = new List<TrainingResult>();
        Assert.ThrowsAny<OperationCanceledException>(() => new Experiment(TinyRun.Task.Dataset, settings, folder.Path).Train(arm, r => { shown.Add(r); stop.Cancel(); }, stop.Token));
        Assert.Equal(1, shown[^1].Epochs);  // the partial run stays on show
        var run = new Experiment(TinyRun.Task.Dataset, settings, folder.Path).RunFolderOf(arm);
        Assert.EndsWith("epoch-001", run.LatestCheckpoint());
        using var resumed = new Experiment(TinyRun.Task.Dataset, settings, folder.Path).Train(arm);
        Assert.Equal([1, 2], resumed.Training.History.Select(h => h.Epoch));
        using var uninterrupted = new Experiment(TinyRun.Task.Dataset, Small with { Epochs = 2 }).Train(arm);
        Assert.Equal(uninterrupted.Training.History.Select(h => h.Loss), resumed.Training.History.Select(h => h.Loss));
    }

    [Fact]
    public void TheSummaryGroupsSeedsOfAConfigurationAndTheFrameHasARowPerRun()
    {
        var experiment = new Experiment(TinyRun.Task.Dataset, Small with { Epochs = 1, FaithfulnessExamples = 0 });
        var results = experiment.Run([ExperimentArm.Baseline(0), ExperimentArm.Baseline(1), ExperimentArm.Safr(0)]);
        Assert.Equal(3, results.Frame().Rows.Count);
        var summary = results.SummaryFrame();
        Assert.Equal(["baseline", "SAFR"], summary["Name"].Cast<string>());
        Assert.Equal(2, summary["Runs"][0]);
        var accuracies = results.Take(2).Select(r => r.TestAccuracy).ToArray();
        Assert.Equal(MeanInterval.Of(accuracies).Mean, summary["TestAccuracy.Mean"][0]);
        Assert.Equal(MeanInterval.Of(accuracies).HalfWidth, summary["TestAccuracy.Ci95"][0]);
    }

    [Fact]
    public void AnArmsRunIsTheTemplateWithItsNameLambdasAndSeedAndItsRecordSaysSo()
    {
        using var folder = new TempFolder();
        var experiment = new Experiment(TinyRun.Task.Dataset, Small with { Epochs = 1, FaithfulnessExamples = 0, Mode = RunMode.Fast }, folder.Path);
        var arm = new ExperimentArm("odd", 0.3, 2, Seed: 5);
        Assert.Equal(Small with { Epochs = 1, FaithfulnessExamples = 0, Mode = RunMode.Fast, Dataset = TinyRun.Task.Dataset.Name, Name = "odd", LambdaImportance = 0.3, LambdaInteraction = 2, Seed = 5 },
            experiment.Spec(arm));
        using var trained = experiment.Train(arm);
        var record = experiment.Evaluate(trained);
        Assert.Equal(experiment.Spec(arm), record.Spec);
        // Written into the run folder, last, and read back whole.
        var run = experiment.RunFolderOf(arm);
        Assert.True(run.IsFinished);
        Assert.Equal(experiment.Spec(arm), RunSpec.ReadFrom(run));
        var again = RunRecord.ReadFrom(run);
        Assert.Equal(record.Spec, again.Spec);
        Assert.Equal(record.Test.Accuracy, again.Test.Accuracy);
        Assert.Equal(record.Test.Polysemanticity, again.Test.Polysemanticity);
        Assert.Equal(record.Training.History, again.Training.History);
    }

    [Fact]
    public void TheAblationGridIsTheFourConfigurationsTimesTheSeeds()
    {
        var grid = ExperimentArm.Ablations(2);
        Assert.Equal(8, grid.Count);
        Assert.Equal([(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)], grid.Select(a => (a.LambdaImportance, a.LambdaInteraction)).Distinct());
        Assert.Equal([0, 1], grid.Where(a => a.Name == "SAFR").Select(a => a.Seed));
    }

    [Fact]
    public void ARunOnOtherDataThanTheExperimentsIsRefused()
    {
        var experiment = new Experiment(TinyRun.Task.Dataset, Small);
        var own = experiment.Spec(ExperimentArm.Safr());
        Assert.Equal(own.DataFields, (own with { Seed = 3, Epochs = 9, LambdaImportance = 0.5 }).DataFields);  // not data: one sample serves them all
        Assert.NotNull(experiment.Options(own with { Seed = 3, Epochs = 9 }));
        foreach (var other in new[] { own with { DataFraction = 0.5 }, own with { Tokenizer = "gpt2" }, own with { DataFile = "other.csv" } })
            Assert.Contains("is not a run on this experiment's data", Assert.Throws<ArgumentException>(() => experiment.Options(other)).Message);
    }
}
