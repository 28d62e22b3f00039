using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>The forward passes the model-based attributions share: checked inputs, eval mode, equal-length chunks.</summary>
internal static class AttributionBatches
{
    /// <summary>
    /// Runs <paramref name="score"/> (B x L token ids to B x L scores) over chunks of at most
    /// <paramref name="batchSize"/> examples of one length, each padded to <paramref name="padToLength"/> or
    /// left at that length, and cuts each row back to its example's tokens. Eval mode and no gradients
    /// throughout (<see cref="EvaluationScope"/>); a method that needs gradients enables them inside.
    /// </summary>
    public static double[][] Score(
        nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength, int batchSize, Func<Tensor, Tensor> score)
    {
        Check(model, examples, padToLength);
        var result = new double[examples.Count][];
        using var evaluation = new EvaluationScope(model);
        // Equal lengths, so without padToLength no chunk holds padding.
        foreach (var chunk in TokenIdBatch.EqualLengthChunks(examples, e => e.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            var rows = chunk.Select(i => examples[i]).ToArray();
            var length = padToLength ?? rows[0].Count;
            var values = score(TokenIdBatch.Padded(model, rows, length)).to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (var r = 0; r < chunk.Length; r++) result[chunk[r]] = values.AsSpan(r * length, rows[r].Count).ToArray();
        }
        return result;
    }

    private static void Check(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        // A user's module has no known limit (null): its own forward checks its inputs.
        var longest = ModelInput.MaxLength(model);
        if (padToLength is { } p)
        {
            if (p < 1 || p > longest)
                throw new ArgumentOutOfRangeException(nameof(padToLength), p, longest is null ? "must be at least 1" : $"must be between 1 and the model's MaxSeqLength {longest}");
            longest = p;
        }
        for (var i = 0; i < examples.Count; i++)
        {
            var count = examples[i]?.Count ?? throw new ArgumentException($"example {i} is null", nameof(examples));
            if (count == 0) throw new ArgumentException($"example {i} has no tokens to score", nameof(examples));
            if (count > longest)
                throw new ArgumentException($"example {i} has {count} tokens, more than {(padToLength is null ? "the model's MaxSeqLength" : "padToLength")} {longest}", nameof(examples));
        }
    }
}
