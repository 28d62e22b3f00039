using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Experiments;

/// <summary>
/// What every arm of an <see cref="Experiment"/> shares. The defaults are the paper's (the released architecture,
/// Adam 1e-4, batch 32, up to 100 epochs with patience 3, max length 128, or 256 for IMDB) in the paper run mode.
/// </summary>
public sealed record ExperimentSettings
{
    /// <summary>Paper (the release's padding and pooling) or Fast (see <see cref="RunMode"/>).</summary>
    public RunMode Mode { get; init; } = RunMode.Paper;

    public int MaxEpochs { get; init; } = 100;

    public int Patience { get; init; } = 3;

    /// <summary>Tokens per text; null: 256 for IMDB, else 128, as released.</summary>
    public int? MaxLength { get; init; }

    public double LearningRate { get; init; } = 1e-4;

    public int BatchSize { get; init; } = 32;

    /// <summary>Train, dev and test on this seeded fraction of each split (1: all).</summary>
    public double DataFraction { get; init; } = 1.0;

    /// <summary>The architecture, any vocabulary size and class count (they are set from the data); null: the released one.</summary>
    public SafrTransformerConfig? Architecture { get; init; }

    /// <summary>How many test examples ERASER's faithfulness scores (0 skips it).</summary>
    public int FaithfulnessExamples { get; init; } = 500;

    /// <summary>
    /// Cuts texts into the tokens the vocabulary maps: the release's whitespace split (default), <see cref="TextTokenizers.Gpt2"/>,
    /// or any <see cref="ITextTokenizer"/>. The vocabulary keeps what the train split uses (min frequency 2).
    /// </summary>
    public ITextTokenizer Tokenizer { get; init; } = TextTokenizers.Whitespace;

    /// <summary>Where models are trained; null: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>A folder under which each arm gets a run folder (checkpoints, final model, result); null keeps runs in memory.</summary>
    public string? RunsFolder { get; init; }

    /// <summary>The max length for <paramref name="dataset"/>: <see cref="MaxLength"/>, or the release's.</summary>
    public int MaxLengthFor(string dataset) => MaxLength ?? (dataset == Datasets.Imdb ? 256 : 128);
}
