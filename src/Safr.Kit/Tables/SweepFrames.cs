using Microsoft.Data.Analysis;
using Safr.Kit.Experiments;
using Safr.Kit.Metrics;

namespace Safr.Kit.Tables;

/// <summary>
/// A merged sweep as DataFrames (public through <see cref="SweepResults"/>): the cells, the summary per configuration,
/// and two sweeps' runs side by side. Columns carry the names of <see cref="SweepCellResult"/>'s fields, at full precision.
/// </summary>
public static class SweepFrames
{
    /// <summary>The summary's metrics: each becomes "NAME.Mean" and "NAME.Ci95" (the 95% interval's half-width; NaN for one run).</summary>
    private static readonly (string Name, Func<SweepSummaryRow, MeanInterval> Value)[] Means =
    [
        ("TestAccuracy", r => r.TestAccuracy), ("PolysemanticityImportant", r => r.PolysemanticityImportant),
        ("PolysemanticityOther", r => r.PolysemanticityOther), ("Interaction", r => r.Interaction),
        ("AopcComprehensiveness", r => r.AopcComprehensiveness), ("AopcSufficiency", r => r.AopcSufficiency),
        ("Epochs", r => r.Epochs), ("Seconds", r => r.Seconds),
    ];

    /// <summary>The tested metrics: each becomes "NAME.Diff" (mean of configuration − baseline by seed), "NAME.t" and "NAME.p".</summary>
    private static readonly (string Name, Func<SweepSummaryRow, PairedTest?> Test)[] Tests =
    [
        ("TestAccuracy", r => r.TestAccuracyVsBaseline), ("PolysemanticityImportant", r => r.PolysemanticityImportantVsBaseline),
        ("AopcComprehensiveness", r => r.AopcComprehensivenessVsBaseline),
    ];

    /// <summary>The metrics <see cref="SideBySide"/> sets beside each other.</summary>
    private static readonly (string Name, Func<SweepCellResult, double> Value)[] Compared =
    [
        ("TestAccuracy", r => r.TestAccuracy), ("PolysemanticityImportant", r => r.PolysemanticityImportant),
        ("AopcComprehensiveness", r => r.AopcComprehensiveness), ("Epochs", r => r.Epochs),
    ];

    /// <summary>One row per cell, every field of <see cref="SweepCellResult"/> a column of its name.</summary>
    public static DataFrame Results(IEnumerable<SweepCellResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var r = results.ToArray();
        return new DataFrame(
            new Int32DataFrameColumn(nameof(SweepCellResult.Cell), r.Select(x => x.Cell)),
            new StringDataFrameColumn(nameof(SweepCellResult.Dataset), r.Select(x => x.Dataset)),
            new StringDataFrameColumn(nameof(SweepCellResult.Arm), r.Select(x => x.Arm)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.LambdaImportance), r.Select(x => x.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.LambdaInteraction), r.Select(x => x.LambdaInteraction)),
            new Int32DataFrameColumn(nameof(SweepCellResult.Seed), r.Select(x => x.Seed)),
            new StringDataFrameColumn(nameof(SweepCellResult.Mode), r.Select(x => x.Mode)),
            new StringDataFrameColumn(nameof(SweepCellResult.Tokenizer), r.Select(x => x.Tokenizer)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.TestAccuracy), r.Select(x => x.TestAccuracy)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.PolysemanticityImportant), r.Select(x => x.PolysemanticityImportant)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.PolysemanticityOther), r.Select(x => x.PolysemanticityOther)),
            new Int64DataFrameColumn(nameof(SweepCellResult.ImportantTokens), r.Select(x => x.ImportantTokens)),
            new Int64DataFrameColumn(nameof(SweepCellResult.OtherTokens), r.Select(x => x.OtherTokens)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.Interaction), r.Select(x => x.Interaction)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.AopcComprehensiveness), r.Select(x => x.AopcComprehensiveness)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.AopcSufficiency), r.Select(x => x.AopcSufficiency)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.AopcComprehensivenessRandom), r.Select(x => x.AopcComprehensivenessRandom)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.AopcSufficiencyRandom), r.Select(x => x.AopcSufficiencyRandom)),
            new Int32DataFrameColumn(nameof(SweepCellResult.Epochs), r.Select(x => x.Epochs)),
            new Int32DataFrameColumn(nameof(SweepCellResult.ModelEpoch), r.Select(x => x.ModelEpoch)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.BestDevAccuracy), r.Select(x => x.BestDevAccuracy)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.Seconds), r.Select(x => x.Seconds)),
            new Int32DataFrameColumn(nameof(SweepCellResult.TestExamples), r.Select(x => x.TestExamples)),
            new StringDataFrameColumn(nameof(SweepCellResult.RunFolder), r.Select(x => x.RunFolder)));
    }

    /// <summary>
    /// One row per configuration: Dataset, Mode, Tokenizer, Arm, LambdaImportance, LambdaInteraction, Runs, Seeds ("0 1 2");
    /// "NAME.Mean" and "NAME.Ci95" of TestAccuracy, PolysemanticityImportant, PolysemanticityOther, Interaction,
    /// AopcComprehensiveness, AopcSufficiency, Epochs and Seconds; PairedSeeds, then "NAME.Diff", "NAME.t" and "NAME.p" of
    /// the paired t-test against the baseline for TestAccuracy, PolysemanticityImportant and AopcComprehensiveness (null
    /// for the baseline itself).
    /// </summary>
    public static DataFrame Summary(IEnumerable<SweepSummaryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var r = rows.ToArray();
        List<DataFrameColumn> columns =
        [
            new StringDataFrameColumn(nameof(SweepSummaryRow.Dataset), r.Select(x => x.Dataset)),
            new StringDataFrameColumn(nameof(SweepSummaryRow.Mode), r.Select(x => x.Mode)),
            new StringDataFrameColumn(nameof(SweepSummaryRow.Tokenizer), r.Select(x => x.Tokenizer)),
            new StringDataFrameColumn(nameof(SweepSummaryRow.Arm), r.Select(x => x.Arm)),
            new DoubleDataFrameColumn(nameof(SweepSummaryRow.LambdaImportance), r.Select(x => x.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(SweepSummaryRow.LambdaInteraction), r.Select(x => x.LambdaInteraction)),
            new Int32DataFrameColumn(nameof(SweepSummaryRow.Runs), r.Select(x => x.Runs)),
            new StringDataFrameColumn(nameof(SweepSummaryRow.Seeds), r.Select(x => string.Join(' ', x.Seeds))),
        ];
        foreach (var (name, value) in Means)
        {
            columns.Add(new DoubleDataFrameColumn(name + ".Mean", r.Select(x => value(x).Mean)));
            columns.Add(new DoubleDataFrameColumn(name + ".Ci95", r.Select(x => value(x).HalfWidth)));
        }
        columns.Add(new Int32DataFrameColumn("PairedSeeds", r.Select(x => x.TestAccuracyVsBaseline?.Pairs)));
        foreach (var (name, test) in Tests)
        {
            columns.Add(new DoubleDataFrameColumn(name + ".Diff", r.Select(x => test(x)?.MeanDifference)));
            columns.Add(new DoubleDataFrameColumn(name + ".t", r.Select(x => test(x)?.T)));
            columns.Add(new DoubleDataFrameColumn(name + ".p", r.Select(x => test(x)?.PValue)));
        }
        return new DataFrame(columns);
    }

    /// <summary>
    /// Each run of <paramref name="left"/> beside the run of <paramref name="right"/> with the same dataset, lambdas and seed
    /// (runs without a partner are left out), in <paramref name="left"/>'s order: Dataset, Arm, LambdaImportance,
    /// LambdaInteraction, Seed, then for TestAccuracy, PolysemanticityImportant, AopcComprehensiveness and Epochs the columns
    /// "NAME[LEFT]", "NAME[RIGHT]" and "NAME.Diff" (right − left). LEFT and RIGHT are the labels, by default each side's
    /// run mode ("fast", "paper").
    /// </summary>
    public static DataFrame SideBySide(IEnumerable<SweepCellResult> left, IEnumerable<SweepCellResult> right, string? leftLabel = null, string? rightLabel = null)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var l = left.ToArray();
        var r = right.ToArray();
        leftLabel ??= Label(l, "left");
        rightLabel ??= Label(r, "right");
        if (leftLabel == rightLabel) throw new ArgumentException($"both sides are labelled '{leftLabel}'; give each a label of its own", nameof(rightLabel));
        static (string, double, double, int) Key(SweepCellResult x) => (x.Dataset, x.LambdaImportance, x.LambdaInteraction, x.Seed);
        var partners = r.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First()
            : throw new ArgumentException($"the right side has {g.Count()} runs of {g.Key}: one per dataset, lambdas and seed is needed to pair them", nameof(right)));
        var pairs = l.Where(x => partners.ContainsKey(Key(x))).Select(x => (Left: x, Right: partners[Key(x)])).ToArray();
        List<DataFrameColumn> columns =
        [
            new StringDataFrameColumn(nameof(SweepCellResult.Dataset), pairs.Select(p => p.Left.Dataset)),
            new StringDataFrameColumn(nameof(SweepCellResult.Arm), pairs.Select(p => p.Left.Arm)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.LambdaImportance), pairs.Select(p => p.Left.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(SweepCellResult.LambdaInteraction), pairs.Select(p => p.Left.LambdaInteraction)),
            new Int32DataFrameColumn(nameof(SweepCellResult.Seed), pairs.Select(p => p.Left.Seed)),
        ];
        foreach (var (name, value) in Compared)
        {
            columns.Add(new DoubleDataFrameColumn($"{name}[{leftLabel}]", pairs.Select(p => value(p.Left))));
            columns.Add(new DoubleDataFrameColumn($"{name}[{rightLabel}]", pairs.Select(p => value(p.Right))));
            columns.Add(new DoubleDataFrameColumn(name + ".Diff", pairs.Select(p => value(p.Right) - value(p.Left))));
        }
        return new DataFrame(columns);
    }

    /// <summary>A side's run mode where all its runs share one, else <paramref name="fallback"/>.</summary>
    private static string Label(IReadOnlyList<SweepCellResult> runs, string fallback)
    {
        var modes = runs.Select(x => x.Mode).Distinct().ToArray();
        return modes.Length == 1 ? modes[0] : fallback;
    }
}
