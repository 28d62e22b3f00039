using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// A model as a black-box classifier over token-id lists, the view perturbation metrics such as
/// <see cref="Faithfulness"/> need: softmax class probabilities, in eval mode and without gradients. Any module with
/// the kit's contract (<see cref="SafrOutput"/>) will do: only its logits are read.
/// </summary>
public static class ClassProbabilities
{
    /// <summary>
    /// <see cref="Compute"/> as a function, to hand to <see cref="Faithfulness.Score"/>. Each call puts the model
    /// in eval mode and restores its previous mode.
    /// </summary>
    /// <param name="padToLength">
    /// Pad every input to this length, as <see cref="PaddingMode.FixedLength"/> batches are padded; null pads
    /// each call's inputs to the longest among them. Padding matters under <see cref="Pooling.MeanAllPositions"/>
    /// (the release's pooling averages padding positions too); a model trained on fixed-length batches is
    /// scored as it was evaluated with its training length here.
    /// </param>
    public static Func<IReadOnlyList<int[]>, double[][]> Of(nn.Module<Tensor, SafrOutput> model, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckPadLength(model, padToLength);
        return inputs => Compute(model, inputs, padToLength);
    }

    /// <summary>
    /// p(c | input) for each input (rows of token ids without padding, each at least one id), padded with
    /// <see cref="Vocabulary.PadId"/> to <paramref name="padToLength"/> or to the longest input, in one forward.
    /// </summary>
    public static double[][] Compute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<int[]> inputs, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        CheckPadLength(model, padToLength);
        if (inputs.Count == 0) return [];
        var longest = 0;
        for (var i = 0; i < inputs.Count; i++)
        {
            var count = inputs[i]?.Length ?? throw new ArgumentException($"input {i} is null", nameof(inputs));
            if (count == 0) throw new ArgumentException($"input {i} is empty; the model needs at least one token (use [{Vocabulary.PadId}] for an empty text)", nameof(inputs));
            longest = Math.Max(longest, count);
        }
        var length = padToLength ?? longest;
        if (longest > length) throw new ArgumentException($"an input has {longest} tokens, more than padToLength {length}", nameof(inputs));
        if (length > ModelInput.MaxLength(model))
            throw new ArgumentException($"an input has {length} tokens, more than the model's MaxSeqLength {ModelInput.MaxLength(model)}", nameof(inputs));

        using var evaluation = new EvaluationScope(model);
        using var scope = NewDisposeScope();
        var ids = TokenIdBatch.Padded(model, inputs, length);
        var logits = model.call(ids).Logits;
        var classes = (int)logits.size(1);
        var flat = logits.softmax(-1).to(ScalarType.Float64).cpu().data<double>().ToArray();
        var result = new double[inputs.Count][];
        for (var i = 0; i < result.Length; i++) result[i] = flat.AsSpan(i * classes, classes).ToArray();
        return result;
    }

    private static void CheckPadLength(nn.Module model, int? padToLength)
    {
        // A user's module has no known limit: its own forward checks its inputs.
        var longest = ModelInput.MaxLength(model);
        if (padToLength is { } p && (p < 1 || p > longest))
            throw new ArgumentOutOfRangeException(nameof(padToLength), p, longest is null ? "must be at least 1" : $"must be between 1 and the model's MaxSeqLength {longest}");
    }
}
