namespace Safr.Kit.Training;

/// <summary>
/// The loss became NaN or infinite: training stops at once, before the bad gradients reach the weights.
/// The last epoch checkpoint (if a run folder is set) is untouched, so a run can resume from it with
/// other settings.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(int epoch, int step, double loss, string part)
        : base($"training diverged: the {part} is {loss} at epoch {epoch}, step {step}; the weights were not updated with it")
    {
        Epoch = epoch;
        Step = step;
        Loss = loss;
    }

    /// <summary>1-based epoch.</summary>
    public int Epoch { get; }

    /// <summary>1-based step within the epoch.</summary>
    public int Step { get; }

    public double Loss { get; }
}
