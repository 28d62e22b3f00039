namespace Safr.Kit.Training;

/// <summary>
/// What <see cref="SafrTrainer.Fit"/> reports while it runs: after every step (<see cref="EpochDone"/>
/// null) and once at the end of each epoch (<see cref="EpochDone"/> set, dev accuracy included).
/// </summary>
/// <param name="Epoch">1-based epoch in progress.</param>
/// <param name="Step">Steps done in this epoch.</param>
/// <param name="RunningLoss">The mean objective over this epoch's steps so far.</param>
public sealed record TrainingProgress(int Epoch, int MaxEpochs, int Step, int StepsPerEpoch, double RunningLoss, EpochRecord? EpochDone)
{
    /// <summary>Fraction of this epoch done, 0..1.</summary>
    public double EpochFraction => StepsPerEpoch == 0 ? 1 : (double)Step / StepsPerEpoch;
}
