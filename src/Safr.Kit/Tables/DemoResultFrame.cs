using Microsoft.Data.Analysis;
using Safr.Kit.Experiments;

namespace Safr.Kit.Tables;

/// <summary>The planted demo's comparison (<see cref="DemoResult.ToTable"/>) as a DataFrame.</summary>
public static class DemoResultFrame
{
    /// <summary>
    /// One row per arm: Name, LambdaImportance, LambdaInteraction, TestAccuracy, the polysemanticity columns
    /// (PolysemanticityImportant ... ImportanceThreshold), PrecisionAtK, Interaction, then the training columns
    /// (Epochs ... RunFolder). Each arm's epochs: <c>arm.Training.History.ToDataFrame()</c>.
    /// </summary>
    public static DataFrame ToDataFrame(this DemoResult demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        var arms = demo.Arms;
        return new DataFrame([
            new StringDataFrameColumn(nameof(DemoArm.Name), arms.Select(a => a.Name)),
            new DoubleDataFrameColumn(nameof(DemoArm.LambdaImportance), arms.Select(a => a.LambdaImportance)),
            new DoubleDataFrameColumn(nameof(DemoArm.LambdaInteraction), arms.Select(a => a.LambdaInteraction)),
            new DoubleDataFrameColumn(nameof(DemoArm.TestAccuracy), arms.Select(a => a.TestAccuracy)),
            .. ResultColumns.Polysemanticity([.. arms.Select(a => a.Polysemanticity)]),
            new DoubleDataFrameColumn(nameof(DemoArm.PrecisionAtK), arms.Select(a => a.PrecisionAtK)),
            new DoubleDataFrameColumn("Interaction", arms.Select(a => a.InteractionScore)),
            .. ResultColumns.Training([.. arms.Select(a => a.Training)])]);
    }
}
