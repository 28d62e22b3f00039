using Microsoft.Data.Analysis;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Tables;

/// <summary>A run's epochs as a DataFrame, field by field, before and after CSV.</summary>
[Collection("KitGlobalState")]
public class EpochHistoryFrameTests
{
    private static void AssertIsHistory(DataFrame frame, IReadOnlyList<EpochRecord> history)
    {
        FrameAssert.Columns(frame, "Epoch", "Loss", "CrossEntropy", "Importance", "Interaction", "TrainAccuracy", "DevAccuracy", "Seconds", "Improved");
        FrameAssert.Column(frame, "Epoch", history.Select(h => h.Epoch));
        FrameAssert.Column(frame, "Loss", history.Select(h => h.Loss));
        FrameAssert.Column(frame, "CrossEntropy", history.Select(h => h.CrossEntropy));
        FrameAssert.Column(frame, "Importance", history.Select(h => h.Importance));
        FrameAssert.Column(frame, "Interaction", history.Select(h => h.Interaction));
        FrameAssert.Column(frame, "TrainAccuracy", history.Select(h => h.TrainAccuracy));
        FrameAssert.Column(frame, "DevAccuracy", history.Select(h => h.DevAccuracy));
        FrameAssert.Column(frame, "Seconds", history.Select(h => h.Seconds));
        FrameAssert.Column(frame, "Improved", history.Select(h => h.Improved));
    }

    [Fact]
    public void HandBuiltEpochsComeOutFieldByFieldAndBackFromCsv()
    {
        EpochRecord[] history =
        [
            new(1, 0.9, 0.8, 0.07, 0.03, 0.6, 0.7, 1.5, true),
            new(2, 1.0 / 3, 0.55, double.NaN, 1e-17, 0.75, 0.8, 1.25, true),
            new(3, 0.45, 0.4, 0.03, 0.02, 0.85, 0.78, 1.0, false),
        ];
        var frame = history.ToDataFrame();
        AssertIsHistory(frame, history);
        AssertIsHistory(FrameAssert.RoundTrip(frame), history);
    }

    [Fact]
    public void ATrainedRunsHistoryComesOutFieldByFieldAndBackFromCsv()
    {
        using var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 2 });
        var result = trainer.Fit(TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev);
        var frame = result.History.ToDataFrame();
        Assert.Equal(2, frame.Rows.Count);
        AssertIsHistory(frame, result.History);
        AssertIsHistory(FrameAssert.RoundTrip(frame), result.History);
    }

    [Fact]
    public void NoEpochsIsAFrameWithTheColumnsAndNoRows()
    {
        var frame = Array.Empty<EpochRecord>().ToDataFrame();
        AssertIsHistory(frame, []);
        AssertIsHistory(FrameAssert.RoundTrip(frame), []);
    }
}
