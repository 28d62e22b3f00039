using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>The block's ReLU feed-forward layer, linear1 -> ReLU -> linear2, with hook points on the hidden layer before and after the ReLU.</summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
    private readonly Linear linear1;
    private readonly Linear linear2;
    private readonly HookPoint hook_pre_relu = new();
    private readonly HookPoint hook_post_relu = new();

    public FeedForward(long dModel, long dFf) : base(nameof(FeedForward))
    {
        linear1 = nn.Linear(dModel, dFf);
        linear2 = nn.Linear(dFf, dModel);
        RegisterComponents();
    }

    /// <summary>The dtype of the two linear layers' products.</summary>
    public Precision Precision { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var hidden = hook_pre_relu.call(PrecisionCasts.Linear(linear1, x, Precision));
        var activated = hook_post_relu.call(hidden.relu());
        return scope.MoveToOuter(PrecisionCasts.Linear(linear2, activated, Precision));
    }
}
