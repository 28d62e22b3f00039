using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Tests.Shared;

/// <summary>Small helpers the tests share on top of TorchSharp.</summary>
public static class TorchAssertions
{
    /// <summary>
    /// True when both tensors have the same shape, dtype and every element equal (PyTorch's torch.equal).
    /// TorchSharp's Tensor.equal is elementwise, so the tests spell out the whole-tensor comparison.
    /// </summary>
    public static bool EqualTo(this Tensor a, Tensor b)
    {
        if (a.dtype != b.dtype || !a.shape.SequenceEqual(b.shape)) return false;
        using var scope = NewDisposeScope();
        return a.eq(b).all().item<bool>();
    }

    /// <summary>The module at a dotted name, as PyTorch's get_submodule.</summary>
    public static nn.Module Submodule(this nn.Module root, string name) =>
        root.named_modules().SingleOrDefault(m => m.name == name).module
        ?? throw new ArgumentException($"no submodule named '{name}'", nameof(name));

    /// <summary>A forward hook as a using-block: removed when disposed.</summary>
    public static IDisposable Hook(this nn.Module<Tensor, Tensor> module, Func<nn.Module<Tensor, Tensor>, Tensor, Tensor, Tensor?> hook)
    {
        var remover = module.register_forward_hook((m, input, output) => hook(m, input, output)!);
        return new Removal(remover.remove);
    }

    /// <summary>Native tensors alive on this thread (created minus disposed, in and outside scopes).</summary>
    public static long LiveTensorCount => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    /// <summary>A tensor's bytes, copied out (CPU, contiguous).</summary>
    public static byte[] Bytes(this Tensor t)
    {
        using var host = t.detach().cpu().contiguous();
        return host.bytes.ToArray();
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
