using Microsoft.Data.Analysis;
using Safr.Kit.Experiments;
using Safr.Kit.Metrics;

namespace Safr.Kit.Tables;

/// <summary>
/// An experiment's <see cref="ArmResult"/>s as DataFrames (public through <see cref="ExperimentResults"/>): the run
/// table, its per-configuration summary, and the epochs and faithfulness bins of every run. Every frame starts with
/// the arm (Name, LambdaImportance, LambdaInteraction, Seed), so a frame of the ablation grid filters by lambda or
/// seed and groups by Name.
/// </summary>
internal static class ArmResultFrames
{
    private const string Comprehensiveness = nameof(FaithfulnessCurve.AopcComprehensiveness);
    private const string Sufficiency = nameof(FaithfulnessCurve.AopcSufficiency);

    public static DataFrame Runs(IEnumerable<ArmResult> results)
    {
        var rows = Check(results);
        var rankings = Rankings(rows);
        var evaluations = rows.Select(r => r.Test).ToArray();
        List<DataFrameColumn> columns =
        [
            .. ResultColumns.Arm([.. rows.Select(r => r.Arm)]),
            new DoubleDataFrameColumn(nameof(ArmResult.TestAccuracy), evaluations.Select(e => e.Accuracy)),
            new Int32DataFrameColumn("TestExamples", evaluations.Select(e => e.Examples)),
            .. ResultColumns.Polysemanticity([.. evaluations.Select(e => e.Polysemanticity)]),
            new DoubleDataFrameColumn("Interaction", evaluations.Select(e => e.Interaction.Value)),
            new Int64DataFrameColumn("InteractionExamples", evaluations.Select(e => e.Interaction.Examples)),
            new Int32DataFrameColumn("InteractionBatches", evaluations.Select(e => e.Interaction.Batches)),
            new Int32DataFrameColumn("FaithfulnessExamples", evaluations.Select(e => e.Faithfulness?.Curves[0].Examples)),
            new Int32DataFrameColumn("FaithfulnessEmptySkipped", evaluations.Select(e => e.Faithfulness?.EmptySkipped)),
            .. rankings.Select(k => new DoubleDataFrameColumn(ResultColumns.Aopc(Comprehensiveness, k), rows.Select(r => Curve(r, k)?.AopcComprehensiveness))),
            .. rankings.Select(k => new DoubleDataFrameColumn(ResultColumns.Aopc(Sufficiency, k), rows.Select(r => Curve(r, k)?.AopcSufficiency))),
            .. ResultColumns.Training([.. rows.Select(r => r.Training)]),
        ];
        return new DataFrame(columns);
    }

    public static DataFrame Summary(IEnumerable<ArmResult> results)
    {
        var rows = Check(results);
        // A configuration is a name with its lambdas (seeds are its runs), in first-seen order.
        var groups = rows.GroupBy(r => r.Configuration).ToArray();
        List<(string Name, Func<ArmResult, double?> Value)> metrics =
        [
            (nameof(ArmResult.TestAccuracy), r => r.TestAccuracy),
            (nameof(Training.TrainingResult.BestDevAccuracy), r => r.Training.BestDevAccuracy),
            ("PolysemanticityImportant", r => r.Test.Polysemanticity.Important),
            ("PolysemanticityOther", r => r.Test.Polysemanticity.Other),
            ("PolysemanticityAll", r => r.Test.Polysemanticity.All),
            ("Interaction", r => r.Test.Interaction.Value),
        ];
        foreach (var k in Rankings(rows))
        {
            metrics.Add((ResultColumns.Aopc(Comprehensiveness, k), r => Curve(r, k)?.AopcComprehensiveness));
            metrics.Add((ResultColumns.Aopc(Sufficiency, k), r => Curve(r, k)?.AopcSufficiency));
        }
        List<DataFrameColumn> columns =
        [
            new StringDataFrameColumn(nameof(ExperimentArm.Name), groups.Select(g => g.Key.Name)),
            new DoubleDataFrameColumn(nameof(ExperimentArm.LambdaImportance), groups.Select(g => g.Key.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(ExperimentArm.LambdaInteraction), groups.Select(g => g.Key.LambdaInteraction)),
            new Int32DataFrameColumn("Runs", groups.Select(g => g.Count())),
        ];
        foreach (var (name, value) in metrics)
        {
            // A metric some run of the configuration lacks (faithfulness skipped) has no summary: null, not a mean of fewer runs.
            var intervals = groups.Select(g => g.Select(value).ToArray())
                .Select(v => v.All(x => x.HasValue) ? MeanInterval.Of([.. v.Select(x => x!.Value)]) : null).ToArray();
            columns.Add(new DoubleDataFrameColumn(name + ".Mean", intervals.Select(i => i?.Mean)));
            columns.Add(new DoubleDataFrameColumn(name + ".Ci95", intervals.Select(i => i?.HalfWidth)));
        }
        return new DataFrame(columns);
    }

    public static DataFrame Histories(IEnumerable<ArmResult> results)
    {
        var rows = Check(results);
        var epochs = rows.SelectMany(r => r.Training.History).ToArray();
        return new DataFrame([
            .. ResultColumns.Arm([.. rows.SelectMany(r => r.Training.History.Select(_ => r.Arm))]),
            .. EpochHistoryFrame.Columns(epochs)]);
    }

    public static DataFrame FaithfulnessBins(IEnumerable<ArmResult> results)
    {
        var rows = Check(results);
        var curves = rows.SelectMany(r => r.Test.Faithfulness?.Curves ?? []).ToArray();
        return new DataFrame([
            .. ResultColumns.Arm([.. rows.SelectMany(r => (r.Test.Faithfulness?.Curves ?? []).SelectMany(c => c.Bins.Select(_ => r.Arm)))]),
            .. FaithfulnessFrames.BinColumns(curves)]);
    }

    private static ArmResult[] Check(IEnumerable<ArmResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.ToArray();
        if (rows.Any(r => r is null)) throw new ArgumentException("a result is null", nameof(results));
        return rows;
    }

    /// <summary>Every ranking any run's faithfulness scored, in first-seen order.</summary>
    private static string[] Rankings(IEnumerable<ArmResult> rows) =>
        [.. rows.SelectMany(r => r.Test.Faithfulness?.Curves ?? []).Select(c => c.Ranking).Distinct(StringComparer.Ordinal)];

    private static FaithfulnessCurve? Curve(ArmResult r, string ranking) =>
        r.Test.Faithfulness?.Curves.FirstOrDefault(c => c.Ranking == ranking);
}
