using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Experiments;

/// <summary>
/// A dataset and shared settings, and the arms trained and scored on them the way the paper does: what the
/// notebooks, <c>safr evaluate</c> and the demo run. Every arm sees the same (seeded) data sample and
/// vocabulary; an arm's seed drives its initialisation, batch order, dropout and VMASK noise.
/// <code>
/// var experiment = new Experiment(Datasets.Load("sst2"), new ExperimentSettings { Mode = RunMode.Fast });
/// var results = experiment.Run([ExperimentArm.Baseline(), ExperimentArm.Safr()]);
/// ExperimentResults.Table("SST-2", results)
/// </code>
/// </summary>
public sealed class Experiment
{
    public Experiment(TextDataset data, ExperimentSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        Settings = settings ?? new ExperimentSettings();
        if (!(Settings.DataFraction > 0 && Settings.DataFraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(settings), Settings.DataFraction, "DataFraction must be in (0, 1]");
        Data = data;
        // dataFraction < 1 samples every split (seeded), so quick runs also evaluate quickly.
        TrainSet = DatasetSampling.Fraction(data.Train, Settings.DataFraction, seed: 0);
        DevSet = DatasetSampling.Fraction(data.Dev, Settings.DataFraction, seed: 0);
        TestSet = DatasetSampling.Fraction(data.Test, Settings.DataFraction, seed: 0);
        Vocabulary = Vocabulary.Build(TrainSet, tokenizer: Settings.Tokenizer);
        MaxLength = Settings.MaxLengthFor(data.Name);
    }

    public TextDataset Data { get; }

    public ExperimentSettings Settings { get; }

    public IReadOnlyList<TextExample> TrainSet { get; }

    public IReadOnlyList<TextExample> DevSet { get; }

    public IReadOnlyList<TextExample> TestSet { get; }

    public Vocabulary Vocabulary { get; }

    public int MaxLength { get; }

    /// <summary>Every arm's model: the architecture, sized to this data, with the run mode's pooling.</summary>
    public SafrTransformerConfig ModelConfig => Settings.Mode.Configure(
        (Settings.Architecture ?? new SafrTransformerConfig(Vocabulary.Count)) with
        {
            VocabSize = Vocabulary.Count, NumClasses = Data.NumClasses, MaxSeqLength = MaxLength,
        });

    /// <summary>The trainer's options for <paramref name="arm"/>.</summary>
    public TrainingOptions Options(ExperimentArm arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return new TrainingOptions
        {
            LambdaImportance = arm.LambdaImportance,
            LambdaInteraction = arm.LambdaInteraction,
            Seed = arm.Seed,
            Mode = Settings.Mode,
            MaxEpochs = Settings.MaxEpochs,
            Patience = Settings.Patience,
            MaxLength = MaxLength,
            LearningRate = Settings.LearningRate,
            BatchSize = Settings.BatchSize,
            Dataset = Data.Name,
            RunFolder = Settings.RunsFolder is null ? null : RunFolderOf(arm).Path,
        };
    }

    /// <summary>Where <paramref name="arm"/>'s run is kept (under <see cref="ExperimentSettings.RunsFolder"/>).</summary>
    public RunFolder RunFolderOf(ExperimentArm arm)
    {
        var root = Settings.RunsFolder ?? throw new InvalidOperationException("the experiment keeps its runs in memory (ExperimentSettings.RunsFolder is null)");
        return new RunFolder(Path.Combine(root, RunFolderName(Data.Name, Settings, arm)));
    }

    /// <summary>The name of <paramref name="arm"/>'s run folder on <paramref name="dataset"/> under <paramref name="settings"/> (no data needed).</summary>
    public static string RunFolderName(string dataset, ExperimentSettings settings, ExperimentArm arm)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(arm);
        // Another tokenizer is another model: its runs get folders of their own (whitespace keeps the names it always had).
        var tokens = settings.Tokenizer is WhitespaceTokenizer ? "" : $"-{settings.Tokenizer.Name}";
        return string.Create(CultureInfo.InvariantCulture, $"{dataset}-{settings.Mode.ToString().ToLowerInvariant()}{tokens}-imp{arm.LambdaImportance:G}-inter{arm.LambdaInteraction:G}-seed{arm.Seed}");
    }

    /// <summary>
    /// Trains <paramref name="arm"/> (continuing its run folder's latest checkpoint when there is one), calling
    /// <paramref name="onEpoch"/> with the run so far after every epoch and once at the end, e.g. a notebook's
    /// <c>display(...).Update</c>.
    /// </summary>
    /// <param name="steps">Every step and epoch (for progress bars).</param>
    public TrainedArm Train(ExperimentArm arm, Action<TrainingResult>? onEpoch = null, CancellationToken cancellationToken = default,
        Action<TrainingProgress>? steps = null)
    {
        var options = Options(arm);
        var device = Settings.Device;
        var trainer = options.RunFolder is { } folder && new RunFolder(folder).LatestCheckpoint() is not null
            ? SafrTrainer.Resume(folder, device, Settings.Tokenizer)
            : new SafrTrainer(SafrTrainer.CreateModel(ModelConfig, arm.Seed, device), Vocabulary, options);
        try
        {
            var result = trainer.Fit(TrainSet, DevSet, p =>
            {
                steps?.Invoke(p);
                if (p.EpochDone is not null) onEpoch?.Invoke(trainer.Result());
            }, cancellationToken);
            onEpoch?.Invoke(result);
            return new TrainedArm(arm, trainer, result);
        }
        catch
        {
            onEpoch?.Invoke(trainer.Result());  // what was reached before the stop stays on show
            trainer.Model.Dispose();
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>Scores a trained arm on the test split in one pass (<see cref="Evaluator"/>).</summary>
    public ArmResult Evaluate(TrainedArm trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var evaluation = Evaluator.Evaluate(trained.Trainer.Model, trained.Trainer.Vocabulary, TestSet, Settings.Mode, MaxLength,
            Math.Min(Settings.FaithfulnessExamples, TestSet.Count));
        return new ArmResult(trained.Arm, evaluation, trained.Training);
    }

    /// <summary>Trains and scores each arm in turn, freeing each model once scored.</summary>
    public IReadOnlyList<ArmResult> Run(IEnumerable<ExperimentArm> arms, Action<ExperimentArm, TrainingResult>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var results = new List<ArmResult>();
        foreach (var arm in arms)
        {
            using var trained = Train(arm, onEpoch is null ? null : r => onEpoch(arm, r), cancellationToken);
            results.Add(Evaluate(trained));
        }
        return results;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Data.Name}: {TrainSet.Count:N0} train, {DevSet.Count:N0} dev, {TestSet.Count:N0} test{(Settings.DataFraction < 1 ? $" (a seeded {Settings.DataFraction:P0} of each split)" : "")}; vocabulary {Vocabulary.Count:N0}{(Settings.Tokenizer is WhitespaceTokenizer ? "" : $" {Settings.Tokenizer.Name} tokens")}; {Settings.Mode} mode, max length {MaxLength}, up to {Settings.MaxEpochs} epochs (patience {Settings.Patience})");
}
