using Safr.Kit.Metrics;
using Safr.Kit.Runs;

namespace Safr.Kit.Tables;

/// <summary>
/// One configuration on a dataset's accuracy–interpretability frontier: its runs summarised over seeds, and, paired by seed
/// with the baseline's runs, the differences in test accuracy, P_l of important tokens and VMASK's comprehensiveness
/// (mean with its 95 % interval, and the paired t-test). Null differences for the baseline itself.
/// </summary>
/// <param name="Summary">The configuration over its seeds.</param>
/// <param name="AccuracyDifference">Test accuracy minus the baseline's, by seed: mean ± 95 % interval.</param>
/// <param name="PolysemanticityDifference">P_l of important tokens minus the baseline's, by seed.</param>
/// <param name="ComprehensivenessDifference">VMASK's AOPC comprehensiveness minus the baseline's, by seed.</param>
public sealed record FrontierPoint(
    ConfigurationSummary Summary, MeanInterval? AccuracyDifference, MeanInterval? PolysemanticityDifference, MeanInterval? ComprehensivenessDifference)
{
    public RunSpec Configuration => Summary.Configuration;

    public double LambdaImportance => Configuration.LambdaImportance;

    public double LambdaInteraction => Configuration.LambdaInteraction;

    public bool IsBaseline => Configuration.IsBaseline;

    /// <summary>The paired t-test of test accuracy against the baseline (null for the baseline).</summary>
    public PairedTest? AccuracyTest => Summary.VsBaseline(RunMetric.TestAccuracy);

    /// <summary>
    /// Whether the accuracy cost is affordable as the frontier defines it: the paired difference from the baseline is not
    /// significant (p ≥ <paramref name="alpha"/>) and its mean is not more than <paramref name="maxAccuracyDrop"/> below.
    /// </summary>
    public bool KeepsAccuracy(double maxAccuracyDrop, double alpha) =>
        AccuracyTest is { } test && AccuracyDifference is { } d && !(test.PValue < alpha) && d.Mean >= -maxAccuracyDrop;

    /// <summary>
    /// Whether the seeds rule out a cost above <paramref name="maxAccuracyDrop"/>: the 95 % interval of the paired accuracy
    /// difference stays above −maxAccuracyDrop. A difference that is not significant but whose interval reaches lower is
    /// too few seeds to decide, not evidence of no cost.
    /// </summary>
    public bool RulesOutDrop(double maxAccuracyDrop) =>
        AccuracyDifference is { } d && !double.IsNaN(d.HalfWidth) && d.Lower >= -maxAccuracyDrop;
}
