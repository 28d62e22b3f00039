using System.Collections;
using System.Diagnostics.CodeAnalysis;
using Safr.Torch;
using static Safr.Torch.torch;

namespace Safr.Kit.Analysis;

/// <summary>
/// Activations captured at named hook points during one forward pass (keys as in <see cref="HookNames"/>):
/// detached copies, so later passes and dispose scopes do not touch them. They belong to the dispose
/// scope that was open when the capture was taken (as any tensor result does), and disposing this
/// object frees them too (either is enough).
/// </summary>
public sealed class ActivationCapture : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    internal ActivationCapture(Dictionary<string, Tensor> tensors) => _tensors = tensors;

    public Tensor this[string key] => _tensors.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"nothing was captured at '{key}'; captured: {string.Join(", ", _tensors.Keys)}");

    public IEnumerable<string> Keys => _tensors.Keys;
    public IEnumerable<Tensor> Values => _tensors.Values;
    public int Count => _tensors.Count;
    public bool ContainsKey(string key) => _tensors.ContainsKey(key);
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out Tensor value) => _tensors.TryGetValue(key, out value);
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() => _tensors.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Frees the captured tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
