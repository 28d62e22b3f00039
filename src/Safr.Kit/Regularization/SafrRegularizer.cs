using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Regularization;

/// <summary>
/// The two SAFR loss terms as plain functions of tensors (no model assumed), exactly as the released
/// code computes them. <see cref="SafrObjective"/> combines them with the task loss for a model's output.
/// </summary>
public static class SafrRegularizer
{
    /// <summary>Added to each token's norm before dividing, as in the release (dropped tokens are zero rows).</summary>
    public const double NormEpsilon = 1e-5;

    /// <summary>
    /// The token overlap matrix inside L_imp: entry (l, m) = (x_l / (||x_l|| + 1e-5)) · x_m, how far token m's
    /// embedding reaches along token l's direction, with the diagonal zeroed. (Not the release's
    /// interference_loss, which is L_inter.) <paramref name="x"/> is B x L x E (the VMASK-masked embeddings); the result is B x L x L.
    /// </summary>
    public static Tensor TokenOverlap(Tensor x)
    {
        CheckRank(x, 3, nameof(x), "B x L x E");
        using var scope = NewDisposeScope();
        using var epsilon = NormEpsilon.ToScalar();  // scalars held alive for the native calls: see ScalarGarbage
        using var one = 1.0.ToScalar();
        var unit = x / x.norm(-1, keepdim: true).add(epsilon);
        var overlap = unit.matmul(x.transpose(1, 2));
        var offDiagonal = eye(x.size(1), dtype: x.dtype, device: x.device).neg().add_(one);
        return scope.MoveToOuter(overlap * offDiagonal);
    }

    /// <summary>Per-token polysemanticity P_l = ||row l of <see cref="TokenOverlap"/>||_2 / sqrt(E), B x L.</summary>
    public static Tensor TokenPolysemanticity(Tensor x)
    {
        using var scope = NewDisposeScope();
        var overlap = TokenOverlap(x);
        using var sqrtE = Math.Sqrt(x.size(-1)).ToScalar();
        return scope.MoveToOuter(overlap.norm(-1).div(sqrtE));
    }

    /// <summary>
    /// L_imp, the importance (polysemanticity) term: the mean of P_l over batch and tokens. Padding
    /// positions are included, as released; pass <paramref name="mask"/> (B x L, 1 for real tokens)
    /// to average over real tokens only.
    /// </summary>
    public static Tensor ImportanceLoss(Tensor x, Tensor? mask = null)
    {
        using var scope = NewDisposeScope();
        var p = TokenPolysemanticity(x);
        using var one = 1.0.ToScalar();
        var loss = mask is null ? p.mean() : (p * mask.to(p.dtype)).sum() / mask.to(p.dtype).sum().clamp_min(one);
        return scope.MoveToOuter(loss);
    }

    /// <summary>
    /// L_imp weighed as the release weighs it, for a batch padded only to its longest text: the sum of P_l over the real
    /// tokens (<paramref name="mask"/>, B x L) divided by B x <paramref name="paddedLength"/>, the positions the release
    /// averages over when it pads every text to that length. Where padding rows of X are zero (VMASK drops them), that is
    /// exactly the release's L_imp of the same texts padded to <paramref name="paddedLength"/>: a zero row adds nothing to
    /// any P_l and its own P_l is 0. So the release's L_imp falls with the share of real tokens: on SST-2 (about 19 of
    /// 128 positions) its real tokens carry about 0.15 of the weight that their plain mean would.
    /// </summary>
    public static Tensor ImportanceLoss(Tensor x, Tensor mask, long paddedLength)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (paddedLength < x.size(1))
            throw new ArgumentOutOfRangeException(nameof(paddedLength), paddedLength, $"must be at least the batch's length {x.size(1)}");
        using var scope = NewDisposeScope();
        var p = TokenPolysemanticity(x);
        using var positions = ((double)(x.size(0) * paddedLength)).ToScalar();  // held alive for the native call: see ScalarGarbage
        return scope.MoveToOuter((p * mask.to(p.dtype)).sum().div(positions));
    }

    /// <summary>
    /// The soft co-attention weights L_inter uses: I = A A^T (B x H x L x L) with a zero diagonal.
    /// Pairs of tokens that attend alike get large weights.
    /// </summary>
    public static Tensor CoAttention(Tensor attention)
    {
        CheckRank(attention, 4, nameof(attention), "B x H x L x L");
        using var scope = NewDisposeScope();
        var i = attention.matmul(attention.transpose(-1, -2));
        using var one = 1.0.ToScalar();
        var offDiagonal = eye(attention.size(-1), dtype: attention.dtype, device: attention.device).neg().add_(one);
        return scope.MoveToOuter(i * offDiagonal);
    }

    /// <summary>
    /// L_inter, the interaction term: mean(C * (1 - I)) with C = A / A.sum(-1) and I = <see cref="CoAttention"/>.
    /// Minimising it pushes attention towards pairs that attend to each other. As released, the diagonal
    /// of C is included (I's diagonal is zero, so self-attention is penalised).
    /// </summary>
    public static Tensor InteractionLoss(Tensor attention)
    {
        CheckRank(attention, 4, nameof(attention), "B x H x L x L");
        using var scope = NewDisposeScope();
        // The release's mean(C * (1 - I)), rearranged so that no B x H x L x L tensor but I itself is built (the release's
        // form makes six, and their backward as many again: measured 81 ms of a 300 ms paper-mode step). Each row of C sums
        // to 1, so sum(C) = B H L, and sum(C * I) over the off-diagonal pairs is sum_l (1 / s_l)(sum_m A_lm I_lm - A_ll I_ll)
        // with s_l the row sums of A: the same value to rounding (checked against the release at 1e-12).
        var rowSums = attention.sum(-1);
        var coAttention = attention.matmul(attention.transpose(-1, -2));
        var weighted = (attention * coAttention).sum(-1);
        var diagonal = attention.diagonal(dim1: -2, dim2: -1) * coAttention.diagonal(dim1: -2, dim2: -1);
        var offDiagonalOverlap = ((weighted - diagonal) / rowSums).sum();
        var rows = (double)(attention.size(0) * attention.size(1) * attention.size(2));
        using var rowCount = rows.ToScalar();  // held alive for the native calls: see ScalarGarbage
        using var entries = (rows * attention.size(3)).ToScalar();
        return scope.MoveToOuter(offDiagonalOverlap.neg().add(rowCount).div(entries));
    }

    private static void CheckRank(Tensor t, int rank, string name, string layout)
    {
        if (t.dim() != rank)
            throw new ArgumentException($"{name} must be {layout} ({rank}-d), got shape [{string.Join(", ", t.shape)}]", name);
    }
}
