using Microsoft.Data.Analysis;
using Safr.Kit.Tables;

namespace Safr.Kit.Experiments;

/// <summary>
/// The results as DataFrames (Microsoft.Data.Analysis): every field at full precision, under its own name, in columns of
/// its own type, for filtering (<c>frame.Filter(frame["Seed"].ElementwiseEquals(0))</c>), grouping
/// (<c>frame.GroupBy("Name").Mean("TestAccuracy")</c>) and export (<see cref="FrameCsv.Save"/>). Notebooks show them
/// with the package's own HTML formatter. Every frame starts with the arm: Name, LambdaImportance, LambdaInteraction, Seed
/// (the summary: Name and the lambdas). The ablation grid is <c>Frame(experiment.Run(ExperimentArm.Ablations(seeds)))</c>.
/// </summary>
public static partial class ExperimentResults
{
    /// <summary>
    /// One row per run (arm x seed), in order, with every metric: TestAccuracy, TestExamples; PolysemanticityImportant,
    /// PolysemanticityOther, PolysemanticityAll, ImportantTokens, OtherTokens, ImportanceThreshold; Interaction,
    /// InteractionExamples, InteractionBatches; FaithfulnessExamples, FaithfulnessEmptySkipped and, per ranking any run
    /// scored, AopcComprehensiveness[ranking] then AopcSufficiency[ranking] (null where faithfulness was skipped or that
    /// ranking not scored); Epochs, BestEpoch, BestDevAccuracy, ModelEpoch, StoppedEarly, SecondsPerEpoch, RunFolder.
    /// </summary>
    public static DataFrame Frame(IEnumerable<ArmResult> results) => ArmResultFrames.Runs(results);

    /// <summary>
    /// One row per configuration (a name with its lambdas; its seeds are its Runs), in first-seen order, and per metric
    /// (TestAccuracy, BestDevAccuracy, PolysemanticityImportant, PolysemanticityOther, PolysemanticityAll, Interaction,
    /// AopcComprehensiveness[ranking], AopcSufficiency[ranking]) its <see cref="Metrics.MeanInterval"/> over the runs:
    /// "metric.Mean" and "metric.Ci95", the 95% interval's half-width (NaN for a single run). Null when a run lacks the metric.
    /// </summary>
    public static DataFrame SummaryFrame(IEnumerable<ArmResult> results) => ArmResultFrames.Summary(results);

    /// <summary>Every run's epochs, one row per run x epoch: the arm, then the <see cref="EpochHistoryFrame"/> columns.</summary>
    public static DataFrame HistoryFrame(IEnumerable<ArmResult> results) => ArmResultFrames.Histories(results);

    /// <summary>
    /// Every run's ERASER curves, one row per run x ranking x bin: the arm, then the
    /// <see cref="FaithfulnessFrames.BinsFrame"/> columns. Runs whose faithfulness was skipped have no rows.
    /// </summary>
    public static DataFrame FaithfulnessFrame(IEnumerable<ArmResult> results) => ArmResultFrames.FaithfulnessBins(results);
}
