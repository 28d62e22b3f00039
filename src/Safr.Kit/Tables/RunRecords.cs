using Microsoft.Data.Analysis;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;
using Safr.Kit.Training;

namespace Safr.Kit.Tables;

/// <summary>
/// Runs as DataFrames (Microsoft.Data.Analysis), built from a list of <see cref="RunRecord"/>s however they were made
/// (an experiment in a notebook, a merged sweep, <c>safr train</c>, the demo): every field at full precision, under the
/// names <see cref="RunMetric"/> gives them, for filtering (<c>frame.Filter(frame["Seed"].ElementwiseEquals(0))</c>),
/// grouping and export (<see cref="FrameCsv.Save"/>). Every frame starts with the run: Dataset, Mode, Tokenizer, Name,
/// LambdaImportance, LambdaInteraction (and Seed where a row is one run).
/// <code>
/// var records = experiment.Run(ExperimentArm.Ablations(seeds: 3));
/// records.SummaryFrame()     // per configuration: means, 95% intervals, paired tests against the baseline
/// </code>
/// </summary>
public static class RunRecords
{
    /// <summary>
    /// One row per run: the run's columns, then TestAccuracy, TestExamples; PolysemanticityImportant, PolysemanticityOther,
    /// PolysemanticityAll, ImportantTokens, OtherTokens, ImportanceThreshold; Interaction, InteractionExamples,
    /// InteractionBatches; FaithfulnessExamples, FaithfulnessEmptySkipped and, per ranking any run scored,
    /// AopcComprehensiveness[ranking] then AopcSufficiency[ranking]; Epochs, BestEpoch, BestDevAccuracy, ModelEpoch,
    /// StoppedEarly, SecondsPerEpoch, Seconds, RunFolder. Null where a run lacks a value.
    /// </summary>
    public static DataFrame Frame(this IEnumerable<RunRecord> runs)
    {
        var rows = Check(runs);
        var rankings = RunMetric.Rankings(rows);
        var tests = rows.Select(r => r.Test).ToArray();
        var training = rows.Select(r => r.Training).ToArray();
        List<DataFrameColumn> columns =
        [
            .. RunColumns(rows, withSeed: true),
            new DoubleDataFrameColumn(nameof(RunRecord.TestAccuracy), tests.Select(e => e.Accuracy)),
            new Int32DataFrameColumn("TestExamples", tests.Select(e => e.Examples)),
            new DoubleDataFrameColumn(RunMetric.PolysemanticityImportant.Name, tests.Select(e => e.Polysemanticity.Important)),
            new DoubleDataFrameColumn(RunMetric.PolysemanticityOther.Name, tests.Select(e => e.Polysemanticity.Other)),
            new DoubleDataFrameColumn(RunMetric.PolysemanticityAll.Name, tests.Select(e => e.Polysemanticity.All)),
            new Int64DataFrameColumn(nameof(PolysemanticityByImportance.ImportantTokens), tests.Select(e => e.Polysemanticity.ImportantTokens)),
            new Int64DataFrameColumn(nameof(PolysemanticityByImportance.OtherTokens), tests.Select(e => e.Polysemanticity.OtherTokens)),
            new DoubleDataFrameColumn("ImportanceThreshold", tests.Select(e => e.Polysemanticity.Threshold)),
            new DoubleDataFrameColumn(RunMetric.Interaction.Name, tests.Select(e => e.Interaction.Value)),
            new Int64DataFrameColumn("InteractionExamples", tests.Select(e => e.Interaction.Examples)),
            new Int32DataFrameColumn("InteractionBatches", tests.Select(e => e.Interaction.Batches)),
            new Int32DataFrameColumn("FaithfulnessExamples", tests.Select(e => e.Faithfulness?.Curves[0].Examples)),
            new Int32DataFrameColumn("FaithfulnessEmptySkipped", tests.Select(e => e.Faithfulness?.EmptySkipped)),
            .. rankings.Select(k => Column(RunMetric.Comprehensiveness(k), rows)),
            .. rankings.Select(k => Column(RunMetric.Sufficiency(k), rows)),
            new Int32DataFrameColumn(nameof(TrainingResult.Epochs), training.Select(t => t.Epochs)),
            new Int32DataFrameColumn(nameof(TrainingResult.BestEpoch), training.Select(t => t.BestEpoch)),
            new DoubleDataFrameColumn(nameof(TrainingResult.BestDevAccuracy), training.Select(t => t.BestDevAccuracy)),
            new Int32DataFrameColumn(nameof(TrainingResult.ModelEpoch), training.Select(t => t.ModelEpoch)),
            new BooleanDataFrameColumn(nameof(TrainingResult.StoppedEarly), training.Select(t => t.StoppedEarly)),
            new DoubleDataFrameColumn(nameof(TrainingResult.SecondsPerEpoch), training.Select(t => t.History.Count == 0 ? (double?)null : t.SecondsPerEpoch)),
            new DoubleDataFrameColumn(nameof(RunRecord.Seconds), rows.Select(r => r.Seconds)),
            new StringDataFrameColumn(nameof(RunRecord.RunFolder), rows.Select(r => r.RunFolder?.Replace('\\', '/'))),
        ];
        return new DataFrame(columns);
    }

    /// <summary>The accuracy–interpretability frontier of every baseline among the runs (<see cref="Frontier.Of"/>).</summary>
    public static IReadOnlyList<Frontier> Frontiers(this IEnumerable<RunRecord> runs, double lambdaInteraction = 1, double maxAccuracyDrop = 0.005, double alpha = 0.05) =>
        Frontier.Of(Check(runs), lambdaInteraction, maxAccuracyDrop, alpha);

    /// <summary>Each configuration's summary over its seeds (<see cref="ConfigurationSummary.Of"/>).</summary>
    public static IReadOnlyList<ConfigurationSummary> Summary(this IEnumerable<RunRecord> runs) => ConfigurationSummary.Of(Check(runs));

    /// <summary>
    /// One row per configuration, in first-seen order: the run's columns (no Seed), Runs, Seeds ("0 1 2"); "NAME.Mean" and
    /// "NAME.Ci95" (the 95% interval's half-width; NaN for one run) of every summarised metric (<see cref="RunMetric.Summarised"/>;
    /// null where a run lacks it); PairedSeeds, then "NAME.Diff" (configuration − baseline, by seed), "NAME.t" and "NAME.p"
    /// of the paired t-test against the baseline for each tested metric (<see cref="RunMetric.Tested"/>; null for the baseline).
    /// </summary>
    public static DataFrame SummaryFrame(this IEnumerable<RunRecord> runs)
    {
        var rows = Check(runs);
        var summary = ConfigurationSummary.Of(rows);
        List<DataFrameColumn> columns =
        [
            .. SpecColumns([.. summary.Select(s => (s.Configuration, s.Name))]),
            new Int32DataFrameColumn("Runs", summary.Select(s => s.Runs)),
            new StringDataFrameColumn("Seeds", summary.Select(s => string.Join(' ', s.Seeds))),
        ];
        foreach (var metric in RunMetric.Summarised(rows))
        {
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".Mean", summary.Select(s => s[metric]?.Mean)));
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".Ci95", summary.Select(s => s[metric]?.HalfWidth)));
        }
        columns.Add(new Int32DataFrameColumn("PairedSeeds", summary.Select(s => s.VsBaseline(RunMetric.TestAccuracy)?.Pairs)));
        foreach (var metric in RunMetric.Tested)
        {
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".Diff", summary.Select(s => s.VsBaseline(metric)?.MeanDifference)));
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".t", summary.Select(s => s.VsBaseline(metric)?.T)));
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".p", summary.Select(s => s.VsBaseline(metric)?.PValue)));
        }
        return new DataFrame(columns);
    }

    /// <summary>Every run's epochs, one row per run × epoch: the run's columns, then the <see cref="EpochHistoryFrame"/> columns.</summary>
    public static DataFrame HistoryFrame(this IEnumerable<RunRecord> runs)
    {
        var rows = Check(runs);
        return new DataFrame([
            .. RunColumns([.. rows.SelectMany(r => r.Training.History.Select(_ => r))], withSeed: true),
            .. EpochHistoryFrame.Columns([.. rows.SelectMany(r => r.Training.History)])]);
    }

    /// <summary>
    /// Every run's ERASER curves, one row per run × ranking × bin: the run's columns, then the
    /// <see cref="FaithfulnessFrames.BinsFrame"/> columns. Runs whose faithfulness was skipped have no rows.
    /// </summary>
    public static DataFrame FaithfulnessFrame(this IEnumerable<RunRecord> runs)
    {
        var rows = Check(runs);
        var curves = rows.SelectMany(r => (r.Test.Faithfulness?.Curves ?? []).Select(c => (Run: r, Curve: c))).ToArray();
        return new DataFrame([
            .. RunColumns([.. curves.SelectMany(x => x.Curve.Bins.Select(_ => x.Run))], withSeed: true),
            .. FaithfulnessFrames.BinColumns([.. curves.Select(x => x.Curve)])]);
    }

    /// <summary>
    /// Each run of <paramref name="left"/> beside the run of <paramref name="right"/> with the same dataset, lambdas and seed
    /// (runs without a partner are left out), in <paramref name="left"/>'s order: Dataset, Name, LambdaImportance,
    /// LambdaInteraction, Seed, then for TestAccuracy, PolysemanticityImportant, AopcComprehensiveness[VMASK] and Epochs the
    /// columns "NAME[LEFT]", "NAME[RIGHT]" and "NAME.Diff" (right − left). LEFT and RIGHT are the labels, by default each
    /// side's run mode ("fast", "paper").
    /// </summary>
    public static DataFrame SideBySide(this IEnumerable<RunRecord> left, IEnumerable<RunRecord> right, string? leftLabel = null, string? rightLabel = null)
    {
        var l = Check(left);
        var r = Check(right);
        leftLabel ??= Label(l, "left");
        rightLabel ??= Label(r, "right");
        if (leftLabel == rightLabel) throw new ArgumentException($"both sides are labelled '{leftLabel}'; give each a label of its own", nameof(rightLabel));
        static (string, double, double, int) Key(RunRecord x) => (x.Spec.DatasetName, x.Spec.LambdaImportance, x.Spec.LambdaInteraction, x.Spec.Seed);
        var partners = r.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First()
            : throw new ArgumentException($"the right side has {g.Count()} runs of {g.Key}: one per dataset, lambdas and seed is needed to pair them", nameof(right)));
        var pairs = l.Where(x => partners.ContainsKey(Key(x))).Select(x => (Left: x, Right: partners[Key(x)])).ToArray();
        List<DataFrameColumn> columns =
        [
            new StringDataFrameColumn("Dataset", pairs.Select(p => p.Left.Spec.DatasetName)),
            new StringDataFrameColumn("Name", pairs.Select(p => p.Left.Name)),
            new DoubleDataFrameColumn(nameof(RunSpec.LambdaImportance), pairs.Select(p => p.Left.Spec.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(RunSpec.LambdaInteraction), pairs.Select(p => p.Left.Spec.LambdaInteraction)),
            new Int32DataFrameColumn(nameof(RunSpec.Seed), pairs.Select(p => p.Left.Spec.Seed)),
        ];
        foreach (var metric in new[] { RunMetric.TestAccuracy, RunMetric.PolysemanticityImportant, RunMetric.VmaskComprehensiveness, RunMetric.Epochs })
        {
            columns.Add(new DoubleDataFrameColumn($"{metric.Name}[{leftLabel}]", pairs.Select(p => metric.Value(p.Left))));
            columns.Add(new DoubleDataFrameColumn($"{metric.Name}[{rightLabel}]", pairs.Select(p => metric.Value(p.Right))));
            columns.Add(new DoubleDataFrameColumn(metric.Name + ".Diff", pairs.Select(p => metric.Value(p.Right) - metric.Value(p.Left))));
        }
        return new DataFrame(columns);
    }

    /// <summary>Dataset, Mode, Tokenizer, Name, LambdaImportance, LambdaInteraction (and Seed) of each row's run.</summary>
    private static IEnumerable<DataFrameColumn> RunColumns(IReadOnlyList<RunRecord> runs, bool withSeed)
    {
        foreach (var c in SpecColumns([.. runs.Select(r => (r.Spec, r.Name))])) yield return c;
        if (withSeed) yield return new Int32DataFrameColumn(nameof(RunSpec.Seed), runs.Select(r => r.Spec.Seed));
    }

    private static IEnumerable<DataFrameColumn> SpecColumns(IReadOnlyList<(RunSpec Spec, string Name)> rows) =>
    [
        new StringDataFrameColumn("Dataset", rows.Select(x => x.Spec.DatasetName)),
        new StringDataFrameColumn(nameof(RunSpec.Mode), rows.Select(x => x.Spec.Mode.ToString().ToLowerInvariant())),
        new StringDataFrameColumn(nameof(RunSpec.Tokenizer), rows.Select(x => x.Spec.Tokenizer)),
        new StringDataFrameColumn("Name", rows.Select(x => x.Name)),
        new DoubleDataFrameColumn(nameof(RunSpec.LambdaImportance), rows.Select(x => x.Spec.LambdaImportance)),
        new DoubleDataFrameColumn(nameof(RunSpec.LambdaInteraction), rows.Select(x => x.Spec.LambdaInteraction)),
    ];

    private static DoubleDataFrameColumn Column(RunMetric metric, IReadOnlyList<RunRecord> rows) => new(metric.Name, rows.Select(metric.Value));

    /// <summary>A side's run mode where all its runs share one, else <paramref name="fallback"/>.</summary>
    private static string Label(IReadOnlyList<RunRecord> runs, string fallback)
    {
        var modes = runs.Select(x => x.Spec.Mode).Distinct().ToArray();
        return modes.Length == 1 ? modes[0].ToString().ToLowerInvariant() : fallback;
    }

    private static RunRecord[] Check(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs.ToArray();
        if (rows.Any(r => r is null)) throw new ArgumentException("a run record is null", nameof(runs));
        return rows;
    }
}
