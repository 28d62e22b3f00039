using System.Globalization;
using System.Text.Json;
using Safr.Kit.Sweeps;

namespace Safr.Cli.Tests;

/// <summary>
/// <c>safr sweep</c> as a user runs it, on a fifth of the committed SST-2 sample (72 train, 16 dev, 20 test) for one epoch: the cell list, one cell
/// (Slurm's way), child processes, a killed sweep run again, the merged tables, and the Slurm script.
/// </summary>
public sealed class SweepCliTests
{
    private static string Spec(TempFolder folder, string seeds = "[0]", string extra = "") => folder.Write("tiny.json", $$"""
        {
          "datasets": ["sst2"],
          "arms": [ { "name": "baseline", "imp": 0, "inter": 0 }, { "name": "SAFR", "imp": 1, "inter": 1 } ],
          "seeds": {{seeds}},
          "mode": "fast", "epochs": 1, "dataFraction": 0.2, "faithfulnessExamples": 8,{{extra}}
          "output": "out"
        }
        """);

    private static void AssertSucceeded(CliRun run) => Assert.True(run.ExitCode == 0, run.ToString());

    [Fact]
    public void ListPrintsTheCellsInOrderAndTrainsNothing()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var run = SafrProcess.Run("sweep", Spec(folder, seeds: "[0, 1]"), "--list");
        AssertSucceeded(run);
        var rows = run.Output.Split('\n').Where(l => l.TrimStart().Length > 0 && char.IsDigit(l.TrimStart()[0])).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToArray();
        Assert.Equal(["0 sst2 baseline 0 0 0 pending", "1 sst2 baseline 0 0 1 pending", "2 sst2 SAFR 1 1 0 pending", "3 sst2 SAFR 1 1 1 pending"], rows.Select(r => string.Join(' ', r)));
        Assert.False(Directory.Exists(folder["out"]));
    }

    [Fact]
    public void ABadSpecIsOneLineNamingTheFileLineAndField()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var spec = Spec(folder, extra: "\n  \"patience\": 0,");
        var run = SafrProcess.Run("sweep", spec, "--list");
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"safr sweep: {spec}:6: \"patience\": must be at least 1, got 0", run.Error);
        var outOfRange = SafrProcess.Run("sweep", Spec(folder), "--cell", "2");
        Assert.True(outOfRange.ExitCode == 2, outOfRange.ToString());
        Assert.Contains("has 2 cells, numbered 0 to 1; there is no cell 2", outOfRange.Error);
    }

    [Fact]
    public void OneCellRunsAloneThenChildProcessesRunTheRestAndMergeGathersThem()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var spec = Spec(folder);
        AssertSucceeded(SafrProcess.Run("sweep", spec, "--cell", "1"));
        var sweep = new Sweep(SweepSpec.Load(spec));
        Assert.Equal([false, true], sweep.Cells.Select(sweep.IsFinished));
        Assert.Equal([Path.GetFileName(sweep.RunFolderOf(sweep.Cells[1]).Path)], Directory.GetDirectories(sweep.RunsFolder).Select(Path.GetFileName));
        var written = File.GetLastWriteTimeUtc(sweep.ResultFileOf(sweep.Cells[1]));

        var again = SafrProcess.Run("sweep", spec, "--cell", "1");
        AssertSucceeded(again);
        Assert.Contains("cell 1: sst2, SAFR (lambda_imp 1, lambda_inter 1), seed 0: finished before, skipped", again.Output);
        Assert.Equal(written, File.GetLastWriteTimeUtc(sweep.ResultFileOf(sweep.Cells[1])));

        var jobs = SafrProcess.Run("sweep", spec, "--jobs", "2", "--threads", "2");
        AssertSucceeded(jobs);
        Assert.Contains("1 of 2 cells to run, 2 at a time with 1 thread(s) each", jobs.Output);
        Assert.Contains("cell 0: sst2, baseline (lambda_imp 0, lambda_inter 0), seed 0: finished in", jobs.Output);
        Assert.Contains("; 1 libtorch thread(s)", File.ReadAllText(sweep.LogFileOf(sweep.Cells[0])));
        Assert.Equal([true, true], sweep.Cells.Select(sweep.IsFinished));
        Assert.Equal(written, File.GetLastWriteTimeUtc(sweep.ResultFileOf(sweep.Cells[1])));

        var merge = SafrProcess.Run("sweep", "merge", sweep.Folder);
        AssertSucceeded(merge);
        Assert.Contains("tiny: 2 of 2 cells finished", merge.Output);
        var lines = File.ReadAllLines(Path.Combine(sweep.Folder, "results.csv"));
        var header = lines[0].Split(',');
        Assert.Equal(3, lines.Length);
        foreach (var (line, cell) in lines.Skip(1).Zip(sweep.Cells))
        {
            var row = header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second);
            var r = Safr.Kit.Runs.RunRecord.Read(sweep.ResultFileOf(cell));
            Assert.Equal(cell.Spec, r.Spec);
            Assert.Equal((r.Name, r.Spec.Seed.ToString(CultureInfo.InvariantCulture)), (row["Name"], row["Seed"]));
            foreach (var (column, value) in new[] { ("TestAccuracy", r.TestAccuracy), ("PolysemanticityImportant", r.Test.Polysemanticity.Important), ("PolysemanticityOther", r.Test.Polysemanticity.Other),
                         ("Interaction", r.Test.Interaction.Value), ("AopcComprehensiveness[VMASK]", r.Test.Faithfulness!["VMASK"].AopcComprehensiveness),
                         ("AopcSufficiency[VMASK]", r.Test.Faithfulness["VMASK"].AopcSufficiency), ("Seconds", r.Seconds) })
                Assert.Equal(value, double.Parse(row[column], CultureInfo.InvariantCulture));
            Assert.True(double.IsFinite(double.Parse(row["TestAccuracy"], CultureInfo.InvariantCulture)));
        }
        Assert.True(File.Exists(Path.Combine(sweep.Folder, "summary.csv")));
        Assert.Contains("\"finished\": true", File.ReadAllText(Path.Combine(sweep.Folder, "manifest.json")));
    }

    [Fact]
    public void AKilledSweepRunAgainSkipsWhatFinishedAndDoesTheRest()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var spec = Spec(folder);
        var sweep = new Sweep(SweepSpec.Load(spec));
        using (var process = SafrProcess.Start(new Dictionary<string, string>(), "sweep", spec))
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (!sweep.IsFinished(sweep.Cells[0]) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(100);
            Assert.True(sweep.IsFinished(sweep.Cells[0]), "cell 0 did not finish");
            if (!process.HasExited) process.Kill(entireProcessTree: true);  // SIGKILL, as a crash or a lost node
            process.WaitForExit();
        }
        Assert.False(sweep.IsFinished(sweep.Cells[1]));  // killed while training cell 1
        var finishedFirst = File.GetLastWriteTimeUtc(sweep.ResultFileOf(sweep.Cells[0]));
        var again = SafrProcess.Run("sweep", spec);
        AssertSucceeded(again);
        Assert.Contains("cell 0: sst2, baseline (lambda_imp 0, lambda_inter 0), seed 0: finished before, skipped", again.Output);
        Assert.Equal([true, true], sweep.Cells.Select(sweep.IsFinished));
        Assert.Equal(finishedFirst, File.GetLastWriteTimeUtc(sweep.ResultFileOf(sweep.Cells[0])));
    }

    [Fact]
    public void SigtermStopsTheSweepAfterAStepAndTheNextRunContinues()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var spec = folder.Write("term.json", """
            { "datasets": ["sst2"], "arms": [{ "name": "baseline", "imp": 0, "inter": 0 }], "seeds": [0],
              "mode": "fast", "epochs": 3, "patience": 5, "dataFraction": 0.05, "faithfulnessExamples": 8, "output": "out" }
            """);
        var sweep = new Sweep(SweepSpec.Load(spec));
        var run = sweep.RunFolderOf(sweep.Cells[0]);
        using (var process = SafrProcess.Start(new Dictionary<string, string>(), "sweep", spec, "--threads", "1"))
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (run.LatestCheckpoint() is null && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.False(process.HasExited, "the sweep ended before its first checkpoint");
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) term.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Equal(130, process.ExitCode);  // cancelled, not killed by the signal (143)
        }
        Assert.False(sweep.IsFinished(sweep.Cells[0]));
        var stoppedAfter = Path.GetFileName(run.LatestCheckpoint());
        var again = SafrProcess.Run("sweep", spec, "--threads", "1");
        AssertSucceeded(again);
        Assert.Contains($"continuing {run.Path} after {stoppedAfter}", again.Output);
        Assert.True(sweep.IsFinished(sweep.Cells[0]));
    }

    [Fact]
    public void TheSlurmScriptIsAnArrayWhoseTaskNRunsCellN()
    {
        using var folder = new TempFolder("safr-sweep-cli-");
        var spec = Spec(folder, seeds: "[0, 1]");
        var file = folder["job.sbatch"];
        var run = SafrProcess.Run("sweep", "slurm", spec, "--partition", "debug", "--cpus-per-task", "2", "--gpus", "1", "--time", "01:30:00", "--out", file);
        AssertSucceeded(run);
        var script = File.ReadAllText(file);
        var logs = Path.Combine(folder["out"], "logs");
        Assert.StartsWith("#!/bin/bash\n", script);
        foreach (var line in new[] { "#SBATCH --array=0-3", $"#SBATCH --output={logs}/cell-%a.out", "#SBATCH --cpus-per-task=2", "#SBATCH --gres=gpu:1", "#SBATCH --partition=debug", "#SBATCH --time=01:30:00", "#SBATCH --job-name=safr-tiny" })
            Assert.Contains(line + "\n", script);
        Assert.Contains($"{Path.Combine(Checkout.RepositoryRoot, "safr")} sweep {spec} --cell \"$SLURM_ARRAY_TASK_ID\" --threads \"$threads\"\n", script);
        Assert.True(Directory.Exists(logs));  // Slurm does not make the folder of --output itself
        Assert.True(File.Exists(Path.Combine(folder["out"], Sweep.SpecFileName)));
        Assert.Contains("note: --gpus 1 asks Slurm for GPUs, but the spec's device is cpu", run.Error);

        var plain = SafrProcess.Run("sweep", "slurm", spec);
        AssertSucceeded(plain);
        var defaults = File.ReadAllText(Path.Combine(folder["out"], "sweep.sbatch"));
        Assert.Contains("#SBATCH --cpus-per-task=1\n", defaults);
        Assert.DoesNotContain("--partition", defaults);
        Assert.DoesNotContain("--gres", defaults);

        var bad = SafrProcess.Run("sweep", "slurm", spec, "--time", "90 minutes");
        Assert.True(bad.ExitCode == 2, bad.ToString());
        Assert.Contains("safr sweep slurm: --time 90 minutes: expected HH:MM:SS or D-HH:MM:SS", bad.Error);
    }
}
