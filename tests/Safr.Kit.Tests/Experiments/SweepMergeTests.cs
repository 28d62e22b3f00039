using System.Globalization;
using Safr.Kit.Experiments;
using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Experiments;

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
        foreach (var cell in sweep.Cells) Result(cell, sweep).Write(sweep.ResultFileOf(cell));

        var merged = SweepMerge.Run(sweep.Folder);
        Assert.Equal(sweep.Cells.Select(c => Result(c, sweep)), merged.Results);
        Assert.Empty(merged.Unfinished);

        var table = Csv(merged.ResultsFile);
        Assert.Equal(6, table.Count);
        foreach (var (row, cell) in table.Zip(merged.Results))
        {
            Assert.Equal((cell.Cell, cell.Dataset, cell.Arm, cell.Seed, cell.Mode, cell.Tokenizer), (int.Parse(row["cell"], CultureInfo.InvariantCulture), row["dataset"], row["arm"], int.Parse(row["seed"], CultureInfo.InvariantCulture), row["mode"], row["tokenizer"]));
            Assert.Equal([cell.LambdaImportance, cell.LambdaInteraction, cell.TestAccuracy, cell.PolysemanticityImportant, cell.PolysemanticityOther, cell.Interaction, cell.AopcComprehensiveness, cell.AopcSufficiency, cell.Seconds],
                new[] { "lambda_imp", "lambda_inter", "test_accuracy", "p_important", "p_other", "l_inter", "aopc_comprehensiveness", "aopc_sufficiency", "seconds" }.Select(c => Number(row[c])));
            Assert.Equal(cell.RunFolder, row["run_folder"]);
        }

        // scipy.stats.ttest_rel(SAFR, baseline) in Debian 12's python3-scipy 1.10.1, printed with repr():
        //   accuracy ([0.81, 0.83, 0.80], [0.79, 0.80, 0.80]) -> statistic 1.8898223650461383, pvalue 0.19935923097456396
        //   P(important) ([1.2, 1.5, 1.1], [2.1, 2.0, 2.4]) -> -3.897114317029975, 0.05998065783923164
        //   AOPC comp. ([0.10, 0.12, 0.15], [0.11, 0.10, 0.09]) -> 1.1507929111375008, 0.3688312557327975
        var summary = Csv(merged.SummaryFile);
        Assert.Equal(["baseline", "SAFR"], summary.Select(r => r["arm"]));
        var (baseline, safr) = (summary[0], summary[1]);
        Assert.Equal("", baseline["test_accuracy_vs_baseline_p"]);
        Assert.Equal(("3", "0 1 2", "3"), (safr["runs"], safr["seeds"], safr["paired_seeds"]));
        Assert.Equal(1.8898223650461383, Number(safr["test_accuracy_vs_baseline_t"]), 1e-12);
        Assert.Equal(0.19935923097456396, Number(safr["test_accuracy_vs_baseline_p"]), 1e-12);
        Assert.Equal(-3.897114317029975, Number(safr["p_important_vs_baseline_t"]), 1e-12);
        Assert.Equal(0.05998065783923164, Number(safr["p_important_vs_baseline_p"]), 1e-12);
        Assert.Equal(1.1507929111375008, Number(safr["aopc_comprehensiveness_vs_baseline_t"]), 1e-12);
        Assert.Equal(0.3688312557327975, Number(safr["aopc_comprehensiveness_vs_baseline_p"]), 1e-12);
        Assert.Equal(SafrAccuracy.Average() - BaselineAccuracy.Average(), Number(safr["test_accuracy_vs_baseline_diff"]), 1e-15);
        var interval = MeanInterval.Of(SafrPoly);
        Assert.Equal((interval.Mean, interval.HalfWidth), (Number(safr["p_important_mean"]), Number(safr["p_important_ci95"])));
        Assert.Equal(merged.Summary[1].TestAccuracyVsBaseline!.PValue, Number(safr["test_accuracy_vs_baseline_p"]));

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
        foreach (var cell in sweep.Cells.Where(c => c.Index != 4)) Result(cell, sweep).Write(sweep.ResultFileOf(cell));
        var merged = SweepMerge.Run(sweep);
        Assert.Equal([4], merged.Unfinished.Select(c => c.Index));
        Assert.Equal(5, Csv(merged.ResultsFile).Count);
        var safr = Csv(merged.SummaryFile)[1];
        Assert.Equal(("2", "0 2", "2"), (safr["runs"], safr["seeds"], safr["paired_seeds"]));  // paired over the seeds both have
        Assert.Contains("\"finished\": false", File.ReadAllText(merged.ManifestFile));
    }

    [Fact]
    public void AResultFileOfAnotherCellIsRefused()
    {
        using var folder = new TempFolder();
        var sweep = SweepTests.Open(SweepTests.Spec(folder.Path));
        sweep.Prepare();
        Result(sweep.Cells[0], sweep).Write(sweep.ResultFileOf(sweep.Cells[1]));
        Assert.Contains("holds the result of another cell", Assert.Throws<InputException>(() => SweepMerge.Run(sweep)).Message);
    }

    internal static SweepCellResult Result(SweepCell cell, Sweep sweep)
    {
        var safr = !cell.Arm.LambdaImportance.Equals(0);
        var s = cell.Seed;
        return new SweepCellResult(cell.Index, cell.Dataset, cell.ArmName, cell.Arm.LambdaImportance, cell.Arm.LambdaInteraction, s, "fast", "whitespace",
            (safr ? SafrAccuracy : BaselineAccuracy)[s], (safr ? SafrPoly : BaselinePoly)[s], 3.1 + s / 7.0, 100 + s, 200, 0.03 / (s + 1),
            (safr ? SafrAopc : BaselineAopc)[s], 0.02 + s / 3.0, 0.01, 0.0, 2, 1, 0.7, 1.5 + s, 32,
            Path.GetRelativePath(sweep.Folder, sweep.RunFolderOf(cell).Path));
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The rows of a CSV without quoted fields (these tables have none), by column name.</summary>
    private static List<Dictionary<string, string>> Csv(string file)
    {
        var lines = File.ReadAllLines(file);
        var header = lines[0].Split(',');
        return [.. lines.Skip(1).Select(l => header.Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second))];
    }
}
