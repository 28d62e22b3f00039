using System.Diagnostics;
using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Runs;

/// <summary>
/// A dataset, a <see cref="RunSpec"/> every arm shares, and the arms trained and scored on them the way the paper does:
/// what the notebooks, sweeps and the demo run. Every arm sees the same (seeded) data sample and vocabulary; an arm's
/// seed drives its initialisation, batch order, dropout and VMASK noise.
/// <code>
/// var experiment = new Experiment(Datasets.Load("sst2"), new RunSpec { Mode = RunMode.Fast });
/// var records = experiment.Run([ExperimentArm.Baseline(), ExperimentArm.Safr()]);
/// records.SummaryFrame()
/// </code>
/// </summary>
public sealed class Experiment
{
    /// <param name="data">The dataset (its name replaces the template's <see cref="RunSpec.Dataset"/> unless the template reads a file).</param>
    /// <param name="template">What every arm shares; each arm sets its name, lambdas and seed (<see cref="ExperimentArm.Apply"/>).</param>
    /// <param name="runsFolder">A folder under which each arm gets its run folder (checkpoints, final model, record); null keeps runs in memory.</param>
    public Experiment(TextDataset data, RunSpec? template = null, string? runsFolder = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var spec = template ?? new RunSpec();
        Template = (spec.DataFile is null ? spec with { Dataset = data.Name } : spec).Validate();
        // SST-2's default loads the sentence files, or the trees where they are absent: runs record the one it was.
        DataSource = RunData.Resolve(Template).Sst2Source;
        Data = data;
        RunsFolder = runsFolder is null ? null : Path.GetFullPath(runsFolder);
        Sample = Template.Sample(data);
        Vocabulary = Vocabulary.Build(Sample.Train, tokenizer: Template.TextTokenizer());
    }

    public TextDataset Data { get; }

    /// <summary>What every arm shares.</summary>
    public RunSpec Template { get; }

    /// <summary>For SST-2, the source the data comes from ("trees" where the default found no sentence files), as runs record it.</summary>
    public string? DataSource { get; }

    public string? RunsFolder { get; }

    /// <summary>The seeded sample every arm trains, stops and is tested on.</summary>
    public DataSample Sample { get; }

    public IReadOnlyList<TextExample> TrainSet => Sample.Train;

    public IReadOnlyList<TextExample> DevSet => Sample.Dev;

    public IReadOnlyList<TextExample> TestSet => Sample.Test;

    public Vocabulary Vocabulary { get; }

    public int MaxLength => Template.EffectiveMaxLength;

    /// <summary>Every arm's model: the architecture, sized to this data, with the run mode's pooling.</summary>
    public SafrTransformerConfig ModelConfig => Template.ModelConfig(Vocabulary.Count, Data.NumClasses);

    /// <summary>The run <paramref name="arm"/> is: the template with its name, lambdas and seed.</summary>
    public RunSpec Spec(ExperimentArm arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Apply(Template);
    }

    /// <summary>The trainer's options for <paramref name="arm"/>.</summary>
    public TrainingOptions Options(ExperimentArm arm) => Options(Spec(arm));

    /// <summary>The trainer's options for <paramref name="spec"/>, a run on this experiment's data.</summary>
    public TrainingOptions Options(RunSpec spec) => Recorded(Check(spec)).TrainingOptions();

    /// <summary><paramref name="spec"/> as its run records it: with the SST-2 source its data really came from (<see cref="DataSource"/>).</summary>
    public RunSpec Recorded(RunSpec spec) => spec.DataFile is null && spec.Dataset == Datasets.Sst2 ? spec with { Sst2Source = DataSource } : spec;

    /// <summary>Where <paramref name="arm"/>'s run is kept (under <see cref="RunsFolder"/>).</summary>
    public RunFolder RunFolderOf(ExperimentArm arm) => RunFolderOf(Spec(arm));

    /// <summary>Where the run <paramref name="spec"/> is kept (under <see cref="RunsFolder"/>).</summary>
    public RunFolder RunFolderOf(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var root = RunsFolder ?? throw new InvalidOperationException("the experiment keeps its runs in memory (no runs folder was given)");
        return new RunFolder(Path.Combine(root, spec.RunFolderName()));
    }

    /// <summary>
    /// Trains <paramref name="arm"/> (continuing its run folder's latest checkpoint when there is one), calling
    /// <paramref name="onEpoch"/> with the run so far after every epoch and once at the end, e.g. a notebook's
    /// <c>display(...).Update</c>.
    /// </summary>
    /// <param name="steps">Every step and epoch (for progress bars).</param>
    public TrainedArm Train(ExperimentArm arm, Action<TrainingResult>? onEpoch = null, CancellationToken cancellationToken = default,
        Action<TrainingProgress>? steps = null) => Train(Spec(arm), onEpoch, cancellationToken, steps);

    /// <summary>Trains the run <paramref name="spec"/> on this experiment's data (its data fields must be the template's).</summary>
    /// <param name="runFolder">Where to keep the run instead of <see cref="RunFolderOf(RunSpec)"/> (<c>safr train --out</c>).</param>
    public TrainedArm Train(RunSpec spec, Action<TrainingResult>? onEpoch = null, CancellationToken cancellationToken = default,
        Action<TrainingProgress>? steps = null, RunFolder? runFolder = null)
    {
        var options = Options(spec);
        var run = runFolder ?? (RunsFolder is null ? null : RunFolderOf(spec));
        var device = spec.TorchDevice();
        if (run is not null && !File.Exists(run.SpecFile)) Recorded(spec).SaveTo(run);
        var trainer = run?.LatestCheckpoint() is not null
            ? run.Resume(device)
            : new SafrTrainer(SafrTrainer.CreateModel(spec.ModelConfig(Vocabulary.Count, Data.NumClasses), spec.Seed, device), Vocabulary, options);
        TrainingResult SoFar() => trainer.Result() with { RunFolder = run?.Path };
        void Progress(TrainingProgress p)
        {
            steps?.Invoke(p);
            if (p.EpochDone is not null) onEpoch?.Invoke(SoFar());
        }
        try
        {
            var result = run is null
                ? trainer.Fit(TrainSet, DevSet, Progress, cancellationToken)
                : run.Fit(trainer, TrainSet, DevSet, Progress, cancellationToken);
            onEpoch?.Invoke(result);
            return new TrainedArm(spec, trainer, result);
        }
        catch
        {
            onEpoch?.Invoke(SoFar());  // what was reached before the stop stays on show
            trainer.Model.Dispose();
            trainer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Scores a trained arm on the test split in one pass (<see cref="Evaluator"/>) and returns its record; with a run
    /// folder, the record is also written there (record.json, last: the run is then finished).
    /// </summary>
    public RunRecord Evaluate(TrainedArm trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        var watch = Stopwatch.StartNew();
        var spec = trained.Spec;
        var evaluation = Evaluator.Evaluate(trained.Trainer.Model, trained.Trainer.Vocabulary, TestSet, spec.Mode, spec.EffectiveMaxLength,
            Math.Min(spec.FaithfulnessExamples, TestSet.Count));
        var record = RunRecord.Of(Recorded(spec), evaluation, trained.Training,
            trained.Training.History.Sum(h => h.Seconds) + watch.Elapsed.TotalSeconds, Data);
        if (trained.Training.RunFolder is { } run) record.SaveTo(new RunFolder(run));
        return record;
    }

    /// <summary>Trains and scores each arm in turn, freeing each model once scored.</summary>
    public IReadOnlyList<RunRecord> Run(IEnumerable<ExperimentArm> arms, Action<ExperimentArm, TrainingResult>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var results = new List<RunRecord>();
        foreach (var arm in arms)
        {
            using var trained = Train(arm, onEpoch is null ? null : r => onEpoch(arm, r), cancellationToken);
            results.Add(Evaluate(trained));
        }
        return results;
    }

    /// <summary><paramref name="spec"/>, checked to be a run on this experiment's sample and vocabulary.</summary>
    private RunSpec Check(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        // The SST-2 source as the data was loaded: the default (null) is the one this experiment's data came from.
        RunSpec DataOf(RunSpec s) => s.DataFields with { Sst2Source = s.Sst2Source ?? DataSource };
        if (DataOf(spec) != DataOf(Template))
            throw new ArgumentException($"{spec} is not a run on this experiment's data ({Template.DatasetName}, fraction {Template.DataFraction:G}, {Template.Tokenizer} tokens)", nameof(spec));
        return spec;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Template.DatasetName}: {TrainSet.Count:N0} train, {DevSet.Count:N0} dev, {TestSet.Count:N0} test{(Template.DataFraction < 1 ? $" (a seeded {Template.DataFraction:P0} of each split)" : "")}; vocabulary {Vocabulary.Count:N0}{(Template.Tokenizer == WhitespaceTokenizer.TokenizerName ? "" : $" {Template.Tokenizer} tokens")}; {Template.Mode} mode, max length {MaxLength}, up to {Template.Epochs} epochs (patience {Template.Patience})");
}
