using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// Scaled dot-product self-attention with separate query, key, value and output projections, as
/// released. Padded keys (mask 0) get a score of -1e9 before the softmax. The attention weights pass
/// through the hook point "hook_pattern".
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor?, (Tensor Output, Tensor Attention)>
{
    private readonly Linear query;
    private readonly Linear key;
    private readonly Linear value;
    private readonly Linear @out;
    private readonly HookPoint hook_pattern = new();
    private readonly long _heads;
    private readonly long _dK;

    public MultiHeadAttention(long dModel, long heads) : base(nameof(MultiHeadAttention))
    {
        if (dModel % heads != 0) throw new ArgumentException($"d_model ({dModel}) must be divisible by the number of heads ({heads})");
        _heads = heads;
        _dK = dModel / heads;
        query = nn.Linear(dModel, dModel);
        key = nn.Linear(dModel, dModel);
        value = nn.Linear(dModel, dModel);
        @out = nn.Linear(dModel, dModel);
        RegisterComponents();
    }

    /// <summary>The dtype of the projections and of Q Kᵀ and A V (the softmax stays in the input's dtype).</summary>
    public Precision Precision { get; set; }

    /// <param name="x">B x L x d.</param>
    /// <param name="keyMask">B x 1 x 1 x L, nonzero for real tokens; null attends to every position.</param>
    public override (Tensor Output, Tensor Attention) forward(Tensor x, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var batch = x.size(0);
        Tensor Heads(Linear projection) => PrecisionCasts.Linear(projection, x, Precision).view(batch, -1, _heads, _dK).transpose(1, 2);
        var q = Heads(query);
        var k = Heads(key);
        var v = Heads(value);
        // Scalars held alive for the native calls (see ScalarGarbage): these ops run long on B x H x L x L.
        using var sqrtDk = Math.Sqrt(_dK).ToScalar();
        using var zero = 0.ToScalar();
        using var masked = (-1e9).ToScalar();
        // Scaled and masked in place: the same values as div and masked_fill, without two more B x H x L x L tensors
        // (neither op's backward needs its input).
        var scores = PrecisionCasts.Matmul(q, k.transpose(-2, -1), Precision).div_(sqrtDk);
        if (keyMask is not null) scores.masked_fill_(keyMask.eq(zero), masked);
        var attention = hook_pattern.call(scores.softmax(-1));
        var context = PrecisionCasts.Matmul(attention, v, Precision).transpose(1, 2).contiguous().view(batch, -1, _heads * _dK);
        var output = PrecisionCasts.Linear(@out, context, Precision);
        scope.MoveToOuter(output, attention);
        return (output, attention);
    }
}
