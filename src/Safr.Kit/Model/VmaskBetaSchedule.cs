namespace Safr.Kit.Model;

/// <summary>
/// The VMASK release's annealing of beta, the weight of <see cref="Vmask.InformationLoss"/>: it starts
/// at <see cref="Start"/> and, after every <see cref="EveryEpochs"/> epochs, falls by 0.099 while it is
/// above 0.01 (in floating point, 1 - 10 x 0.099 is just above 0.01, so an 11th step takes it to -0.089,
/// as the release's arithmetic would; the paper's 100 epochs never get there). Beta 0 everywhere (<see cref="Off"/>) reproduces SAFR, whose release has no such term.
/// </summary>
public sealed record VmaskBetaSchedule(double Start = 1.0, int EveryEpochs = 10)
{
    public const double Step = 0.099;
    public const double Floor = 0.01;

    public static readonly VmaskBetaSchedule Off = new(0.0);

    /// <summary>Beta for a 1-based epoch (the value used during that epoch).</summary>
    public double BetaAt(int epoch)
    {
        if (epoch < 1) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "epochs count from 1");
        if (EveryEpochs < 1) throw new ArgumentOutOfRangeException(nameof(EveryEpochs), EveryEpochs, "the schedule's period (EveryEpochs) must be at least 1 epoch");
        var beta = Start;
        // The release decrements at the end of epochs 10, 20, ...: epoch e sees (e - 1) / 10 decrements.
        for (var k = 0; k < (epoch - 1) / EveryEpochs; k++)
            if (beta > Floor) beta -= Step;
        return beta;
    }
}
