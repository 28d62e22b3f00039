using Safr.Kit.Attribution;
using Safr.Kit.Display;
using Safr.Kit.Metrics;

namespace Safr.Kit.Experiments;

/// <summary>
/// The tables and figures an experiment's results are read through: <see cref="ResultsTable"/>s to show (a title, rounded
/// numbers with their units), DataFrames to filter, group and export (ExperimentResults.Frames.cs), and figures.
/// </summary>
public static partial class ExperimentResults
{
    /// <summary>
    /// One row per arm: test accuracy, P_l of important and other tokens, L_inter, faithfulness and epochs, rounded for
    /// reading. The same runs with every field at full precision: <see cref="Frame"/>.
    /// </summary>
    public static ResultsTable Table(string title, IEnumerable<ArmResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var rows = results.ToArray();
        var curves = rows.Select(r => r.Test.Faithfulness).OfType<FaithfulnessReport>().FirstOrDefault() is { } f ? Curves(f) : [];
        return new ResultsTable(
            ["model", "seed", "test acc", "P(important)", "P(other)", "important tokens", "L_inter",
             .. curves.Select(c => $"AOPC comp. ({c})"), .. curves.Select(c => $"AOPC suff. ({c})"), "epochs"],
            [.. rows.Select(r => (IReadOnlyList<string>)[
                r.Name, r.Arm.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ResultsTable.Number(r.TestAccuracy * 100, "F2") + " %",
                ResultsTable.Number(r.Test.Polysemanticity.Important), ResultsTable.Number(r.Test.Polysemanticity.Other),
                r.Test.Polysemanticity.ImportantTokens.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                ResultsTable.Number(r.Test.Interaction.Value),
                .. curves.Select(c => Aopc(r, c, comprehensiveness: true)), .. curves.Select(c => Aopc(r, c, comprehensiveness: false)),
                r.Training.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture)])],
            title);
    }

    /// <summary>
    /// Mean ± 95% interval over seeds of each configuration (<see cref="ArmResult.Configuration"/>: a name with its
    /// lambdas), in first-seen order, as text. The intervals as numbers, for every metric: <see cref="SummaryFrame"/>.
    /// </summary>
    public static ResultsTable Summary(string title, IEnumerable<ArmResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var groups = results.GroupBy(r => r.Configuration).ToArray();
        static string Of(IEnumerable<double> values, string format) => MeanInterval.Of(values.ToArray()).ToString(format);
        return new ResultsTable(
            ["configuration", "λ_imp", "λ_inter", "runs", "test acc (%)", "P(important)", "P(other)", "AOPC comp. (VMASK)"],
            [.. groups.Select(g => (IReadOnlyList<string>)[
                g.Key.Name, ResultsTable.Number(g.Key.LambdaImportance, "G"), ResultsTable.Number(g.Key.LambdaInteraction, "G"),
                g.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Of(g.Select(r => r.TestAccuracy * 100), "F2"), Of(g.Select(r => r.Test.Polysemanticity.Important), "F4"),
                Of(g.Select(r => r.Test.Polysemanticity.Other), "F4"),
                Of(g.Select(r => r.Test.Faithfulness is { } f ? VmaskCurve(f).AopcComprehensiveness : double.NaN), "F3")])],
            title);
    }

    /// <summary>Dev accuracy per epoch, one line per arm (and seed): <see cref="Charts.DevAccuracy(IEnumerable{ArmResult})"/>.</summary>
    public static Figure DevAccuracyCurves(IEnumerable<ArmResult> results) => Charts.DevAccuracy(results);

    /// <summary>Test accuracy against the polysemanticity of important tokens, one point per run, one trace per configuration.</summary>
    public static Figure AccuracyAgainstPolysemanticity(IEnumerable<ArmResult> results) => Charts.AccuracyAgainstPolysemanticity(results);

    private static string[] Curves(FaithfulnessReport report) => [.. report.Curves.Select(c => c.Ranking)];

    private static FaithfulnessCurve VmaskCurve(FaithfulnessReport report) => report[VmaskAttribution.RankingName];

    private static string Aopc(ArmResult r, string curve, bool comprehensiveness)
    {
        if (r.Test.Faithfulness is not { } f || !f.Curves.Any(c => c.Ranking == curve)) return "";
        var c = f[curve];
        return ResultsTable.Number(comprehensiveness ? c.AopcComprehensiveness : c.AopcSufficiency, "F3");
    }
}
