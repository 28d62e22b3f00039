using Safr.Kit.Runs;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Sweeps;

/// <summary>Running a sweep: one run folder per cell, finished cells skipped, one cell alone, and a cancelled sweep continued.</summary>
[Collection("KitGlobalState")]
public class SweepTests
{
    /// <summary>2 arms × the seeds on the tiny planted task, in fast mode, with the tiny model.</summary>
    internal static SweepSpec Spec(string folder, int epochs = 1, string seeds = "[0, 1]") => SweepSpec.Parse($$"""
        {
          "datasets": ["planted"],
          "arms": [ { "name": "baseline", "imp": 0, "inter": 0 }, { "name": "SAFR", "imp": 1, "inter": 1 } ],
          "seeds": {{seeds}},
          "mode": "fast", "epochs": {{epochs}}, "patience": 10, "faithfulnessExamples": 8,
          "maxLength": 10, "learningRate": 1e-3, "batchSize": 16,
          "architecture": {{System.Text.Json.JsonSerializer.Serialize(TinyRun.Config(), RunSpec.Json)}},
          "output": "out"
        }
        """, Path.Combine(folder, "tiny.json"), folder, ["planted"]);

    internal static Sweep Open(SweepSpec spec) => new(spec, _ => TinyRun.Task.Dataset);

    [Fact]
    public void EveryCellIsTheSpecsRunAndTheArchitectureTravelsInTheJson()
    {
        using var folder = new TempFolder();
        var spec = Spec(folder.Path);
        Assert.Equal(TinyRun.Config(), spec.Template.Architecture);
        Assert.All(spec.Cells, c => Assert.Equal((16, 1e-3, (int?)10, RunMode.Fast), (c.Spec.BatchSize, c.Spec.LearningRate, c.Spec.MaxLength, c.Spec.Mode)));
        var again = SweepSpec.Parse(spec.ToJson(), Path.Combine(folder.Path, "again.json"), folder.Path, ["planted"]);
        Assert.Equal(spec.Cells, again.Cells);
    }

    [Fact]
    public void EachCellIsARunFolderWithItsMetricsBesideItAndASecondRunTrainsNothing()
    {
        using var folder = new TempFolder();
        var sweep = Open(Spec(folder.Path));
        var steps = 0;
        var results = sweep.Run(steps: (_, _) => steps++);
        Assert.True(steps > 0);
        Assert.Equal(sweep.Cells.Select(c => c.Spec), results.Select(r => r.Spec));
        Assert.All(sweep.Cells, c => Assert.True(sweep.RunFolderOf(c).IsFinished && sweep.IsFinished(c)));
        Assert.Equal(folder["out/runs/planted-fast-imp1-inter1-seed1/record.json"], sweep.ResultFileOf(sweep.Cells[3]));
        Assert.Equal(folder["out/runs/planted-fast-imp1-inter1-seed1"], results[3].RunFolder);
        Assert.Equal(("SAFR", 1.0, 1.0, 1, RunMode.Fast, "whitespace", 1), (results[3].Name, results[3].Spec.LambdaImportance, results[3].Spec.LambdaInteraction, results[3].Spec.Seed, results[3].Spec.Mode, results[3].Spec.Tokenizer, results[3].Training.Epochs));
        Assert.All(results, r => Assert.True(double.IsFinite(r.TestAccuracy) && double.IsFinite(RunMetric.VmaskComprehensiveness.Value(r)!.Value) && r.Seconds > 0));
        var written = sweep.Cells.ToDictionary(c => c.Index, c => File.GetLastWriteTimeUtc(sweep.ResultFileOf(c)));

        var again = Open(Spec(folder.Path));
        var lines = new List<string>();
        var stepsAgain = 0;
        var second = again.Run(log: lines.Add, steps: (_, _) => stepsAgain++);
        Assert.Equal(0, stepsAgain);
        Assert.Equal(results.Select(r => r.ToJson()), second.Select(r => r.ToJson()));
        Assert.Equal(4, lines.Count(l => l.EndsWith("finished before, skipped", StringComparison.Ordinal)));
        Assert.All(again.Cells, c => Assert.Equal(written[c.Index], File.GetLastWriteTimeUtc(again.ResultFileOf(c))));
    }

    [Fact]
    public void OneCellRunsAloneAndTheOthersAreLeftAlone()
    {
        using var folder = new TempFolder();
        var sweep = Open(Spec(folder.Path));
        var result = sweep.RunCell(sweep.Spec.Cell(2));
        Assert.Equal(sweep.Cells[2].Spec, result.Spec);
        Assert.Equal(("SAFR", 0), (result.Name, result.Spec.Seed));
        Assert.Equal([Path.GetFileName(sweep.RunFolderOf(sweep.Cells[2]).Path)], Directory.GetDirectories(sweep.RunsFolder).Select(Path.GetFileName));
        Assert.Equal([false, false, true, false], sweep.Cells.Select(sweep.IsFinished));
        Assert.True(File.Exists(sweep.SpecFile));
    }

    [Fact]
    public void ACancelledSweepContinuesWhereItStoppedToTheSameResults()
    {
        using var folder = new TempFolder();
        var spec = Spec(folder.Path, epochs: 2);
        using var stop = new CancellationTokenSource();
        // Stopped after the first epoch of cell 1, as a Ctrl+C or a crash stops it.
        Assert.ThrowsAny<OperationCanceledException>(() => Open(spec).Run(
            steps: (cell, p) => { if (cell.Index == 1 && p.EpochDone is not null) stop.Cancel(); }, cancellationToken: stop.Token));
        var sweep = Open(spec);
        Assert.Equal([true, false, false, false], sweep.Cells.Select(sweep.IsFinished));
        Assert.EndsWith("epoch-001", sweep.RunFolderOf(sweep.Cells[1]).LatestCheckpoint());
        Assert.False(sweep.RunFolderOf(sweep.Cells[2]).HoldsRun);

        var epochs = new List<(int Cell, int Epoch)>();
        var lines = new List<string>();
        var results = sweep.Run(log: lines.Add, steps: (cell, p) => { if (p.EpochDone is { } e) epochs.Add((cell.Index, e.Epoch)); });
        Assert.Equal([(1, 2), (2, 1), (2, 2), (3, 1), (3, 2)], epochs);  // cell 0 skipped, cell 1 continued after epoch 1
        Assert.Contains(lines, l => l.StartsWith("cell 1:", StringComparison.Ordinal) && l.Contains("continuing", StringComparison.Ordinal) && l.EndsWith("after epoch-001", StringComparison.Ordinal));
        Assert.All(results, r => Assert.Equal(2, r.Training.Epochs));

        using var other = new TempFolder();
        var uninterrupted = Open(Spec(other.Path, epochs: 2)).Run();
        Assert.Equal(uninterrupted.Select(Metrics), results.Select(Metrics));
    }

    [Fact]
    public void AFolderHoldingAnotherSpecsRunsIsRefused()
    {
        using var folder = new TempFolder();
        var sweep = Open(Spec(folder.Path, seeds: "[0]"));
        sweep.Prepare();
        var changed = Open(Spec(folder.Path, epochs: 3, seeds: "[0]"));
        var e = Assert.Throws<InputException>(changed.Prepare);
        Assert.Contains("differs in \"epochs\"", e.Message);
        Open(Spec(folder.Path, seeds: "[0]")).Prepare();  // the same spec is welcome
        Assert.Equal(sweep.Spec.Cells, Sweep.Open(sweep.Folder, _ => TinyRun.Task.Dataset).Cells);
        Assert.Contains("not a sweep folder", Assert.Throws<InputException>(() => Sweep.Open(folder.Path)).Message);
    }

    private static (double, double, double, double, double?) Metrics(RunRecord r) =>
        (r.TestAccuracy, r.Test.Polysemanticity.Important, r.Test.Polysemanticity.Other, r.Test.Interaction.Value, RunMetric.VmaskComprehensiveness.Value(r));
}
