using System.Globalization;

namespace Safr.Kit.Training;

/// <summary>One finished epoch: the training losses (means over its steps), train and dev accuracy, and its wall time.</summary>
/// <param name="Epoch">1-based.</param>
/// <param name="Loss">The total objective L_CE + lambda_imp L_imp + lambda_inter L_inter (+ beta VMASK term).</param>
/// <param name="Importance">L_imp, logged even when its lambda is 0 (then it does not train).</param>
/// <param name="Interaction">L_inter, logged even when its lambda is 0.</param>
/// <param name="Improved">Dev accuracy beat every earlier epoch's.</param>
public sealed record EpochRecord(
    int Epoch, double Loss, double CrossEntropy, double Importance, double Interaction,
    double TrainAccuracy, double DevAccuracy, double Seconds, bool Improved)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"epoch {Epoch}: loss {Loss:F4} (CE {CrossEntropy:F4}, imp {Importance:F4}, inter {Interaction:F4}), train acc {TrainAccuracy:P2}, dev acc {DevAccuracy:P2}{(Improved ? " *" : "")}, {Seconds:F1} s");
}
