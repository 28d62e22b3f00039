using System.Globalization;
using Microsoft.Data.Analysis;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;

namespace Safr.Kit.Tables;

/// <summary>
/// How much interpretability SAFR buys for how much accuracy on one dataset: every configuration that ran beside the
/// same baseline (the same data, mode, tokenizer and training; any lambdas), with its accuracy, P_l of important tokens and
/// comprehensiveness against the baseline's, paired by seed; and the recommended λ_imp: the largest at the given
/// λ_inter whose accuracy difference from the baseline is neither significant nor larger than the allowed drop.
/// <code>
/// var frontiers = records.Frontiers();            // one per baseline: any merged sweeps, your own grid included
/// frontiers[0].Recommended?.LambdaImportance      // null: no λ_imp keeps accuracy; frontiers[0].Verdict says why
/// frontiers.Frame()                               // one row per configuration
/// </code>
/// </summary>
/// <param name="Baseline">The baseline's point (both lambdas 0).</param>
/// <param name="Points">Every configuration, the baseline first, then by λ_inter and λ_imp.</param>
/// <param name="Recommended">The largest λ_imp at <see cref="LambdaInteraction"/> that keeps accuracy; null when none does.</param>
/// <param name="Verdict">The recommendation in a sentence, with its evidence, and whether the seeds decide it.</param>
public sealed record Frontier(
    FrontierPoint Baseline, IReadOnlyList<FrontierPoint> Points, FrontierPoint? Recommended, string Verdict,
    double LambdaInteraction, double MaxAccuracyDrop, double Alpha)
{
    public string Dataset => Baseline.Configuration.DatasetName;

    /// <summary>
    /// The frontier of every baseline among <paramref name="runs"/> (configurations without a baseline of their own are
    /// left out), in first-seen order.
    /// </summary>
    /// <param name="lambdaInteraction">The λ_inter along which λ_imp is recommended (SAFR's: 1).</param>
    /// <param name="maxAccuracyDrop">The accuracy a recommendation may cost at most, as a fraction (0.005: half a point).</param>
    /// <param name="alpha">The paired test's significance level.</param>
    public static IReadOnlyList<Frontier> Of(IEnumerable<RunRecord> runs, double lambdaInteraction = 1, double maxAccuracyDrop = 0.005, double alpha = 0.05)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        var summaries = ConfigurationSummary.Of(all);
        var byConfiguration = all.GroupBy(r => r.Spec.Configuration).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Spec.Seed));
        var frontiers = new List<Frontier>();
        foreach (var baseline in summaries.Where(s => s.Configuration.IsBaseline))
        {
            var baseRuns = byConfiguration[baseline.Configuration];
            FrontierPoint Point(ConfigurationSummary s)
            {
                if (s.Configuration.IsBaseline) return new FrontierPoint(s, null, null, null);
                var own = byConfiguration[s.Configuration];
                MeanInterval? Difference(RunMetric metric)
                {
                    var d = own.Keys.Where(baseRuns.ContainsKey).Order()
                        .Select(seed => metric.Value(own[seed]) - metric.Value(baseRuns[seed])).ToArray();
                    return d.Length == 0 || d.Any(x => x is null) ? null : MeanInterval.Of([.. d.Select(x => x!.Value)]);
                }
                return new FrontierPoint(s, Difference(RunMetric.TestAccuracy), Difference(RunMetric.PolysemanticityImportant), Difference(RunMetric.VmaskComprehensiveness));
            }
            var points = summaries.Where(s => s.Configuration.Baseline == baseline.Configuration)
                .OrderBy(s => s.Configuration.IsBaseline ? 0 : 1).ThenBy(s => s.Configuration.LambdaInteraction).ThenBy(s => s.Configuration.LambdaImportance)
                .Select(Point).ToArray();
            var candidates = points.Where(p => !p.IsBaseline && p.LambdaInteraction == lambdaInteraction && p.LambdaImportance > 0).ToArray();
            var recommended = candidates.Where(p => p.KeepsAccuracy(maxAccuracyDrop, alpha)).MaxBy(p => p.LambdaImportance);
            frontiers.Add(new Frontier(points[0], points, recommended, Explain(points[0], candidates, recommended, maxAccuracyDrop, alpha, lambdaInteraction),
                lambdaInteraction, maxAccuracyDrop, alpha));
        }
        return frontiers;
    }

    /// <summary>One row per configuration of every frontier: the run's columns, Runs, the means and intervals, the paired differences with their intervals and p-values, and Recommended.</summary>
    public static DataFrame Frame(IEnumerable<Frontier> frontiers)
    {
        ArgumentNullException.ThrowIfNull(frontiers);
        var rows = frontiers.SelectMany(f => f.Points.Select(p => (Frontier: f, Point: p))).ToArray();
        MeanInterval? Mean(FrontierPoint p, RunMetric m) => p.Summary[m];
        return new DataFrame(
            new StringDataFrameColumn("Dataset", rows.Select(r => r.Frontier.Dataset)),
            new StringDataFrameColumn("Name", rows.Select(r => r.Point.Summary.Name)),
            new DoubleDataFrameColumn("LambdaImportance", rows.Select(r => r.Point.LambdaImportance)),
            new DoubleDataFrameColumn("LambdaInteraction", rows.Select(r => r.Point.LambdaInteraction)),
            new Int32DataFrameColumn("Runs", rows.Select(r => r.Point.Summary.Runs)),
            new DoubleDataFrameColumn("TestAccuracy.Mean", rows.Select(r => Mean(r.Point, RunMetric.TestAccuracy)?.Mean)),
            new DoubleDataFrameColumn("TestAccuracy.Ci95", rows.Select(r => Mean(r.Point, RunMetric.TestAccuracy)?.HalfWidth)),
            new DoubleDataFrameColumn("PolysemanticityImportant.Mean", rows.Select(r => Mean(r.Point, RunMetric.PolysemanticityImportant)?.Mean)),
            new DoubleDataFrameColumn("PolysemanticityImportant.Ci95", rows.Select(r => Mean(r.Point, RunMetric.PolysemanticityImportant)?.HalfWidth)),
            new DoubleDataFrameColumn("AopcComprehensiveness[VMASK].Mean", rows.Select(r => Mean(r.Point, RunMetric.VmaskComprehensiveness)?.Mean)),
            new DoubleDataFrameColumn("AopcComprehensiveness[VMASK].Ci95", rows.Select(r => Mean(r.Point, RunMetric.VmaskComprehensiveness)?.HalfWidth)),
            new DoubleDataFrameColumn("TestAccuracy.Diff", rows.Select(r => r.Point.AccuracyDifference?.Mean)),
            new DoubleDataFrameColumn("TestAccuracy.Diff.Ci95", rows.Select(r => r.Point.AccuracyDifference?.HalfWidth)),
            new DoubleDataFrameColumn("TestAccuracy.p", rows.Select(r => r.Point.AccuracyTest?.PValue)),
            new DoubleDataFrameColumn("PolysemanticityImportant.Diff", rows.Select(r => r.Point.PolysemanticityDifference?.Mean)),
            new DoubleDataFrameColumn("PolysemanticityImportant.p", rows.Select(r => r.Point.Summary.VsBaseline(RunMetric.PolysemanticityImportant)?.PValue)),
            new DoubleDataFrameColumn("AopcComprehensiveness[VMASK].Diff", rows.Select(r => r.Point.ComprehensivenessDifference?.Mean)),
            new DoubleDataFrameColumn("AopcComprehensiveness[VMASK].p", rows.Select(r => r.Point.Summary.VsBaseline(RunMetric.VmaskComprehensiveness)?.PValue)),
            new BooleanDataFrameColumn("Recommended", rows.Select(r => ReferenceEquals(r.Point, r.Frontier.Recommended))));
    }

    public override string ToString() => $"{Dataset}: {Verdict}";

    private static string Explain(FrontierPoint baseline, IReadOnlyList<FrontierPoint> candidates, FrontierPoint? recommended, double maxDrop, double alpha, double lambdaInteraction)
    {
        var c = CultureInfo.InvariantCulture;
        string Points(double fraction) => (fraction * 100).ToString("+0.00;-0.00", c) + " points";
        if (candidates.Count == 0)
            return string.Create(c, $"no configuration with λ_imp > 0 at λ_inter {lambdaInteraction:G} ran beside this baseline");
        if (recommended is null)
        {
            var smallest = candidates.MinBy(p => p.LambdaImportance)!;
            return string.Create(c, $"no λ_imp at λ_inter {lambdaInteraction:G} keeps accuracy: the smallest, {smallest.LambdaImportance:G}, changes it by {Points(smallest.AccuracyDifference?.Mean ?? double.NaN)} (p = {smallest.AccuracyTest?.PValue:G2}); try smaller λ_imp");
        }
        var p = recommended;
        var poly = (baseline.Summary[RunMetric.PolysemanticityImportant]?.Mean, p.Summary[RunMetric.PolysemanticityImportant]?.Mean);
        var comp = p.ComprehensivenessDifference?.Mean;
        var text = string.Create(c,
            $"λ_imp = {p.LambdaImportance:G} (λ_inter {p.LambdaInteraction:G}): accuracy {Points(p.AccuracyDifference!.Mean)} (p = {p.AccuracyTest!.PValue:G2}, {p.Summary.Runs} seeds), P_l of important tokens {poly.Item1:F2} → {poly.Item2:F2} ({(poly.Item2 / poly.Item1 - 1):+0%;-0%}), VMASK comprehensiveness {comp:+0.000;-0.000}");
        var larger = candidates.Where(x => x.LambdaImportance > p.LambdaImportance).MinBy(x => x.LambdaImportance);
        // Without a larger λ_imp beside it, the grid cannot say where the cost begins: the edge may lie above.
        text += larger is not null
            ? string.Create(c, $"; the next, λ_imp = {larger.LambdaImportance:G}, costs {Points(larger.AccuracyDifference?.Mean ?? double.NaN)} (p = {larger.AccuracyTest?.PValue:G2})")
            : string.Create(c, $"; it is the largest λ_imp tried at λ_inter {lambdaInteraction:G}, so a larger one may keep accuracy too");
        text += p.RulesOutDrop(maxDrop)
            ? string.Create(c, $"; the seeds rule out a cost above {maxDrop * 100:G} points (95 % interval of the difference from {Points(p.AccuracyDifference.Lower)})")
            : string.Create(c, $"; too few seeds to rule out a larger cost: the 95 % interval of the difference reaches {Points(p.AccuracyDifference.Lower)}");
        return text;
    }
}
