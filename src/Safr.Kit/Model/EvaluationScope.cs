using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// Evaluation for the length of a <c>using</c> block: the module in eval mode (dropout off, VMASK's keep
/// probabilities) with gradients off, and its previous training mode back when the block ends, however it ends.
/// <code>using var evaluation = new EvaluationScope(model);</code>
/// </summary>
public sealed class EvaluationScope : IDisposable
{
    private readonly nn.Module _module;
    private readonly bool _wasTraining;
    private readonly IDisposable _noGrad;
    private bool _disposed;

    public EvaluationScope(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        _module = module;
        _wasTraining = module.training;
        module.eval();
        _noGrad = no_grad();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _noGrad.Dispose();
        _module.train(_wasTraining);
    }
}
