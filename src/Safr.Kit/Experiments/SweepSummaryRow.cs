using Safr.Kit.Metrics;

namespace Safr.Kit.Experiments;

/// <summary>
/// One configuration of a merged sweep (an arm on one dataset, run mode and tokenizer): each metric's mean ± 95% interval over
/// its seeds, and for test accuracy, the polysemanticity of important tokens and VMASK's AOPC comprehensiveness a paired
/// t-test (by seed) against the baseline (both lambdas 0) of the same dataset, mode and tokenizer; null for the baseline
/// itself and where the sweep has no baseline.
/// </summary>
public sealed record SweepSummaryRow(
    string Dataset, string Mode, string Tokenizer, string Arm, double LambdaImportance, double LambdaInteraction, IReadOnlyList<int> Seeds,
    MeanInterval TestAccuracy, MeanInterval PolysemanticityImportant, MeanInterval PolysemanticityOther, MeanInterval Interaction,
    MeanInterval AopcComprehensiveness, MeanInterval AopcSufficiency, MeanInterval Epochs, MeanInterval Seconds,
    PairedTest? TestAccuracyVsBaseline, PairedTest? PolysemanticityImportantVsBaseline, PairedTest? AopcComprehensivenessVsBaseline)
{
    /// <summary>How many seeds (runs) the configuration has.</summary>
    public int Runs => Seeds.Count;
}
