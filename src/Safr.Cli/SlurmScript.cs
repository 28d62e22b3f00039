using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Safr.Kit.Sweeps;

namespace Safr.Cli;

/// <summary>
/// The sbatch job-array script of a sweep: array task N (0-based, as <c>safr sweep SPEC --cell N</c> numbers cells) runs
/// that cell with this checkout's ./safr, its output in the sweep's logs/cell-N.out, with the CPUs, GPUs, partition and
/// time limit asked for.
/// </summary>
internal static partial class SlurmScript
{
    /// <summary>The array range: 0 to cells − 1.</summary>
    public static string ArrayRange(Sweep sweep) => string.Create(CultureInfo.InvariantCulture, $"0-{sweep.Cells.Count - 1}");

    public static string Write(Sweep sweep, string specFile, string safr, SlurmOptions options)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        ArgumentNullException.ThrowIfNull(options);
        if (options.CpusPerTask < 1) throw new CliException($"--cpus-per-task must be 1 or more, got {options.CpusPerTask}");
        if (options.Gpus < 0) throw new CliException($"--gpus must be 0 or more, got {options.Gpus}");
        if (options.Time is { } time && !TimeLimit().IsMatch(time)) throw new CliException($"--time {time}: expected HH:MM:SS or D-HH:MM:SS");
        if (options.Partition is { } p && !SafeWord().IsMatch(p)) throw new CliException($"--partition {p}: not a partition name");
        var name = SafeWord().IsMatch(sweep.Spec.Name) ? sweep.Spec.Name : Regex.Replace(sweep.Spec.Name, "[^A-Za-z0-9._-]", "_");
        var s = new StringBuilder();
        s.Append("#!/bin/bash\n");
        s.Append(CultureInfo.InvariantCulture, $"# Slurm job array of the sweep '{sweep.Spec.Name}' ({sweep.Cells.Count} cells), written by `safr sweep slurm`.\n");
        s.Append("# Array task N runs cell N (`safr sweep SPEC --list` numbers them); a finished cell is skipped and a stopped one\n");
        s.Append("# continues from its checkpoint, so resubmitting the script (or one index: sbatch --array=N) carries on.\n");
        s.Append("# Afterwards: safr sweep merge ").Append(Quote(sweep.Folder)).Append('\n');
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --job-name=safr-{name}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --array={ArrayRange(sweep)}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --output={Path.Combine(sweep.LogsFolder, "cell-%a.out")}\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --ntasks=1\n");
        s.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={options.CpusPerTask}\n");
        if (options.Gpus > 0) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --gres=gpu:{options.Gpus}\n");
        if (options.Partition is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --partition={options.Partition}\n");
        if (options.Time is not null) s.Append(CultureInfo.InvariantCulture, $"#SBATCH --time={options.Time}\n");
        s.Append("set -euo pipefail\n");
        s.Append("# One OpenMP pool per cell, as wide as its CPUs: cells sharing a node do not fight over cores.\n");
        s.Append("threads=\"${SLURM_CPUS_PER_TASK:-1}\"\n");
        s.Append("export OMP_NUM_THREADS=\"$threads\" MKL_NUM_THREADS=\"$threads\"\n");
        s.Append("echo \"$(date -Is) $(hostname -s): sweep cell ${SLURM_ARRAY_TASK_ID} of job ${SLURM_ARRAY_JOB_ID:-?}, $threads CPU(s)\"\n");
        s.Append(safr).Append(" sweep ").Append(Quote(specFile)).Append(" --cell \"$SLURM_ARRAY_TASK_ID\" --threads \"$threads\"\n");
        return s.ToString();
    }

    /// <summary>
    /// How the script calls safr: this checkout's ./safr by absolute path when the CLI runs from a checkout
    /// (src/Safr.Cli/bin/...), else this very CLI through dotnet.
    /// </summary>
    public static string SafrCommand()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var script = Path.Combine(d.FullName, "safr");
            if (File.Exists(script) && Directory.Exists(Path.Combine(d.FullName, "src", "Safr.Cli"))) return Quote(script);
        }
        return $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "safr.dll"))}";
    }

    /// <summary>A word for bash: as it is when it holds nothing special, else in single quotes.</summary>
    internal static string Quote(string word) =>
        PlainWord().IsMatch(word) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^([0-9]+-)?[0-9]+:[0-5][0-9]:[0-5][0-9]$")]
    private static partial Regex TimeLimit();

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeWord();

    [GeneratedRegex("^[A-Za-z0-9._/=:@%+-]+$")]
    private static partial Regex PlainWord();
}
