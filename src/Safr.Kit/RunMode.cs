namespace Safr.Kit;

/// <summary>
/// How a run treats padding, decided in this one place: the batching (<c>Data.RunModePadding</c>), the model's pooling
/// (<c>Model.RunModeModels</c>) and the L_imp average (<see cref="RunModes"/>) all follow from it, so no other code
/// chooses them. It sits in the root namespace, which imports no other, so every layer may name it.
/// </summary>
public enum RunMode
{
    /// <summary>
    /// The release's: every batch padded to the maximum length, mean pooling over all positions (padding
    /// included) and L_imp averaged over every position. Reproduces the paper; each prediction depends on
    /// how far its text is padded.
    /// </summary>
    Paper,

    /// <summary>
    /// Each batch padded to its longest text with length bucketing, mean pooling over real tokens only and
    /// L_imp over real tokens only, so results do not depend on how batches are cut: the same data and
    /// objective at a fraction of the paper mode's cost on a CPU. L_imp keeps the release's weight: its sum over
    /// real tokens is divided by B x the max length, the positions paper mode averages over (padding, which VMASK
    /// drops, adds nothing there), so lambda_imp means the same in both modes.
    /// </summary>
    Fast,
}

/// <summary>What a <see cref="RunMode"/> means for the objective, and its names.</summary>
public static class RunModes
{
    /// <summary>
    /// Whether L_imp is taken over real tokens only (true; weighed as released when the objective has a padded length,
    /// see <c>Regularization.SafrObjective.PaddedLength</c>) or over every position, padding included, as released.
    /// </summary>
    public static bool ImportanceOverRealTokens(this RunMode mode) => mode switch
    {
        RunMode.Paper => false,
        RunMode.Fast => true,
        _ => throw Unknown(mode),
    };

    /// <summary>"paper" or "fast" (any case), as the CLI and the notebooks' parameters spell them.</summary>
    public static RunMode Parse(string text) =>
        !string.IsNullOrEmpty(text) && char.IsLetter(text[0]) && Enum.TryParse<RunMode>(text, ignoreCase: true, out var mode) ? mode
            : throw new InputException($"unknown run mode '{text}': use paper or fast");

    internal static ArgumentOutOfRangeException Unknown(RunMode mode) => new(nameof(mode), mode, "not a RunMode");
}
