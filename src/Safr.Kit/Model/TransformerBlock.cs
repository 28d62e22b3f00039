using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>One post-LayerNorm encoder block as released: x = norm1(x + drop(attn(x))); x = norm2(x + drop(ff(x))).</summary>
public sealed class TransformerBlock : nn.Module<Tensor, Tensor?, (Tensor Output, Tensor Attention)>
{
    private readonly MultiHeadAttention attention;
    private readonly LayerNorm norm1;
    private readonly Dropout dropout1;
    private readonly FeedForward ff;
    private readonly LayerNorm norm2;
    private readonly Dropout dropout2;
    private readonly HookPoint hook_block_out = new();

    public TransformerBlock(long dModel, long heads, long dFf, double dropout) : base(nameof(TransformerBlock))
    {
        attention = new MultiHeadAttention(dModel, heads);
        norm1 = nn.LayerNorm(dModel);
        dropout1 = nn.Dropout(dropout);
        ff = new FeedForward(dModel, dFf);
        norm2 = nn.LayerNorm(dModel);
        dropout2 = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>The dtype of the block's matrix products (attention and FFN).</summary>
    public Precision Precision
    {
        get => attention.Precision;
        set => (attention.Precision, ff.Precision) = (value, value);
    }

    public override (Tensor Output, Tensor Attention) forward(Tensor x, Tensor? keyMask)
    {
        using var scope = NewDisposeScope();
        var (attended, weights) = attention.call(x, keyMask);
        var h = norm1.call(x + dropout1.call(attended));
        var output = hook_block_out.call(norm2.call(h + dropout2.call(ff.call(h))));
        scope.MoveToOuter(output, weights);
        return (output, weights);
    }
}
