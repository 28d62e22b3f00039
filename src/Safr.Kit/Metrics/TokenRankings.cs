using Safr.Kit.Data;
using Safr.Kit.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Metrics;

/// <summary>
/// Orders of a text's token positions, most important first, for perturbation metrics: VMASK's (by keep
/// probability) and a seeded random one, the baseline any importance score has to beat.
/// </summary>
public static class TokenRankings
{
    /// <summary>
    /// Each token's VMASK keep probability, per example (rows of token ids without padding), in eval mode and
    /// without gradients; the model's previous mode is restored. VMASK scores each embedding alone, so the
    /// padding of the batched forwards does not change these values.
    /// </summary>
    public static double[][] KeepProbabilities(SafrTransformer model, IReadOnlyList<IReadOnlyList<int>> examples, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        for (var i = 0; i < examples.Count; i++)
        {
            var count = examples[i]?.Count ?? throw new ArgumentException($"example {i} is null", nameof(examples));
            if (count == 0) throw new ArgumentException($"example {i} has no tokens to rank", nameof(examples));
            if (count > model.Config.MaxSeqLength)
                throw new ArgumentException($"example {i} has {count} tokens, more than the model's MaxSeqLength {model.Config.MaxSeqLength}", nameof(examples));
        }
        var result = new double[examples.Count][];
        using var evaluation = new EvaluationScope(model);
        foreach (var chunk in TokenIdBatch.EqualLengthChunks(examples, e => e.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            var rows = chunk.Select(i => examples[i]).ToArray();
            var length = rows.Max(r => r.Count);
            var keep = model.call(TokenIdBatch.Padded(model, rows, length)).KeepProbability().to(ScalarType.Float64).cpu().data<double>().ToArray();
            for (var r = 0; r < chunk.Length; r++) result[chunk[r]] = keep.AsSpan(r * length, rows[r].Count).ToArray();
        }
        return result;
    }

    /// <summary>VMASK's ranking: each example's positions by decreasing keep probability (see <see cref="KeepProbabilities"/>).</summary>
    public static int[][] ByKeepProbability(SafrTransformer model, IReadOnlyList<IReadOnlyList<int>> examples, int batchSize = 64) =>
        KeepProbabilities(model, examples, batchSize).Select(Descending).ToArray();

    /// <summary>Positions by decreasing score; equal scores keep their text order (a stable sort).</summary>
    public static int[] Descending(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Any(double.IsNaN)) throw new ArgumentException("a NaN score cannot be ranked", nameof(scores));
        return Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
    }

    /// <summary>
    /// The random baseline: a uniformly random order of each example's positions, drawn with one
    /// <see cref="Random"/>(<paramref name="seed"/>) through the examples in order, so the same seed and
    /// examples give the same rankings on every platform.
    /// </summary>
    public static int[][] Shuffled(IReadOnlyList<IReadOnlyList<int>> examples, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var random = new Random(seed);
        var result = new int[examples.Count][];
        for (var i = 0; i < examples.Count; i++)
        {
            var order = Enumerable.Range(0, examples[i]?.Count ?? throw new ArgumentException($"example {i} is null", nameof(examples))).ToArray();
            StratifiedSplit.Shuffle(order, random);
            result[i] = order;
        }
        return result;
    }
}
