using Microsoft.Data.Analysis;
using Safr.Kit.Training;

namespace Safr.Kit.Tables;

/// <summary>A run's epochs (<see cref="TrainingResult.History"/>) as a DataFrame.</summary>
public static class EpochHistoryFrame
{
    /// <summary>
    /// One row per epoch, one column per <see cref="EpochRecord"/> field under its own name: Epoch (int); Loss,
    /// CrossEntropy, Importance, Interaction, TrainAccuracy, DevAccuracy, Seconds (double); Improved (bool).
    /// </summary>
    public static DataFrame ToDataFrame(this IEnumerable<EpochRecord> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return new DataFrame(Columns(history.ToArray()));
    }

    /// <summary>The epoch columns alone, for frames that put more columns (the arm) before them.</summary>
    internal static IEnumerable<DataFrameColumn> Columns(IReadOnlyList<EpochRecord> epochs) =>
    [
        new Int32DataFrameColumn(nameof(EpochRecord.Epoch), epochs.Select(e => e.Epoch)),
        new DoubleDataFrameColumn(nameof(EpochRecord.Loss), epochs.Select(e => e.Loss)),
        new DoubleDataFrameColumn(nameof(EpochRecord.CrossEntropy), epochs.Select(e => e.CrossEntropy)),
        new DoubleDataFrameColumn(nameof(EpochRecord.Importance), epochs.Select(e => e.Importance)),
        new DoubleDataFrameColumn(nameof(EpochRecord.Interaction), epochs.Select(e => e.Interaction)),
        new DoubleDataFrameColumn(nameof(EpochRecord.TrainAccuracy), epochs.Select(e => e.TrainAccuracy)),
        new DoubleDataFrameColumn(nameof(EpochRecord.DevAccuracy), epochs.Select(e => e.DevAccuracy)),
        new DoubleDataFrameColumn(nameof(EpochRecord.Seconds), epochs.Select(e => e.Seconds)),
        new BooleanDataFrameColumn(nameof(EpochRecord.Improved), epochs.Select(e => e.Improved)),
    ];
}
