using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;
using Safr.Kit.Display;
using Safr.Kit.Tests.Sweeps;
using XPlot.Plotly;

namespace Safr.Kit.Tests.Tables;

/// <summary>A merged results folder read back: the same records, its summary checked against them; their frames and figure.</summary>
public class ResultsFolderTests
{
    /// <summary>A merged sweep of baseline and SAFR over seeds 0, 1, 2 (SweepMergeTests' values).</summary>
    private static SweepMergeResult Merged(TempFolder folder)
    {
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path, seeds: "[0, 1, 2]"));
        sweep.Prepare();
        foreach (var cell in sweep.Cells)
        {
            Directory.CreateDirectory(sweep.RunFolderOf(cell).Path);
            SweepMergeTests.Result(cell, sweep).Write(sweep.ResultFileOf(cell));
        }
        return SweepMerge.Run(sweep);
    }

    [Fact]
    public void LoadingAMergedFolderGivesBackEveryRecordExactly()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var loaded = ResultsFolder.Load(merged.Sweep.Folder);
        Assert.Equal(6, loaded.Count);
        // Every field, every double bit for bit.
        Assert.Equal(merged.Records.Select(r => r.ToJson()), loaded.Select(r => r.ToJson()));
        Assert.Equal(FrameCsv.ToCsv(merged.Records.SummaryFrame()), FrameCsv.ToCsv(loaded.SummaryFrame()));
    }

    [Fact]
    public void ASummaryThatTheRecordsBesideItDoNotGiveIsRefused()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var records = Path.Combine(merged.Sweep.Folder, ResultsFolder.RecordsFileName);
        var lines = File.ReadAllLines(records);
        lines[1] = lines[1].Replace("\"accuracy\":0.8,", "\"accuracy\":0.85,", StringComparison.Ordinal);  // baseline seed 1's accuracy, 0.80
        Assert.NotEqual(File.ReadAllLines(records)[1], lines[1]);
        File.WriteAllLines(records, lines);
        var error = Assert.Throws<DataFormatException>(() => ResultsFolder.Load(merged.Sweep.Folder));
        Assert.Equal(Path.Combine(merged.Sweep.Folder, ResultsFolder.SummaryFileName), error.FilePath);
        Assert.Contains("merge the runs again", error.Message);
    }

    [Fact]
    public void ABadRecordIsReportedWithItsFileAndLine()
    {
        using var folder = new TempFolder();
        var merged = Merged(folder);
        var records = Path.Combine(merged.Sweep.Folder, ResultsFolder.RecordsFileName);
        var lines = File.ReadAllLines(records);
        lines[2] = lines[2].Replace("\"accuracy\":", "\"accuracy\":\"high\",\"x\":", StringComparison.Ordinal);
        File.WriteAllLines(records, lines);
        var error = Assert.Throws<DataFormatException>(() => ResultsFolder.Load(merged.Sweep.Folder));
        Assert.StartsWith($"{records}:3: not a run record", error.Message);
        File.WriteAllText(records, "{\"name\": 1}\n");
        Assert.StartsWith($"{records}:1: not a run record", Assert.Throws<DataFormatException>(() => ResultsFolder.Load(merged.Sweep.Folder)).Message);
    }

    [Fact]
    public void AFolderWithoutRecordsSaysHowToMakeThem()
    {
        using var folder = new TempFolder();
        var error = Assert.Throws<FileNotFoundException>(() => ResultsFolder.Load(folder.Path));
        Assert.Contains("safr sweep merge", error.Message);
        var missing = Path.Combine(folder.Path, "nowhere");
        Assert.Contains($"{missing}: no such folder", Assert.Throws<FileNotFoundException>(() => ResultsFolder.Load(missing)).Message);
    }

    [Fact]
    public void TheSummaryFrameHoldsEachConfigurationsIntervalsAndTests()
    {
        using var folder = new TempFolder();
        var records = Merged(folder).Records;
        var frame = records.SummaryFrame();
        Assert.Equal(2, frame.Rows.Count);
        Assert.Equal(["baseline", "SAFR"], new[] { frame["Name"][0], frame["Name"][1] });
        var safr = records.Summary()[1];
        Assert.Equal(safr[RunMetric.TestAccuracy]!.Mean, frame["TestAccuracy.Mean"][1]);
        Assert.Equal(safr[RunMetric.PolysemanticityImportant]!.HalfWidth, frame["PolysemanticityImportant.Ci95"][1]);
        Assert.Equal(safr.VsBaseline(RunMetric.TestAccuracy)!.PValue, frame["TestAccuracy.p"][1]);
        Assert.Equal(safr.VsBaseline(RunMetric.VmaskComprehensiveness)!.T, frame["AopcComprehensiveness[VMASK].t"][1]);
        Assert.Equal("0 1 2", frame["Seeds"][1]);
        Assert.Null(frame["TestAccuracy.p"][0]);  // the baseline is not tested against itself
        Assert.Equal(records.Count, records.Frame().Rows.Count);
        Assert.Equal(records.Select(r => (object)r.Test.Polysemanticity.Important), records.Frame()["PolysemanticityImportant"].Cast<object>());
    }

    [Fact]
    public void TwoRunsOfOneSeedInAConfigurationAreAnErrorNotAnAverage()
    {
        using var folder = new TempFolder();
        var records = Merged(folder).Records;
        Assert.Contains("runs of seed 0", Assert.Throws<ArgumentException>(() => records.Concat([records[0]]).Summary()).Message);
    }

    [Fact]
    public void SideBySidePairsRunsByDatasetLambdasAndSeed()
    {
        using var folder = new TempFolder();
        var fast = Merged(folder).Records;
        // The "paper" side: seeds 2 and 0 of each arm (seed 1 missing), in another order, with other numbers.
        var paper = fast.Where(r => r.Spec.Seed != 1).Reverse()
            .Select(r => r with { Spec = r.Spec with { Mode = RunMode.Paper }, Test = r.Test with { Accuracy = r.TestAccuracy + 0.01 * (r.Spec.Seed + 1) } }).ToArray();
        var frame = fast.SideBySide(paper);
        Assert.Equal(4, frame.Rows.Count);  // seed 1 has no partner
        Assert.Equal(new object[] { 0, 2, 0, 2 }, frame["Seed"].Cast<object>());
        for (var i = 0; i < 4; i++)
        {
            var left = fast.Single(r => r.Name == (string)frame["Name"][i] && r.Spec.Seed == (int)frame["Seed"][i]);
            Assert.Equal(left.TestAccuracy, frame["TestAccuracy[fast]"][i]);
            Assert.Equal(left.TestAccuracy + 0.01 * (left.Spec.Seed + 1), frame["TestAccuracy[paper]"][i]);
            Assert.Equal((double)frame["TestAccuracy[paper]"][i] - left.TestAccuracy, frame["TestAccuracy.Diff"][i]);
            Assert.Equal(left.Test.Polysemanticity.Important, frame["PolysemanticityImportant[paper]"][i]);
        }
        Assert.Contains("label of its own", Assert.Throws<ArgumentException>(() => fast.SideBySide(fast)).Message);
    }

    [Fact]
    public void TheFigurePutsEachConfigurationAtItsMeansWithItsIntervalsAndItsSeedsBeside()
    {
        using var folder = new TempFolder();
        var records = Merged(folder).Records;
        var figure = records.AccuracyAgainstPolysemanticity();
        Assert.Equal(4, figure.Traces.Count);  // per configuration: the mean, then the seeds
        var summary = records.Summary();
        for (var k = 0; k < 2; k++)
        {
            var row = summary[k];
            var mean = Assert.IsType<Scatter>(figure.Traces[2 * k]);
            var seeds = Assert.IsType<Scatter>(figure.Traces[2 * k + 1]);
            Assert.Equal(row.Name, mean.name);
            Assert.Equal(new double?[] { row[RunMetric.PolysemanticityImportant]!.Mean }, mean.x);
            Assert.Equal(new double?[] { row[RunMetric.TestAccuracy]!.Mean }, mean.y);
            Assert.Equal(new double?[] { row[RunMetric.PolysemanticityImportant]!.HalfWidth }, mean.error_x.array);
            Assert.Equal(new double?[] { row[RunMetric.TestAccuracy]!.HalfWidth }, mean.error_y.array);
            var runs = records.Where(r => r.Name == row.Name).ToArray();
            Assert.Equal(runs.Select(r => (double?)r.TestAccuracy), (double?[])seeds.y);
            Assert.Equal(runs.Select(r => (double?)r.Test.Polysemanticity.Important), (double?[])seeds.x);
            Assert.Equal(mean.legendgroup, seeds.legendgroup);
            Assert.False(seeds.showlegend);
        }
        // Two modes in one figure: the mode goes into each configuration's name.
        var both = records.Concat(records.Select(r => r with { Spec = r.Spec with { Mode = RunMode.Paper } }));
        Assert.Equal(["baseline / fast", "baseline / fast (seeds)", "SAFR / fast", "SAFR / fast (seeds)", "baseline / paper", "baseline / paper (seeds)", "SAFR / paper", "SAFR / paper (seeds)"],
            both.AccuracyAgainstPolysemanticity().Traces.Select(t => ((Scatter)t).name));
    }

    [Fact]
    public void AResultsFolderMergedBeforeRunRecordsIsUpgradedToTheSameNumbers()
    {
        using var folder = new TempFolder();
        // A copy of a committed folder from before run records: the SST-2 ablation's manifest and old results table.
        var old = Path.Combine(Checkout.RepositoryRoot, "tests", "Safr.Kit.Tests", "Fixtures", "legacy-results");
        foreach (var file in Directory.GetFiles(old)) File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        Assert.True(SweepMerge.HoldsLegacyResults(folder.Path));
        var records = SweepMerge.Upgrade(folder.Path);
        Assert.False(SweepMerge.HoldsLegacyResults(folder.Path));
        var oldRows = CsvTable.ReadFile(Path.Combine(old, "results.csv")).Skip(1).Select(r => r.Fields).ToArray();
        Assert.Equal(oldRows.Length, records.Count);
        foreach (var (row, record) in oldRows.Zip(records))
        {
            Assert.Equal((row[1], double.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture), int.Parse(row[5], System.Globalization.CultureInfo.InvariantCulture)),
                (record.Spec.DatasetName, record.Spec.LambdaImportance, record.Spec.Seed));
            Assert.Equal(double.Parse(row[8], System.Globalization.CultureInfo.InvariantCulture), record.TestAccuracy);
            Assert.Equal(double.Parse(row[9], System.Globalization.CultureInfo.InvariantCulture), record.Test.Polysemanticity.Important);
            Assert.Equal(double.Parse(row[14], System.Globalization.CultureInfo.InvariantCulture), record.Test.Faithfulness!["VMASK"].AopcComprehensiveness);
            Assert.Equal(int.Parse(row[18], System.Globalization.CultureInfo.InvariantCulture), record.Training.Epochs);
        }
        Assert.Equal(records.Select(r => r.ToJson()), ResultsFolder.Load(folder.Path).Select(r => r.ToJson()));
    }

    [Fact]
    public void AResultsTableFromBeforeRunRecordsWithABadNumberOrHeaderIsItsFileLineAndColumn()
    {
        using var folder = new TempFolder();
        var old = Path.Combine(Checkout.RepositoryRoot, "tests", "Safr.Kit.Tests", "Fixtures", "legacy-results");
        foreach (var file in Directory.GetFiles(old)) File.Copy(file, Path.Combine(folder.Path, Path.GetFileName(file)));
        var results = Path.Combine(folder.Path, "results.csv");
        var lines = File.ReadAllLines(results);
        var fields = lines[2].Split(',');
        fields[8] = "0.68x";  // test_accuracy of the second row, on line 3
        lines[2] = string.Join(',', fields);
        File.WriteAllLines(results, lines);
        var error = Assert.Throws<DataFormatException>(() => SweepMerge.Upgrade(folder.Path));
        Assert.Equal($"{results}:3: column 9 \"test_accuracy\": \"0.68x\" is not a number (Double)", error.Message);

        lines[0] = lines[0].Replace("p_important", "p_imp", StringComparison.Ordinal);
        File.WriteAllLines(results, lines);
        error = Assert.Throws<DataFormatException>(() => SweepMerge.Upgrade(folder.Path));
        Assert.Equal((results, 1), (error.FilePath, error.Line));
        Assert.Contains("the header should be cell,dataset,arm,", error.Message);
        Assert.True(SweepMerge.HoldsLegacyResults(folder.Path));  // nothing was rewritten
    }
}
