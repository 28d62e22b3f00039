using Safr.Kit.Attribution;
using Safr.Kit.Runs;

namespace Safr.Kit.Tables;

/// <summary>
/// One number of a <see cref="RunRecord"/> under the name every frame, summary and CSV gives it, so a metric is read in
/// one place: "TestAccuracy", "PolysemanticityImportant", "AopcComprehensiveness[VMASK]", ... Null where the run lacks it
/// (faithfulness skipped, a ranking not scored).
/// </summary>
public sealed record RunMetric(string Name, Func<RunRecord, double?> Value)
{
    public static RunMetric TestAccuracy { get; } = new(nameof(TestAccuracy), r => r.Test.Accuracy);
    public static RunMetric BestDevAccuracy { get; } = new(nameof(BestDevAccuracy), r => r.Training.BestDevAccuracy);
    public static RunMetric PolysemanticityImportant { get; } = new(nameof(PolysemanticityImportant), r => r.Test.Polysemanticity.Important);
    public static RunMetric PolysemanticityOther { get; } = new(nameof(PolysemanticityOther), r => r.Test.Polysemanticity.Other);
    public static RunMetric PolysemanticityAll { get; } = new(nameof(PolysemanticityAll), r => r.Test.Polysemanticity.All);
    public static RunMetric Interaction { get; } = new(nameof(Interaction), r => r.Test.Interaction.Value);
    public static RunMetric Epochs { get; } = new(nameof(Epochs), r => r.Training.Epochs);
    public static RunMetric Seconds { get; } = new(nameof(Seconds), r => r.Seconds);

    /// <summary>AOPC comprehensiveness of one ranking: "AopcComprehensiveness[VMASK]".</summary>
    public static RunMetric Comprehensiveness(string ranking) =>
        new($"AopcComprehensiveness[{ranking}]", r => Curve(r, ranking)?.AopcComprehensiveness);

    /// <summary>AOPC sufficiency of one ranking: "AopcSufficiency[VMASK]".</summary>
    public static RunMetric Sufficiency(string ranking) =>
        new($"AopcSufficiency[{ranking}]", r => Curve(r, ranking)?.AopcSufficiency);

    /// <summary>VMASK's AOPC comprehensiveness: the faithfulness the paper's claim is about.</summary>
    public static RunMetric VmaskComprehensiveness { get; } = Comprehensiveness(VmaskAttribution.RankingName);

    /// <summary>The metrics summaries report, with both AOPC measures of every ranking any of <paramref name="runs"/> scored.</summary>
    public static IReadOnlyList<RunMetric> Summarised(IEnumerable<RunRecord> runs) =>
    [
        TestAccuracy, BestDevAccuracy, PolysemanticityImportant, PolysemanticityOther, PolysemanticityAll, Interaction,
        .. Rankings(runs).SelectMany(k => new[] { Comprehensiveness(k), Sufficiency(k) }),
        Epochs, Seconds,
    ];

    /// <summary>The metrics summaries test against the baseline: accuracy, P_l of important tokens and VMASK's comprehensiveness.</summary>
    public static IReadOnlyList<RunMetric> Tested { get; } = [TestAccuracy, PolysemanticityImportant, VmaskComprehensiveness];

    /// <summary>Every ranking any run's faithfulness scored, in first-seen order.</summary>
    public static IReadOnlyList<string> Rankings(IEnumerable<RunRecord> runs) =>
        [.. runs.SelectMany(r => r.Test.Faithfulness?.Curves ?? []).Select(c => c.Ranking).Distinct(StringComparer.Ordinal)];

    private static Metrics.FaithfulnessCurve? Curve(RunRecord r, string ranking) =>
        r.Test.Faithfulness?.Curves.FirstOrDefault(c => c.Ranking == ranking);

    public override string ToString() => Name;
}
