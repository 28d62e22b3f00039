using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// The casts of <see cref="Precision.Bf16"/> around one product, written out because TorchSharp 0.107 has no autocast
/// (its AutocastMode pull request is not merged). Through autograd, the backward products run in bfloat16 too and the
/// gradients arrive in float32.
/// </summary>
internal static class PrecisionCasts
{
    public static Tensor Linear(Linear layer, Tensor x, Precision precision)
    {
        if (precision == Precision.Fp32) return layer.call(x);
        using var scope = NewDisposeScope();
        var y = nn.functional.linear(x.to(bfloat16), layer.weight!.to(bfloat16), layer.bias?.to(bfloat16));
        return scope.MoveToOuter(y.to(x.dtype));
    }

    public static Tensor Matmul(Tensor a, Tensor b, Precision precision)
    {
        if (precision == Precision.Fp32) return a.matmul(b);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(a.to(bfloat16).matmul(b.to(bfloat16)).to(a.dtype));
    }
}
