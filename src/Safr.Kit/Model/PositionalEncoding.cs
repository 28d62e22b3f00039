using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// Sinusoidal positions added to the (masked) embeddings, as released: a buffer "pe" of 1 x max_len x d
/// computed in float32 (the release's precision, so a float64 model matches the release's buffer).
/// </summary>
public sealed class PositionalEncoding : nn.Module<Tensor, Tensor>
{
    public PositionalEncoding(long dModel, long maxLength) : base(nameof(PositionalEncoding))
    {
        using var scope = NewDisposeScope();
        var position = arange(0, maxLength, dtype: float32).unsqueeze(1);
        var divTerm = (arange(0, dModel, 2, dtype: float32) * (-Math.Log(10000.0) / dModel)).exp();
        var angles = position * divTerm;
        var pe = zeros([maxLength, dModel], float32);
        pe[TensorIndex.Colon, TensorIndex.Slice(0, null, 2)] = angles.sin();
        pe[TensorIndex.Colon, TensorIndex.Slice(1, null, 2)] = angles.cos();
        register_buffer("pe", pe.unsqueeze(0).DetachFromDisposeScope());
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var positions = get_buffer("pe")![TensorIndex.Colon, ..(int)x.size(1), TensorIndex.Colon];
        return scope.MoveToOuter(x + positions);
    }
}
