using System.Diagnostics;
using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Serialization;
using Safr.Kit.Training;
using static TorchSharp.torch;

namespace Safr.Kit.Experiments;

/// <summary>
/// Runs the cells of a <see cref="SweepSpec"/>, each an independent, resumable run folder, and is the one place that
/// knows a sweep folder's layout:
/// <code>
/// OUTPUT/
///   spec.json              the spec the cells are trained under (a spec that would train other runs here is refused)
///   runs/NAME/             each cell's run folder (Experiment.RunFolderOf: checkpoints, model/, result.json)
///   runs/NAME.cell.json    each finished cell's metrics (SweepCellResult), written atomically, last
///   logs/cell-N.out        each cell's output when child processes or Slurm run it
///   results.csv, summary.csv, manifest.json    what SweepMerge gathers
/// </code>
/// A finished cell (its .cell.json exists) is skipped, and an interrupted one continues from its latest checkpoint, so
/// running a sweep again after a crash or a cancel carries on where it stopped. Processes may run different cells of one
/// sweep at once (a run folder takes one process at a time).
/// <code>
/// var sweep = new Sweep(SweepSpec.Load("sweeps/sst2-ablations.json"));
/// sweep.Run(log: Console.WriteLine);                      // or sweep.RunCell(sweep.Cells[3])
/// var merged = SweepMerge.Run(sweep);                     // merged.Results: one SweepCellResult per finished cell
/// </code>
/// </summary>
public sealed class Sweep
{
    public const string SpecFileName = "spec.json";
    public const string ResultSuffix = ".cell.json";

    private readonly Func<string, TextDataset> _loadDataset;
    private readonly Dictionary<string, Experiment> _experiments = new(StringComparer.Ordinal);

    /// <param name="template">Settings the spec does not give (the architecture, e.g. a tiny model in tests).
    /// The spec's mode, tokenizer, epochs, patience, data fraction, faithfulness examples, device and (when it gives them) max length,
    /// batch size and learning rate override it; the runs folder is the sweep's.</param>
    /// <param name="loadDataset">Loads a dataset by name (default: <see cref="Datasets.Load"/>).</param>
    public Sweep(SweepSpec spec, ExperimentSettings? template = null, Func<string, TextDataset>? loadDataset = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _loadDataset = loadDataset ?? (name => Datasets.Load(name));
        var baseline = template ?? new ExperimentSettings();
        Settings = baseline with
        {
            Mode = spec.Mode,
            Tokenizer = TextTokenizers.Get(spec.Tokenizer),
            MaxEpochs = spec.Epochs,
            Patience = spec.Patience,
            DataFraction = spec.DataFraction,
            MaxLength = spec.MaxLength ?? baseline.MaxLength,
            BatchSize = spec.BatchSize ?? baseline.BatchSize,
            LearningRate = spec.LearningRate ?? baseline.LearningRate,
            FaithfulnessExamples = spec.FaithfulnessExamples,
            Device = spec.Device == "cpu" ? null : new Device(spec.Device),
            RunsFolder = RunsFolder,
        };
    }

    /// <summary>The sweep of the folder a sweep has run in (its spec.json), e.g. to merge it.</summary>
    public static Sweep Open(string folder, ExperimentSettings? template = null, Func<string, TextDataset>? loadDataset = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: no such folder");
        var file = Path.Combine(full, SpecFileName);
        if (!File.Exists(file))
            throw new InputException($"{full}: not a sweep folder (it has no {SpecFileName}, which a sweep writes when it starts)");
        return new Sweep(ReadRecorded(file, full), template, loadDataset);
    }

    public SweepSpec Spec { get; }

    /// <summary>The settings every cell's <see cref="Experiment"/> runs under.</summary>
    public ExperimentSettings Settings { get; }

    /// <summary>The sweep's folder (the spec's output).</summary>
    public string Folder => Spec.Output;

    public string SpecFile => Path.Combine(Folder, SpecFileName);

    public string RunsFolder => Path.Combine(Folder, "runs");

    public string LogsFolder => Path.Combine(Folder, "logs");

    public IReadOnlyList<SweepCell> Cells => Spec.Cells;

    /// <summary>The cell's run folder (<see cref="Experiment.RunFolderOf"/>).</summary>
    public RunFolder RunFolderOf(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new RunFolder(Path.Combine(RunsFolder, Experiment.RunFolderName(cell.Dataset, Settings, cell.Arm)));
    }

    /// <summary>The finished cell's metrics file, beside its run folder.</summary>
    public string ResultFileOf(SweepCell cell) => RunFolderOf(cell).Path + ResultSuffix;

    /// <summary>Where the cell's output goes when a child process or Slurm runs it (Slurm's <c>cell-%a.out</c>).</summary>
    public string LogFileOf(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Path.Combine(LogsFolder, string.Create(CultureInfo.InvariantCulture, $"cell-{cell.Index}.out"));
    }

    /// <summary>Whether the cell is trained and evaluated (its metrics file exists).</summary>
    public bool IsFinished(SweepCell cell) => File.Exists(ResultFileOf(cell));

    /// <summary>The finished cell's metrics, or null when it has not finished.</summary>
    public SweepCellResult? ResultOf(SweepCell cell)
    {
        var file = ResultFileOf(cell);
        if (!File.Exists(file)) return null;
        var result = SweepCellResult.Read(file);
        return result.IsOf(cell, Spec) ? result
            : throw new InputException($"{file}: holds the result of another cell ({result.Dataset}, lambda_imp {result.LambdaImportance:G}, lambda_inter {result.LambdaInteraction:G}, seed {result.Seed}, cell {result.Cell}) than {cell}");
    }

    /// <summary>
    /// Creates the sweep's folder and records the spec in its spec.json; when one is there already, refuses a spec that
    /// would train other runs (another grid, seeds, epochs, ...), whose cells would mix with the recorded ones.
    /// </summary>
    public void Prepare()
    {
        Directory.CreateDirectory(Folder);
        if (File.Exists(SpecFile))
        {
            if (ReadRecorded(SpecFile, Folder).FirstDifference(Spec) is { } field)
                throw new InputException($"{Folder} holds the runs of another sweep: its {SpecFileName} differs in \"{field}\"; give this spec another output folder, or delete that one to start over");
            return;
        }
        // Processes starting cells at once write the same bytes; each write is atomic.
        AtomicFile.WriteAllBytes(SpecFile, System.Text.Encoding.UTF8.GetBytes(Spec.ToJson() + "\n"));
    }

    /// <summary>
    /// Runs <paramref name="cells"/> (default: all) in order, skipping finished ones, and returns every one's metrics. A cancel
    /// stops the cell in training after its current step (its finished epochs stay checkpointed) and throws.
    /// </summary>
    /// <param name="log">A line per cell (skipped, resumed, trained and scored) and per dataset loaded.</param>
    /// <param name="steps">Every training step and epoch of each cell (for progress bars).</param>
    public IReadOnlyList<SweepCellResult> Run(IEnumerable<SweepCell>? cells = null, Action<string>? log = null,
        Action<SweepCell, TrainingProgress>? steps = null, CancellationToken cancellationToken = default)
    {
        var results = new List<SweepCellResult>();
        foreach (var cell in cells ?? Cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(RunCell(cell, log, steps is null ? null : p => steps(cell, p), cancellationToken));
        }
        return results;
    }

    /// <summary>Trains (or continues) and evaluates one cell, then writes its metrics; a finished cell is only read.</summary>
    public SweepCellResult RunCell(SweepCell cell, Action<string>? log = null, Action<TrainingProgress>? steps = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!Cells.Contains(cell)) throw new ArgumentException($"{cell} is not a cell of {Spec.Name}", nameof(cell));
        if (ResultOf(cell) is { } done)
        {
            log?.Invoke($"{cell}: finished before, skipped");
            return done;
        }
        Prepare();
        var experiment = ExperimentFor(cell.Dataset, log);
        var run = experiment.RunFolderOf(cell.Arm);
        if (run.Path != RunFolderOf(cell).Path)
            throw new InvalidOperationException($"dataset '{cell.Dataset}' loaded as '{experiment.Data.Name}': its runs would not be where the sweep looks ({RunFolderOf(cell)})");
        log?.Invoke(run.IsFinished ? $"{cell}: trained before; evaluating" :
            run.LatestCheckpoint() is { } latest ? $"{cell}: continuing {run.Path} after {Path.GetFileName(latest)}" : $"{cell}: training in {run.Path}");
        using var trained = experiment.Train(cell.Arm, cancellationToken: cancellationToken, steps: steps);
        var watch = Stopwatch.StartNew();
        var scored = experiment.Evaluate(trained);
        RunResult.Write(run, trained.Trainer, trained.Training, scored.TestAccuracy, experiment.Data);
        var result = SweepCellResult.Of(cell, Spec, scored, trained.Training.History.Sum(h => h.Seconds) + watch.Elapsed.TotalSeconds,
            Path.GetRelativePath(Folder, run.Path));
        result.Write(ResultFileOf(cell));  // last: the cell is finished
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{cell}: {result.Epochs} epoch(s), test accuracy {result.TestAccuracy:P2}, P(important) {result.PolysemanticityImportant:F4}, AOPC comp. {result.AopcComprehensiveness:F4}, {result.Seconds:F1} s"));
        return result;
    }

    public override string ToString() => Spec.ToString();

    private Experiment ExperimentFor(string dataset, Action<string>? log)
    {
        if (!_experiments.TryGetValue(dataset, out var experiment))
        {
            experiment = new Experiment(_loadDataset(dataset), Settings);
            log?.Invoke(experiment.ToString());
            _experiments[dataset] = experiment;
        }
        return experiment;
    }

    /// <summary>A spec.json a sweep wrote: any dataset names, and the folder it is in as output (the folder may have moved).</summary>
    private static SweepSpec ReadRecorded(string file, string folder) =>
        new SweepSpecReader(File.ReadAllBytes(file), file, folder, knownDatasets: null).Read() with { Output = folder };
}
