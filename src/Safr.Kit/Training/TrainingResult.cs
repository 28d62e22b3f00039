using System.Globalization;

namespace Safr.Kit.Training;

/// <summary>How a run ended: its epochs, the best dev accuracy, and which epoch's weights the model now holds.</summary>
/// <param name="ModelEpoch">The epoch whose weights the model holds: the best one, or the last with <see cref="TrainingOptions.PaperCompatible"/>.</param>
/// <param name="StoppedEarly">Patience ran out before MaxEpochs.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TrainingResult(
    IReadOnlyList<EpochRecord> History, int BestEpoch, double BestDevAccuracy, int ModelEpoch, bool StoppedEarly, string? RunFolder)
{
    /// <summary>Epochs trained: the history's length (set on its own only for runs recorded without their history).</summary>
    public int Epochs { get; init; } = History?.Count ?? 0;

    /// <summary>Mean wall time of an epoch (training plus dev evaluation).</summary>
    public double SecondsPerEpoch => History.Count == 0 ? 0 : History.Average(h => h.Seconds);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Epochs} epochs ({(StoppedEarly ? "early stop" : "max epochs")}), best dev acc {BestDevAccuracy:P2} at epoch {BestEpoch}, model holds epoch {ModelEpoch}, {SecondsPerEpoch:F1} s/epoch");
}
