using Safr.Kit.Data;
using Safr.Kit.Model;

namespace Safr.Kit;

/// <summary>
/// How a run treats padding, decided in this one place: the batching, the model's pooling and the L_imp
/// average all follow from it (<see cref="RunModes"/>), so no other code chooses them.
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

/// <summary>What a <see cref="RunMode"/> means for the data, the model and the objective.</summary>
public static class RunModes
{
    /// <summary>How batches are padded.</summary>
    public static PaddingMode Padding(this RunMode mode) => mode switch
    {
        RunMode.Paper => PaddingMode.FixedLength,
        RunMode.Fast => PaddingMode.LongestInBatch,
        _ => throw Unknown(mode),
    };

    /// <summary>The length every input is padded to when scored one by one: the max length in paper mode (as its batches are), none in fast mode.</summary>
    public static int? PadLength(this RunMode mode, int maxLength) => mode.Padding() == PaddingMode.FixedLength ? maxLength : null;

    /// <summary>How the model pools its block outputs.</summary>
    public static Pooling Pooling(this RunMode mode) => mode switch
    {
        RunMode.Paper => Model.Pooling.MeanAllPositions,
        RunMode.Fast => Model.Pooling.MaskedMean,
        _ => throw Unknown(mode),
    };

    /// <summary>
    /// Whether L_imp is taken over real tokens only (true; weighed as released when the objective has a padded length,
    /// see <see cref="Regularization.SafrObjective.PaddedLength"/>) or over every position, padding included, as released.
    /// </summary>
    public static bool ImportanceOverRealTokens(this RunMode mode) => mode switch
    {
        RunMode.Paper => false,
        RunMode.Fast => true,
        _ => throw Unknown(mode),
    };

    /// <summary>The released architecture (<see cref="SafrTransformerConfig"/>'s defaults) for this mode.</summary>
    public static SafrTransformerConfig ModelConfig(this RunMode mode, long vocabSize, long numClasses = 2, long maxSeqLength = 128) =>
        mode.Configure(new SafrTransformerConfig(vocabSize, maxSeqLength, numClasses));

    /// <summary>Any architecture, with the pooling this mode trains and evaluates with.</summary>
    public static SafrTransformerConfig Configure(this RunMode mode, SafrTransformerConfig architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture with { Pooling = mode.Pooling() };
    }

    /// <summary>The mode a model was built for, read from its pooling.</summary>
    public static RunMode Of(SafrTransformerConfig config) => config.Pooling switch
    {
        Model.Pooling.MeanAllPositions => RunMode.Paper,
        Model.Pooling.MaskedMean => RunMode.Fast,
        _ => throw new ArgumentException($"no run mode pools with {config.Pooling}", nameof(config)),
    };

    /// <summary>"paper" or "fast" (any case), as the CLI and the notebooks' parameters spell them.</summary>
    public static RunMode Parse(string text) =>
        !string.IsNullOrEmpty(text) && char.IsLetter(text[0]) && Enum.TryParse<RunMode>(text, ignoreCase: true, out var mode) ? mode
            : throw new InputException($"unknown run mode '{text}': use paper or fast");

    private static ArgumentOutOfRangeException Unknown(RunMode mode) => new(nameof(mode), mode, "not a RunMode");
}
