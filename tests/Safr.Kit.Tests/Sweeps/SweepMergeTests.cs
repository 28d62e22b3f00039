using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Sweeps;

/// <summary>Merging a sweep: the tables hold exactly the cells' metrics, and the paired tests are scipy's.</summary>
public class SweepMergeTests
{
    // Per seed 0, 1, 2: test accuracy, P(important), AOPC comprehensiveness of the baseline and of SAFR.
    private static readonly double[] BaselineAccuracy = [0.79, 0.80, 0.80], SafrAccuracy = [0.81, 0.83, 0.80];
    private static readonly double[] BaselinePoly = [2.1, 2.0, 2.4], SafrPoly = [1.2, 1.5, 1.1];
    private static readonly double[] BaselineAopc = [0.11, 0.10, 0.09], SafrAopc = [0.10, 0.12, 0.15];

    [Fact]
    public void TheTablesHoldTheCellsMetricsAndThePairedTestsAreScipys()
    {
        using var folder = new TempFolder();
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path, seeds: "[0, 1, 2]"));
        sweep.Prepare();
        foreach (var cell in sweep.Cells) Write(cell, sweep);

        var merged = SweepMerge.Run(sweep.Folder);
        Assert.Equal(sweep.Cells.Select(c => Result(c, sweep).ToJson()), merged.Records.Select(r => r.ToJson()));
        Assert.Empty(merged.Unfinished);
        // The results folder reads back as the very records.
        Assert.Equal(merged.Records.Select(r => r.ToJson()), ResultsFolder.Load(sweep.Folder).Select(r => r.ToJson()));

        var table = Csv(Path.Combine(sweep.Folder, ResultsFolder.ResultsFileName));
        Assert.Equal(6, table.Count);
        foreach (var (row, run) in table.Zip(merged.Records))
        {
            Assert.Equal((run.Spec.DatasetName, run.Name, run.Spec.Seed, "fast", "whitespace"), (row["Dataset"], row["Name"], int.Parse(row["Seed"], CultureInfo.InvariantCulture), row["Mode"], row["Tokenizer"]));
            Assert.Equal([run.Spec.LambdaImportance, run.Spec.LambdaInteraction, run.TestAccuracy, run.Test.Polysemanticity.Important, run.Test.Polysemanticity.Other, run.Test.Interaction.Value,
                    run.Test.Faithfulness!["VMASK"].AopcComprehensiveness, run.Test.Faithfulness!["VMASK"].AopcSufficiency, run.Seconds],
                new[] { "LambdaImportance", "LambdaInteraction", "TestAccuracy", "PolysemanticityImportant", "PolysemanticityOther", "Interaction", "AopcComprehensiveness[VMASK]", "AopcSufficiency[VMASK]", "Seconds" }.Select(c => Number(row[c])));
            Assert.Equal(run.RunFolder, row["RunFolder"]);
        }

        // scipy.stats.ttest_rel(SAFR, baseline) in Debian 12's python3-scipy 1.10.1, printed with repr():
        //   accuracy ([0.81, 0.83, 0.80], [0.79, 0.80, 0.80]) -> statistic 1.8898223650461383, pvalue 0.19935923097456396
        //   P(important) ([1.2, 1.5, 1.1], [2.1, 2.0, 2.4]) -> -3.897114317029975, 0.05998065783923164
        //   AOPC comp. ([0.10, 0.12, 0.15], [0.11, 0.10, 0.09]) -> 1.1507929111375008, 0.3688312557327975
        var summary = Csv(Path.Combine(sweep.Folder, ResultsFolder.SummaryFileName));
        Assert.Equal(["baseline", "SAFR"], summary.Select(r => r["Name"]));
        var (baseline, safr) = (summary[0], summary[1]);
        Assert.Equal("", baseline["TestAccuracy.p"]);
        Assert.Equal(("3", "0 1 2", "3"), (safr["Runs"], safr["Seeds"], safr["PairedSeeds"]));
        Assert.Equal(1.8898223650461383, Number(safr["TestAccuracy.t"]), 1e-12);
        Assert.Equal(0.19935923097456396, Number(safr["TestAccuracy.p"]), 1e-12);
        Assert.Equal(-3.897114317029975, Number(safr["PolysemanticityImportant.t"]), 1e-12);
        Assert.Equal(0.05998065783923164, Number(safr["PolysemanticityImportant.p"]), 1e-12);
        Assert.Equal(1.1507929111375008, Number(safr["AopcComprehensiveness[VMASK].t"]), 1e-12);
        Assert.Equal(0.3688312557327975, Number(safr["AopcComprehensiveness[VMASK].p"]), 1e-12);
        Assert.Equal(SafrAccuracy.Average() - BaselineAccuracy.Average(), Number(safr["TestAccuracy.Diff"]), 1e-15);
        var interval = MeanInterval.Of(SafrPoly);
        Assert.Equal((interval.Mean, interval.HalfWidth), (Number(safr["PolysemanticityImportant.Mean"]), Number(safr["PolysemanticityImportant.Ci95"])));
        Assert.Equal(merged.Records.Summary()[1].VsBaseline(RunMetric.TestAccuracy)!.PValue, Number(safr["TestAccuracy.p"]));

        var manifest = File.ReadAllText(merged.ManifestFile);
        Assert.Contains("\"cellCount\": 6", manifest);
        Assert.Contains("\"runFolder\": \"runs/planted-fast-imp1-inter1-seed2\"", manifest);
        Assert.Contains("\"seeds\": [", manifest);
    }

    [Fact]
    public void UnfinishedCellsAreLeftOutAndNamed()
    {
        using var folder = new TempFolder();
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path, seeds: "[0, 1, 2]"));
        sweep.Prepare();
        foreach (var cell in sweep.Cells.Where(c => c.Index != 4)) Write(cell, sweep);
        var merged = SweepMerge.Run(sweep);
        Assert.Equal([4], merged.Unfinished.Select(c => c.Index));
        Assert.Equal(5, Csv(Path.Combine(sweep.Folder, ResultsFolder.ResultsFileName)).Count);
        var safr = Csv(Path.Combine(sweep.Folder, ResultsFolder.SummaryFileName))[1];
        Assert.Equal(("2", "0 2", "2"), (safr["Runs"], safr["Seeds"], safr["PairedSeeds"]));  // paired over the seeds both have
        Assert.Contains("\"finished\": false", File.ReadAllText(merged.ManifestFile));
    }

    [Fact]
    public void AResultFileOfAnotherCellIsRefused()
    {
        using var folder = new TempFolder();
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path));
        sweep.Prepare();
        Directory.CreateDirectory(sweep.RunFolderOf(sweep.Cells[1]).Path);
        Result(sweep.Cells[0], sweep).Write(sweep.ResultFileOf(sweep.Cells[1]));
        Assert.Contains("holds the record of another run", Assert.Throws<InputException>(() => SweepMerge.Run(sweep)).Message);
    }

    [Fact]
    public void ACellFinishedBeforeRunRecordsIsReadFromItsCellJson()
    {
        using var folder = new TempFolder();
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path, seeds: "[0]"));
        sweep.Prepare();
        var cell = sweep.Cells[1];
        Directory.CreateDirectory(sweep.RunsFolder);
        // What a cell wrote before run records: its flat metrics beside its run folder.
        File.WriteAllText(sweep.RunFolderOf(cell).Path + Sweep.LegacyResultSuffix, """
            { "cell": 1, "dataset": "planted", "arm": "SAFR", "lambdaImportance": 1, "lambdaInteraction": 1, "seed": 0, "mode": "fast", "tokenizer": "whitespace",
              "testAccuracy": 0.75, "polysemanticityImportant": 1.5, "polysemanticityOther": 2.5, "importantTokens": 10, "otherTokens": 20,
              "interaction": 0.04, "aopcComprehensiveness": 0.2, "aopcSufficiency": 0.1, "aopcComprehensivenessRandom": 0.05, "aopcSufficiencyRandom": 0.3,
              "epochs": 4, "modelEpoch": 2, "bestDevAccuracy": 0.8, "seconds": 12.5, "testExamples": 40, "runFolder": "runs/planted-fast-imp1-inter1-seed0" }
            """);
        Assert.True(sweep.IsFinished(cell));
        var record = sweep.ResultOf(cell)!;
        Assert.Equal(cell.Spec, record.Spec);
        Assert.Equal((0.75, 1.5, 2.5, 0.04, 4, 2, 12.5), (record.TestAccuracy, record.Test.Polysemanticity.Important, record.Test.Polysemanticity.Other,
            record.Test.Interaction.Value, record.Training.Epochs, record.Training.ModelEpoch, record.Seconds));
        Assert.Equal((0.2, 0.1, 0.05, 0.3), (record.Test.Faithfulness!["VMASK"].AopcComprehensiveness, record.Test.Faithfulness["VMASK"].AopcSufficiency,
            record.Test.Faithfulness["random"].AopcComprehensiveness, record.Test.Faithfulness["random"].AopcSufficiency));
        // Another cell's numbers under this cell's name are refused.
        File.Copy(sweep.RunFolderOf(cell).Path + Sweep.LegacyResultSuffix, sweep.RunFolderOf(sweep.Cells[0]).Path + Sweep.LegacyResultSuffix);
        Assert.Contains("holds the result of another cell", Assert.Throws<InputException>(() => sweep.ResultOf(sweep.Cells[0])).Message);
    }

    private static void Write(SweepCell cell, Sweep sweep)
    {
        Directory.CreateDirectory(sweep.RunFolderOf(cell).Path);
        Result(cell, sweep).Write(sweep.ResultFileOf(cell));
    }

    /// <summary>A made-up record of <paramref name="cell"/>: the fixed numbers above, by seed.</summary>
    internal static RunRecord Result(SweepCell cell, Sweep sweep)
    {
        var safr = !cell.Spec.LambdaImportance.Equals(0);
        var s = cell.Seed;
        var test = new Evaluation((safr ? SafrAccuracy : BaselineAccuracy)[s],
            new PolysemanticityByImportance((safr ? SafrPoly : BaselinePoly)[s], 3.1 + s / 7.0, 2.5, 100 + s, 200, 0.5),
            new InteractionScore(0.03 / (s + 1), 32, 1),
            new FaithfulnessReport([new FaithfulnessCurve("VMASK", [0.1, 0.5], [(safr ? SafrAopc : BaselineAopc)[s], (safr ? SafrAopc : BaselineAopc)[s]], [0.02 + s / 3.0, 0.02 + s / 3.0], 32),
                new FaithfulnessCurve("random", [0.1, 0.5], [0.01, 0.01], [0.0, 0.0], 32)]), 32);
        var history = new[] { new EpochRecord(1, 0.7, 0.6, 0.1, 0.0, 0.6, 0.7, 0.7, true), new EpochRecord(2, 0.6, 0.5, 0.1, 0.0, 0.7, 0.65, 0.8, false) };
        return new RunRecord(cell.Spec, test, new TrainingResult(history, 1, 0.7, 1, false, sweep.RunFolderOf(cell).Path)) { Seconds = 1.5 + s, RunFolder = Path.GetRelativePath(sweep.Folder, sweep.RunFolderOf(cell).Path) };
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The rows of a CSV, by column name.</summary>
    private static List<Dictionary<string, string>> Csv(string file)
    {
        var records = CsvTable.ReadFile(file).ToList();
        return [.. records.Skip(1).Select(r => records[0].Fields.Zip(r.Fields).ToDictionary(p => p.First, p => p.Second))];
    }
}
