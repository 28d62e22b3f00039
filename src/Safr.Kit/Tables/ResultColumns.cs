using Microsoft.Data.Analysis;
using Safr.Kit.Experiments;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Tables;

/// <summary>Columns that several result frames share, so the same field has the same name and type in each.</summary>
internal static class ResultColumns
{
    /// <summary>Name, LambdaImportance, LambdaInteraction, Seed of each row's arm (an arm repeats over its rows).</summary>
    public static IEnumerable<DataFrameColumn> Arm(IReadOnlyList<ExperimentArm> arms) =>
    [
        new StringDataFrameColumn(nameof(ExperimentArm.Name), arms.Select(a => a.Name)),
        new DoubleDataFrameColumn(nameof(ExperimentArm.LambdaImportance), arms.Select(a => a.LambdaImportance)),
        new DoubleDataFrameColumn(nameof(ExperimentArm.LambdaInteraction), arms.Select(a => a.LambdaInteraction)),
        new Int32DataFrameColumn(nameof(ExperimentArm.Seed), arms.Select(a => a.Seed)),
    ];

    /// <summary>
    /// PolysemanticityImportant, PolysemanticityOther, PolysemanticityAll (double), ImportantTokens, OtherTokens (long),
    /// ImportanceThreshold (double): every field of <see cref="PolysemanticityByImportance"/>.
    /// </summary>
    public static IEnumerable<DataFrameColumn> Polysemanticity(IReadOnlyList<PolysemanticityByImportance> p) =>
    [
        new DoubleDataFrameColumn("PolysemanticityImportant", p.Select(x => x.Important)),
        new DoubleDataFrameColumn("PolysemanticityOther", p.Select(x => x.Other)),
        new DoubleDataFrameColumn("PolysemanticityAll", p.Select(x => x.All)),
        new Int64DataFrameColumn(nameof(PolysemanticityByImportance.ImportantTokens), p.Select(x => x.ImportantTokens)),
        new Int64DataFrameColumn(nameof(PolysemanticityByImportance.OtherTokens), p.Select(x => x.OtherTokens)),
        new DoubleDataFrameColumn("ImportanceThreshold", p.Select(x => x.Threshold)),
    ];

    /// <summary>
    /// Epochs, BestEpoch (int), BestDevAccuracy (double), ModelEpoch (int), StoppedEarly (bool), SecondsPerEpoch (double),
    /// RunFolder (string, null when kept in memory): a <see cref="TrainingResult"/> but its History (a frame of its own).
    /// </summary>
    public static IEnumerable<DataFrameColumn> Training(IReadOnlyList<TrainingResult> t) =>
    [
        new Int32DataFrameColumn(nameof(TrainingResult.Epochs), t.Select(x => x.Epochs)),
        new Int32DataFrameColumn(nameof(TrainingResult.BestEpoch), t.Select(x => x.BestEpoch)),
        new DoubleDataFrameColumn(nameof(TrainingResult.BestDevAccuracy), t.Select(x => x.BestDevAccuracy)),
        new Int32DataFrameColumn(nameof(TrainingResult.ModelEpoch), t.Select(x => x.ModelEpoch)),
        new BooleanDataFrameColumn(nameof(TrainingResult.StoppedEarly), t.Select(x => x.StoppedEarly)),
        new DoubleDataFrameColumn(nameof(TrainingResult.SecondsPerEpoch), t.Select(x => x.SecondsPerEpoch)),
        new StringDataFrameColumn(nameof(TrainingResult.RunFolder), t.Select(x => x.RunFolder)),
    ];

    /// <summary>"AopcComprehensiveness[VMASK]": an AOPC column of one ranking.</summary>
    public static string Aopc(string measure, string ranking) => $"{measure}[{ranking}]";
}
