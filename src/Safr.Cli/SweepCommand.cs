using System.CommandLine;
using System.Globalization;
using Safr.Kit;
using Safr.Kit.Runs;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;
using Spectre.Console;
using static TorchSharp.torch;

namespace Safr.Cli;

/// <summary>
/// <c>safr sweep SPEC [--cell N | --jobs K] [--list] [--threads T]</c>: the runs of a sweep spec (<see cref="SweepSpec"/>),
/// each its own resumable run folder; a finished cell is skipped, so running it again continues a stopped sweep.
/// <c>safr sweep merge DIR</c> gathers the finished cells into tables; <c>safr sweep slurm SPEC</c> writes a Slurm
/// job-array script whose task N runs cell N.
/// </summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var spec = new Argument<FileInfo>("SPEC") { Description = "The sweep spec, a JSON file (README.md, section Sweeps; e.g. sweeps/sst2-ablations.json)." };
        var cell = new Option<int?>("--cell") { Description = "Run only cell N (0-based, as --list numbers them and Slurm's array index gives them).", HelpName = "N" };
        var list = new Option<bool>("--list") { Description = "Print the cells (number, dataset, arm, lambdas, seed, state) and run nothing." };
        var jobs = new Option<int>("--jobs") { Description = "Run K cells at once, each in a child process with threads/K libtorch threads (and OMP_NUM_THREADS) and its output in DIR/logs/cell-N.out.", HelpName = "K", DefaultValueFactory = _ => 1 };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads in all (default: all cores); with --jobs K each child gets threads/K." };
        var command = new Command("sweep", "Run the cells of a sweep spec (datasets × arms × seeds), each a resumable run folder; finished cells are skipped.")
        {
            spec, cell, list, jobs, threads,
        };
        command.Subcommands.Add(MergeCommand());
        command.Subcommands.Add(SlurmCommand());
        command.SetAction(async (parse, cancellationToken) =>
        {
            Sweep? sweep = null;
            var code = CliErrors.Run("sweep", () =>
            {
                sweep = new Sweep(SweepSpec.Load(parse.GetValue(spec)!.FullName));
                if (parse.GetValue(jobs) < 1) throw new CliException($"--jobs must be 1 or more, got {parse.GetValue(jobs)}");
                if (parse.GetValue(threads) is < 1) throw new CliException($"--threads must be 1 or more, got {parse.GetValue(threads)}");
                if (parse.GetValue(cell) is not null && parse.GetValue(jobs) > 1) throw new CliException("--cell runs one cell; leave out --jobs");
                return 0;
            });
            if (code != 0) return code;
            var totalThreads = parse.GetValue(threads) ?? Environment.ProcessorCount;
            if (parse.GetValue(list)) return CliErrors.Run("sweep", () => List(sweep!));
            if (parse.GetValue(jobs) > 1)
            {
                var k = parse.GetValue(jobs);
                return await SweepChildren.Run(sweep!, parse.GetValue(spec)!.FullName, k, Math.Max(1, totalThreads / k), Console.Out, cancellationToken);
            }
            // On a worker thread, so that the invocation is asynchronous: System.CommandLine hooks SIGINT and SIGTERM to
            // cancellationToken only then (a synchronous action is killed by them, its current epoch lost).
            return await Task.Run(() => CliErrors.Run("sweep", () => RunInProcess(sweep!, parse.GetValue(cell), totalThreads, cancellationToken)), CancellationToken.None);
        });
        return command;
    }

    private static int RunInProcess(Sweep sweep, int? index, int threads, CancellationToken cancellationToken)
    {
        set_num_threads(threads);
        var cells = index is { } n ? [sweep.Spec.Cell(n)] : sweep.Cells;
        var console = AnsiConsole.Console;
        // Through the live display on a terminal (lines above the bars); plain and unwrapped into a log or pipe.
        void Log(string line)
        {
            if (console.Profile.Capabilities.Interactive) console.MarkupLine(Markup.Escape(line));
            else Console.Out.WriteLine(line);
        }
        Log($"{sweep.Spec}; {get_num_threads()} libtorch thread(s)");
        try
        {
            var results = TrainingProgressView.Show(console, progress =>
                sweep.Run(cells, Log, (c, p) => progress(string.Create(CultureInfo.InvariantCulture, $"cell {c.Index}"), p), cancellationToken));
            var left = sweep.Cells.Count(c => !sweep.IsFinished(c));
            Log(index is null
                ? $"{results.Count} cell(s) finished; merge them with `safr sweep merge {sweep.Folder}`"
                : $"cell {index} finished; {left} of {sweep.Cells.Count} cells still to run");
            return 0;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("safr sweep: cancelled; finished cells and epochs are kept: run the same command again to continue");
            return 130;
        }
    }

    private static int List(Sweep sweep)
    {
        Console.WriteLine(sweep.Spec);
        var width = Math.Max(7, sweep.Cells.Max(c => c.Dataset.Length));
        var armWidth = Math.Max(3, sweep.Cells.Max(c => c.ArmName.Length));
        Console.WriteLine($"{"cell",5}  {"dataset".PadRight(width)}  {"arm".PadRight(armWidth)}  {"lambda_imp",10}  {"lambda_inter",12}  {"seed",5}  state");
        foreach (var c in sweep.Cells)
        {
            var state = sweep.IsFinished(c) ? "finished" : sweep.RunFolderOf(c).HoldsRun ? "started" : "pending";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Index,5}  {c.Dataset.PadRight(width)}  {c.ArmName.PadRight(armWidth)}  {c.Spec.LambdaImportance,10:G}  {c.Spec.LambdaInteraction,12:G}  {c.Seed,5}  {state}"));
        }
        return 0;
    }

    private static Command MergeCommand()
    {
        var folder = new Argument<string>("DIR") { Description = "The sweep's folder (its spec's output), or the spec file." };
        var command = new Command("merge", "Gather every finished cell of a sweep into DIR/records.jsonl (a run record per cell), DIR/results.csv (a row per cell), DIR/summary.csv (mean ± 95% interval per configuration, paired t-tests against the baseline) and DIR/manifest.json; a results folder merged before run records (results.csv and manifest.json only) is rewritten in that form.")
        {
            folder,
        };
        command.SetAction(parse => CliErrors.Run("sweep merge", () =>
        {
            var path = Path.GetFullPath(parse.GetValue(folder)!);
            IReadOnlyList<RunRecord> records;
            string where;
            if (Directory.Exists(path) && SweepMerge.HoldsLegacyResults(path))
            {
                records = SweepMerge.Upgrade(path);
                where = path;
                Console.WriteLine($"{path}: {records.Count} runs from before run records, rewritten as {ResultsFolder.RecordsFileName}");
            }
            else
            {
                var merged = File.Exists(path) ? SweepMerge.Run(new Sweep(SweepSpec.Load(path))) : SweepMerge.Run(path);
                (records, where) = (merged.Records, merged.Sweep.Folder);
                Console.WriteLine($"{merged.Sweep.Spec.Name}: {records.Count} of {merged.Sweep.Cells.Count} cells finished");
                if (merged.Unfinished.Count > 0)
                    Console.WriteLine($"not finished (left out): cells {string.Join(", ", merged.Unfinished.Select(c => c.Index))}");
                Console.WriteLine($"wrote {merged.ManifestFile}");
            }
            foreach (var row in records.Summary())
            {
                var tests = row.VsBaseline(RunMetric.TestAccuracy) is { } t
                    ? string.Create(CultureInfo.InvariantCulture, $"; vs baseline p = {t.PValue:G3} (accuracy), {row.VsBaseline(RunMetric.PolysemanticityImportant)?.PValue:G3} (P(important)), {row.VsBaseline(RunMetric.VmaskComprehensiveness)?.PValue:G3} (AOPC comp.)")
                    : "";
                string Mean(RunMetric m) => row[m]?.ToString("F4") ?? "n/a";
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {row.Configuration.DatasetName} {row.Name} ({row.Runs} seeds): test accuracy {Mean(RunMetric.TestAccuracy)}, P(important) {Mean(RunMetric.PolysemanticityImportant)}, AOPC comp. {Mean(RunMetric.VmaskComprehensiveness)}{tests}"));
            }
            foreach (var file in new[] { ResultsFolder.RecordsFileName, ResultsFolder.ResultsFileName, ResultsFolder.SummaryFileName })
                Console.WriteLine($"wrote {Path.Combine(where, file)}");
            return 0;
        }));
        return command;
    }

    private static Command SlurmCommand()
    {
        var spec = new Argument<FileInfo>("SPEC") { Description = "The sweep spec." };
        var partition = new Option<string?>("--partition") { Description = "The Slurm partition (default: the cluster's default).", HelpName = "P" };
        var cpus = new Option<int>("--cpus-per-task") { Description = "CPUs per cell; also its libtorch threads.", HelpName = "N", DefaultValueFactory = _ => 1 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs per cell (--gres=gpu:N; give the spec \"device\": \"cuda\" and a CUDA build, README section GPU).", HelpName = "N", DefaultValueFactory = _ => 0 };
        var time = new Option<string?>("--time") { Description = "Time limit per cell, HH:MM:SS (or D-HH:MM:SS).", HelpName = "HH:MM:SS" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the script (default: the sweep's folder, sweep.sbatch).", HelpName = "FILE" };
        var command = new Command("slurm", "Write an sbatch job-array script for a sweep: array task N runs `safr sweep SPEC --cell N`, its output in DIR/logs/cell-N.out.")
        {
            spec, partition, cpus, gpus, time, output,
        };
        command.SetAction(parse => CliErrors.Run("sweep slurm", () =>
        {
            var specFile = parse.GetValue(spec)!.FullName;
            var sweep = new Sweep(SweepSpec.Load(specFile));
            var options = new SlurmOptions(parse.GetValue(partition), parse.GetValue(cpus), parse.GetValue(gpus), parse.GetValue(time));
            var script = SlurmScript.Write(sweep, specFile, SlurmScript.SafrCommand(), options);
            if (sweep.Spec.Template.Device == "cpu" && options.Gpus > 0)
                Console.Error.WriteLine($"safr sweep slurm: note: --gpus {options.Gpus} asks Slurm for GPUs, but the spec's device is cpu; set \"device\": \"cuda\" to train on them");
            // The folder and spec.json now, so the array's tasks neither race to make them nor find no folder for their logs.
            sweep.Prepare();
            Directory.CreateDirectory(sweep.LogsFolder);
            var file = parse.GetValue(output)?.FullName ?? Path.Combine(sweep.Folder, "sweep.sbatch");
            Safr.Kit.Serialization.AtomicFile.WriteAllBytes(file, System.Text.Encoding.UTF8.GetBytes(script));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(file, File.GetUnixFileMode(file) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            Console.WriteLine($"wrote {file}: {sweep.Cells.Count} array tasks ({SlurmScript.ArrayRange(sweep)}), logs in {sweep.LogsFolder}");
            Console.WriteLine($"submit it with: sbatch {file}");
            Console.WriteLine($"then, when they are done: safr sweep merge {sweep.Folder}");
            return 0;
        }));
        return command;
    }
}
