using System.Globalization;
using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>Everything the paper reports for a model on one split.</summary>
/// <param name="Accuracy">Test accuracy over labelled examples.</param>
/// <param name="Polysemanticity">P_l of important (VMASK keep &gt; 0.5) against other tokens.</param>
/// <param name="Interaction">L_inter on the split.</param>
/// <param name="Faithfulness">ERASER AOPC of the token rankings; null when skipped.</param>
/// <param name="Examples">Examples scored for accuracy, polysemanticity and interaction.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/plain"])]
public sealed record Evaluation(double Accuracy, PolysemanticityByImportance Polysemanticity, InteractionScore Interaction, FaithfulnessReport? Faithfulness, int Examples)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"accuracy {Accuracy:P2} ({Examples:N0} examples)\n{Polysemanticity}\n{Interaction}{(Faithfulness is null ? "" : "\n" + Faithfulness)}");
}

/// <summary>
/// Scores a model on a split in one pass: each batch goes through the model once, and that forward feeds accuracy,
/// polysemanticity by importance and the interaction score together. Faithfulness then scores its perturbed inputs
/// (those need forwards of their own). Batching and padding follow the run mode the model was trained in.
/// </summary>
public static class Evaluator
{
    /// <param name="model">
    /// <see cref="SafrTransformer"/> or any module of your own with the kit's contract (B x L ids in, <see cref="SafrOutput"/>
    /// out; it needs VMASK logits or a keep probability, X, the attention and the token mask). In any mode; evaluated in
    /// eval mode and restored.
    /// </param>
    /// <param name="vocabulary">The vocabulary the model was trained with.</param>
    /// <param name="examples">The split to score.</param>
    /// <param name="mode">The run mode the model was trained in: its padding is used here too.</param>
    /// <param name="maxLength">Tokens per text, as in training.</param>
    /// <param name="faithfulnessExamples">How many examples ERASER's faithfulness scores (the first ones; 0 skips it).</param>
    /// <param name="batchSize">At most this many texts a batch (changes no result).</param>
    /// <param name="attributions">The token rankings faithfulness compares; null: VMASK against random (seed 0).</param>
    /// <param name="tokenBudget">At most this many padded positions a batch, texts taken in length order
    /// (<see cref="BatchIterator.TokenBudget"/>), where that changes no number: in a mode that pads every text to
    /// <paramref name="maxLength"/> (paper). In fast mode batches keep <paramref name="batchSize"/> texts, since the held-out
    /// L_inter averages over each batch's padded positions and would move with the batching (0.7 % on the IMDB quarter, measured),
    /// leaving the scores incomparable with runs scored before. Null: <paramref name="batchSize"/> texts a batch in every mode.</param>
    public static Evaluation Evaluate(nn.Module<Tensor, SafrOutput> model, Vocabulary vocabulary, IReadOnlyList<TextExample> examples, RunMode mode, int maxLength,
        int faithfulnessExamples = 500, int batchSize = 128, IReadOnlyList<ITokenAttribution>? attributions = null,
        int? tokenBudget = BatchIterator.EvaluationTokenBudget)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegative(faithfulnessExamples);
        var device = ModelInput.DeviceOf(model);
        var padding = mode.Padding();
        var batches = new BatchIterator(examples, vocabulary, batchSize, maxLength, padding, shuffle: false, device: device,
            tokenBudget: padding == PaddingMode.FixedLength ? tokenBudget : null);
        var accuracy = new Accuracy.Tally();
        var polysemanticity = new PolysemanticityByImportance.Tally(PolysemanticityByImportance.DefaultThreshold);
        var interaction = new InteractionScore.Tally();
        EvaluationPass.Run(model, batches.Epoch(0), (output, batch) =>
        {
            accuracy.Add(output, batch.Labels);
            polysemanticity.Add(output, batch.Mask);
            interaction.Add(output, batch.Size);
        });
        var faithfulness = faithfulnessExamples > 0
            ? Faithfulness.Evaluate(model, vocabulary, examples, maxLength, mode, attributions, maxExamples: faithfulnessExamples)
            : null;
        return new Evaluation(accuracy.Result(), polysemanticity.Result(), interaction.Result(), faithfulness, examples.Count);
    }
}
