using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// An identity module placed at a named point of the forward pass, as TransformerLens's HookPoint:
/// a probe registers a forward hook on it to read (or replace) the activation there, without editing
/// the model. It has no parameters, so state_dict names are unaffected.
/// </summary>
public sealed class HookPoint : nn.Module<Tensor, Tensor>
{
    public HookPoint() : base(nameof(HookPoint)) { }

    public override Tensor forward(Tensor input) => input;
}
