using Safr.Kit.Regularization;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Analysis;

/// <summary>
/// Correlated token pairs from attention. L_inter weighs every pair softly by the co-attention
/// I = A A^T (zero diagonal): tokens whose attention rows overlap count as correlated. For training,
/// use those soft weights (<see cref="SafrRegularizer.CoAttention"/>); for analysis and display, this class also turns
/// them into explicit pairs of one example: each token's top-k partners, or every pair above a
/// threshold. Padding positions never appear, pairs are unordered (i &lt; j, each once) and sorted by
/// weight, largest first (ties by position).
/// </summary>
public static class AttentionPairMiner
{

    /// <summary>The co-attention averaged over heads, B x L x L: one correlation per pair for the whole layer.</summary>
    public static Tensor HeadAveragedCoAttention(Tensor attention)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(SafrRegularizer.CoAttention(attention).mean([1]));
    }

    /// <summary>
    /// The co-attention of one example as an L x L array: averaged over heads, or of <paramref name="head"/>.
    /// </summary>
    /// <param name="attention">A layer's attention, B x H x L x L (<c>SafrOutput.Attention[layer]</c>).</param>
    /// <param name="example">The batch row.</param>
    /// <param name="head">One head, or null for the mean over heads.</param>
    public static double[,] Correlation(Tensor attention, int example = 0, int? head = null)
    {
        CheckAttention(attention, example, head);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var row = SafrRegularizer.CoAttention(attention.detach().select(0, example).unsqueeze(0)).select(0, 0);
        var weights = head is { } h ? row.select(0, h) : row.mean([0]);
        var length = (int)attention.size(-1);
        var values = weights.to(float64).cpu().data<double>().ToArray();
        var result = new double[length, length];
        Buffer.BlockCopy(values, 0, result, 0, values.Length * sizeof(double));
        return result;
    }

    /// <summary>
    /// Each real token's <paramref name="k"/> strongest partners (fewer when the example has fewer real
    /// tokens), merged into unordered pairs. A pair chosen by both of its tokens appears once.
    /// </summary>
    /// <param name="attention">A layer's attention, B x H x L x L.</param>
    /// <param name="tokenMask">B x L, nonzero for real tokens (<c>SafrOutput.TokenMask</c>).</param>
    /// <param name="tokens">The example's L token strings, one per position (those at padding positions are ignored).</param>
    /// <param name="k">Partners per token, at least 1.</param>
    public static IReadOnlyList<TokenPair> TopK(Tensor attention, Tensor tokenMask, IReadOnlyList<string> tokens,
        int k = 3, int example = 0, int? head = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var (weights, real) = Prepare(attention, tokenMask, tokens, example, head);
        var chosen = new HashSet<(int, int)>();
        foreach (var i in real)
        {
            var partners = real.Where(j => j != i)
                .OrderByDescending(j => weights[i, j]).ThenBy(j => j)
                .Take(k);
            foreach (var j in partners) chosen.Add((Math.Min(i, j), Math.Max(i, j)));
        }
        return Sorted(chosen, weights, tokens);
    }

    /// <summary>Every pair of real tokens whose co-attention weight is strictly above <paramref name="threshold"/>.</summary>
    /// <param name="attention">A layer's attention, B x H x L x L.</param>
    /// <param name="tokenMask">B x L, nonzero for real tokens.</param>
    /// <param name="tokens">The example's L token strings, one per position.</param>
    public static IReadOnlyList<TokenPair> AboveThreshold(Tensor attention, Tensor tokenMask, IReadOnlyList<string> tokens,
        double threshold, int example = 0, int? head = null)
    {
        if (double.IsNaN(threshold)) throw new ArgumentException("the threshold must be a number", nameof(threshold));
        var (weights, real) = Prepare(attention, tokenMask, tokens, example, head);
        var chosen = new HashSet<(int, int)>();
        for (var a = 0; a < real.Length; a++)
            for (var b = a + 1; b < real.Length; b++)
                if (weights[real[a], real[b]] > threshold) chosen.Add((real[a], real[b]));
        return Sorted(chosen, weights, tokens);
    }

    private static (double[,] Weights, int[] Real) Prepare(Tensor attention, Tensor tokenMask, IReadOnlyList<string> tokens, int example, int? head)
    {
        ArgumentNullException.ThrowIfNull(tokenMask);
        ArgumentNullException.ThrowIfNull(tokens);
        CheckAttention(attention, example, head);
        var (batch, length) = (attention.size(0), attention.size(-1));
        if (tokenMask.dim() != 2 || tokenMask.size(0) != batch || tokenMask.size(1) != length)
            throw new ArgumentException($"tokenMask must be B x L = [{batch}, {length}] like the attention, got [{string.Join(", ", tokenMask.shape)}]", nameof(tokenMask));
        if (tokens.Count != length)
            throw new ArgumentException($"tokens must hold one string per position ({length}), got {tokens.Count}", nameof(tokens));
        bool[] mask;
        using (NewDisposeScope()) mask = tokenMask.select(0, example).ne(0).cpu().data<bool>().ToArray();
        var real = Enumerable.Range(0, (int)length).Where(i => mask[i]).ToArray();
        return (Correlation(attention, example, head), real);
    }

    private static TokenPair[] Sorted(IEnumerable<(int I, int J)> pairs, double[,] weights, IReadOnlyList<string> tokens) =>
        pairs.Select(p => new TokenPair(p.I, p.J, tokens[p.I], tokens[p.J], weights[p.I, p.J]))
            .OrderByDescending(p => p.Weight).ThenBy(p => p.I).ThenBy(p => p.J)
            .ToArray();

    private static void CheckAttention(Tensor attention, int example, int? head)
    {
        ArgumentNullException.ThrowIfNull(attention);
        if (attention.dim() != 4 || attention.size(2) != attention.size(3))
            throw new ArgumentException($"attention must be B x H x L x L, got shape [{string.Join(", ", attention.shape)}]", nameof(attention));
        if (example < 0 || example >= attention.size(0))
            throw new ArgumentOutOfRangeException(nameof(example), example, $"the batch has {attention.size(0)} examples");
        if (head is { } h && (h < 0 || h >= attention.size(1)))
            throw new ArgumentOutOfRangeException(nameof(head), head, $"the attention has {attention.size(1)} heads");
    }
}
