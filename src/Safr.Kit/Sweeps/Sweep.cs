using System.Diagnostics;
using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Serialization;
using Safr.Kit.Training;

namespace Safr.Kit.Sweeps;

/// <summary>
/// Runs the cells of a <see cref="SweepSpec"/>, each an independent, resumable run folder, and is the one place that
/// knows a sweep folder's layout:
/// <code>
/// OUTPUT/
///   spec.json              the spec the cells are trained under (a spec that would train other runs here is refused)
///   runs/NAME/             each cell's run folder (RunSpec.RunFolderName): checkpoints, model/, record.json (written last)
///   logs/cell-N.out        each cell's output when child processes or Slurm run it
///   records.jsonl, results.csv, summary.csv, manifest.json    what SweepMerge gathers (Tables.ResultsFolder)
/// </code>
/// A finished cell (its run folder has its record) is skipped, and an interrupted one continues from its latest
/// checkpoint, so running a sweep again after a crash or a cancel carries on where it stopped. Processes may run
/// different cells of one sweep at once (a run folder takes one process at a time).
/// <code>
/// var sweep = new Sweep(SweepSpec.Load("sweeps/sst2-ablations.json"));
/// sweep.Run(log: Console.WriteLine);                      // or sweep.RunCell(sweep.Cells[3])
/// var merged = SweepMerge.Run(sweep);                     // merged.Records: one RunRecord per finished cell
/// </code>
/// </summary>
public sealed class Sweep
{
    public const string SpecFileName = "spec.json";

    /// <summary>What cells finished before run records wrote beside their run folder (read, never written).</summary>
    public const string LegacyResultSuffix = ".cell.json";

    private readonly Func<RunSpec, TextDataset> _loadDataset;
    private readonly Dictionary<RunSpec, Experiment> _experiments = [];

    /// <param name="loadDataset">Loads a cell's data (default: <see cref="RunData.Load"/>, with download notes on standard error).</param>
    public Sweep(SweepSpec spec, Func<RunSpec, TextDataset>? loadDataset = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        _loadDataset = loadDataset ?? (s => RunData.Load(s, new DatasetOptions { Log = Console.Error }));
    }

    /// <summary>The sweep of the folder a sweep has run in (its spec.json), e.g. to merge it.</summary>
    public static Sweep Open(string folder, Func<RunSpec, TextDataset>? loadDataset = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        if (!Directory.Exists(full)) throw new DirectoryNotFoundException($"{full}: no such folder");
        var file = Path.Combine(full, SpecFileName);
        if (!File.Exists(file))
            throw new InputException($"{full}: not a sweep folder (it has no {SpecFileName}, which a sweep writes when it starts)");
        return new Sweep(ReadRecorded(file, full), loadDataset);
    }

    public SweepSpec Spec { get; }

    /// <summary>The sweep's folder (the spec's output).</summary>
    public string Folder => Spec.Output;

    public string SpecFile => Path.Combine(Folder, SpecFileName);

    public string RunsFolder => Path.Combine(Folder, "runs");

    public string LogsFolder => Path.Combine(Folder, "logs");

    public IReadOnlyList<SweepCell> Cells => Spec.Cells;

    /// <summary>The cell's run folder, named by its spec (<see cref="RunSpec.RunFolderName"/>).</summary>
    public RunFolder RunFolderOf(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return new RunFolder(Path.Combine(RunsFolder, cell.Spec.RunFolderName()));
    }

    /// <summary>The file that says a cell finished: its run record.</summary>
    public string ResultFileOf(SweepCell cell) => RunFolderOf(cell).RecordFile;

    /// <summary>Where the cell's output goes when a child process or Slurm runs it (Slurm's <c>cell-%a.out</c>).</summary>
    public string LogFileOf(SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return Path.Combine(LogsFolder, string.Create(CultureInfo.InvariantCulture, $"cell-{cell.Index}.out"));
    }

    /// <summary>Whether the cell is trained and evaluated (its record, or a result from before records, exists).</summary>
    public bool IsFinished(SweepCell cell) => File.Exists(ResultFileOf(cell)) || File.Exists(LegacyFileOf(cell));

    /// <summary>The finished cell's record, or null when it has not finished.</summary>
    public RunRecord? ResultOf(SweepCell cell)
    {
        var file = ResultFileOf(cell);
        if (!File.Exists(file))
            return File.Exists(LegacyFileOf(cell)) ? LegacyRunRecords.FromCellFile(LegacyFileOf(cell), cell) : null;
        var record = RunRecord.Read(file);
        var (recorded, expected) = (record.Spec with { Name = null, Sst2Source = null }, cell.Spec with { Name = null, Sst2Source = null });
        return recorded == expected ? record
            : throw new InputException($"{file}: holds the record of another run ({record.Spec}) than {cell}");
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
    /// Runs <paramref name="cells"/> (default: all) in order, skipping finished ones, and returns every one's record. A cancel
    /// stops the cell in training after its current step (its finished epochs stay checkpointed) and throws.
    /// </summary>
    /// <param name="log">A line per cell (skipped, resumed, trained and scored) and per dataset loaded.</param>
    /// <param name="steps">Every training step and epoch of each cell (for progress bars).</param>
    public IReadOnlyList<RunRecord> Run(IEnumerable<SweepCell>? cells = null, Action<string>? log = null,
        Action<SweepCell, TrainingProgress>? steps = null, CancellationToken cancellationToken = default)
    {
        var results = new List<RunRecord>();
        foreach (var cell in cells ?? Cells)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results.Add(RunCell(cell, log, steps is null ? null : p => steps(cell, p), cancellationToken));
        }
        return results;
    }

    /// <summary>Trains (or continues) and evaluates one cell, then writes its record; a finished cell is only read.</summary>
    public RunRecord RunCell(SweepCell cell, Action<string>? log = null, Action<TrainingProgress>? steps = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!Cells.Contains(cell)) throw new ArgumentException($"{cell} is not a cell of {Spec.Name}", nameof(cell));
        if (ResultOf(cell) is { } done)
        {
            log?.Invoke($"{cell}: finished before, skipped");
            return done;
        }
        Prepare();
        var experiment = ExperimentFor(cell.Spec, log);
        var spec = cell.Spec;
        var run = experiment.RunFolderOf(spec);
        if (run.Path != RunFolderOf(cell).Path)
            throw new InvalidOperationException($"{cell}: its run folder would be {run.Path}, not {RunFolderOf(cell).Path} where the sweep looks");
        log?.Invoke(run.IsFinished ? $"{cell}: trained before; evaluating" :
            run.LatestCheckpoint() is { } latest ? $"{cell}: continuing {run.Path} after {Path.GetFileName(latest)}" : $"{cell}: training in {run.Path}");
        using var trained = experiment.Train(spec, cancellationToken: cancellationToken, steps: steps);
        var record = experiment.Evaluate(trained);  // writes record.json last: the cell is finished
        log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{cell}: {record.Training.Epochs} epoch(s), test accuracy {record.TestAccuracy:P2}, P(important) {record.Test.Polysemanticity.Important:F4}, AOPC comp. {record.Test.Faithfulness?.Curves[0].AopcComprehensiveness ?? double.NaN:F4}, {record.Seconds:F1} s"));
        return record;
    }

    public override string ToString() => Spec.ToString();

    private string LegacyFileOf(SweepCell cell) => RunFolderOf(cell).Path + LegacyResultSuffix;

    /// <summary>One experiment (data sample and vocabulary) per dataset and data settings the cells use.</summary>
    private Experiment ExperimentFor(RunSpec cell, Action<string>? log)
    {
        var key = cell.DataFields;
        if (!_experiments.TryGetValue(key, out var experiment))
        {
            experiment = new Experiment(_loadDataset(cell), cell, RunsFolder);
            log?.Invoke(experiment.ToString());
            _experiments[key] = experiment;
        }
        return experiment;
    }

    /// <summary>A spec.json a sweep wrote: any dataset names, and the folder it is in as output (the folder may have moved).</summary>
    private static SweepSpec ReadRecorded(string file, string folder) =>
        new SweepSpecReader(File.ReadAllBytes(file), file, folder, knownDatasets: null).Read() with { Output = folder };
}
