using System.Collections;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

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

    /// <summary>
    /// The same activations, now owned by the dispose scope open at this call (if any). Hooks copy them
    /// inside the model's own scopes, which close before the caller sees them, so the copies are first
    /// kept out of every scope, then re-homed here: an alias (a new handle on the same storage) joins the
    /// current scope as any tensor result does, and the scope-less handle is released.
    /// </summary>
    internal ActivationCapture JoinCurrentScope()
    {
        var adopted = new Dictionary<string, Tensor>(_tensors.Count, StringComparer.Ordinal);
        foreach (var (name, t) in _tensors)
        {
            adopted[name] = t.alias();
            t.Dispose();
        }
        return new ActivationCapture(adopted);
    }

    /// <summary>Frees the captured tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
