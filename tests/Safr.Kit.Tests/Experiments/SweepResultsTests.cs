using Safr.Kit.Data;
using Safr.Kit.Experiments;
using Safr.Kit.Tables;
using XPlot.Plotly;

namespace Safr.Kit.Tests.Experiments;

/// <summary>A merged sweep read back: the same results, its summary checked against the one merged, its frames and figure.</summary>
public class SweepResultsTests
{
    /// <summary>A merged sweep of baseline and SAFR over seeds 0, 1, 2 (SweepMergeTests' values).</summary>
    private static SweepMergeResult Merged(TempFolder folder)
    {
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path, seeds: "[0, 1, 2]"));
        sweep.Prepare();
        foreach (var cell in sweep.Cells) SweepMergeTests.Result(cell, sweep).Write(sweep.ResultFileOf(cell));
        return SweepMerge.Run(sweep);
    }

    [Fact]
    public void LoadingAMergedFolderGivesBackEveryResultExactlyAndTheSameSummary()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var loaded = SweepResults.Load(merged.Sweep.Folder);
        Assert.Equal(6, loaded.Results.Count);
        Assert.Equal(merged.Results, loaded.Results);  // records: every field, every double bit for bit
        Assert.Equal(SweepCsv.Summary(merged.Summary), SweepCsv.Summary(loaded.Summary));
        Assert.Equal(Path.GetFileName(merged.Sweep.Folder), loaded.Name);
    }

    [Fact]
    public void ASummaryThatTheResultsBesideItDoNotGiveIsRefused()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var lines = File.ReadAllLines(merged.ResultsFile);
        lines[2] = lines[2].Replace(",0.8,", ",0.85,", StringComparison.Ordinal);  // baseline seed 1's accuracy, 0.80
        Assert.NotEqual(File.ReadAllLines(merged.ResultsFile)[2], lines[2]);
        File.WriteAllLines(merged.ResultsFile, lines);
        var error = Assert.Throws<DataFormatException>(() => SweepResults.Load(merged.Sweep.Folder));
        Assert.Equal(merged.SummaryFile, error.FilePath);
        Assert.Contains("merge the sweep again", error.Message);
    }

    [Fact]
    public void ABadNumberIsReportedWithItsFileLineAndColumn()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var lines = File.ReadAllLines(merged.ResultsFile);
        var fields = lines[3].Split(',');
        fields[8] = "high";  // test_accuracy of the third record
        lines[3] = string.Join(',', fields);
        File.WriteAllLines(merged.ResultsFile, lines);
        var error = Assert.Throws<DataFormatException>(() => SweepCsv.ReadResults(merged.ResultsFile));
        Assert.Equal($"{merged.ResultsFile}:4: column test_accuracy: 'high' is not a number", error.Message);
    }

    [Fact]
    public void AFileThatIsNotAResultsTableIsRefusedAtLineOne()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "results.csv");
        File.WriteAllText(file, "dataset,accuracy\nsst2,0.7\n");
        var error = Assert.Throws<DataFormatException>(() => SweepCsv.ReadResults(file));
        Assert.StartsWith($"{file}:1: not a sweep's results table", error.Message);
    }

    [Fact]
    public void AFolderWithoutResultsSaysHowToMakeThem()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => SweepResults.Load(folder.Path));
        Assert.Contains("safr sweep merge", error.Message);
        var missing = Path.Combine(folder.Path, "nowhere");
        Assert.Contains($"{missing}: no such folder", Assert.Throws<FileNotFoundException>(() => SweepResults.Load(missing)).Message);
    }

    [Fact]
    public void TheSummaryFrameHoldsEachConfigurationsIntervalsAndTests()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var sweep = SweepResults.Of(merged);
        var frame = sweep.SummaryFrame();
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(["baseline", "SAFR"], new[] { frame["Arm"][0], frame["Arm"][1] });
        var safr = sweep.Summary[1];
        Assert.Equal(safr.TestAccuracy.Mean, frame["TestAccuracy.Mean"][1]);
        Assert.Equal(safr.PolysemanticityImportant.HalfWidth, frame["PolysemanticityImportant.Ci95"][1]);
        Assert.Equal(safr.TestAccuracyVsBaseline!.PValue, frame["TestAccuracy.p"][1]);
        Assert.Equal(safr.AopcComprehensivenessVsBaseline!.T, frame["AopcComprehensiveness.t"][1]);
        Assert.Equal("0 1 2", frame["Seeds"][1]);
        Assert.Null(frame["TestAccuracy.p"][0]);  // the baseline is not tested against itself
        Assert.Equal(merged.Results.Count, sweep.Frame().Rows.Count);
        Assert.Equal(merged.Results.Select(r => (object)r.PolysemanticityImportant), sweep.Frame()["PolysemanticityImportant"].Cast<object>());
    }

    [Fact]
    public void SideBySidePairsRunsByDatasetLambdasAndSeed()
    {
        using var folder = new TempFolder();
        var fast = SweepResults.Of(Merged(folder)).Results;
        // The "paper" side: seeds 2 and 0 of each arm (seed 1 missing), in another order, with other numbers.
        var paper = fast.Where(r => r.Seed != 1).Reverse().Select(r => r with { Mode = "paper", TestAccuracy = r.TestAccuracy + 0.01 * (r.Seed + 1) }).ToArray();
        var frame = SweepFrames.SideBySide(fast, paper);
        Assert.Equal(4, frame.Rows.Count);  // seed 1 has no partner
        Assert.Equal(new object[] { 0, 2, 0, 2 }, frame["Seed"].Cast<object>());
        for (var i = 0; i < 4; i++)
        {
            var left = fast.Single(r => r.Arm == (string)frame["Arm"][i] && r.Seed == (int)frame["Seed"][i]);
            Assert.Equal(left.TestAccuracy, frame["TestAccuracy[fast]"][i]);
            Assert.Equal(left.TestAccuracy + 0.01 * (left.Seed + 1), frame["TestAccuracy[paper]"][i]);
            Assert.Equal((double)frame["TestAccuracy[paper]"][i] - left.TestAccuracy, frame["TestAccuracy.Diff"][i]);
            Assert.Equal(left.PolysemanticityImportant, frame["PolysemanticityImportant[paper]"][i]);
        }
        Assert.Contains("label of its own", Assert.Throws<ArgumentException>(() => SweepFrames.SideBySide(fast, fast)).Message);
    }

    [Fact]
    public void TheFigurePutsEachConfigurationAtItsMeansWithItsIntervalsAndItsSeedsBeside()
    {
        using var folder = new TempFolder();
        var sweep = SweepResults.Of(Merged(folder));
        var figure = sweep.AccuracyAgainstPolysemanticity();
        Assert.Equal(4, figure.Traces.Count);  // per configuration: the mean, then the seeds
        for (var k = 0; k < 2; k++)
        {
            var row = sweep.Summary[k];
            var mean = Assert.IsType<Scatter>(figure.Traces[2 * k]);
            var seeds = Assert.IsType<Scatter>(figure.Traces[2 * k + 1]);
            Assert.Equal(row.Arm, mean.name);
            Assert.Equal(new double?[] { row.PolysemanticityImportant.Mean }, mean.x);
            Assert.Equal(new double?[] { row.TestAccuracy.Mean }, mean.y);
            Assert.Equal(new double?[] { row.PolysemanticityImportant.HalfWidth }, mean.error_x.array);
            Assert.Equal(new double?[] { row.TestAccuracy.HalfWidth }, mean.error_y.array);
            var runs = sweep.Results.Where(r => r.Arm == row.Arm).ToArray();
            Assert.Equal(runs.Select(r => (double?)r.TestAccuracy), (double?[])seeds.y);
            Assert.Equal(runs.Select(r => (double?)r.PolysemanticityImportant), (double?[])seeds.x);
            Assert.Equal(mean.legendgroup, seeds.legendgroup);
            Assert.False(seeds.showlegend);
        }
        // Two sweeps of different modes in one figure: the mode goes into each configuration's name.
        var both = sweep.Concat(new SweepResults("paper", sweep.Results.Select(r => r with { Mode = "paper" })));
        Assert.Equal(["baseline / fast", "baseline / fast (seeds)", "SAFR / fast", "SAFR / fast (seeds)", "baseline / paper", "baseline / paper (seeds)", "SAFR / paper", "SAFR / paper (seeds)"],
            both.AccuracyAgainstPolysemanticity().Traces.Select(t => ((Scatter)t).name));
    }
}
