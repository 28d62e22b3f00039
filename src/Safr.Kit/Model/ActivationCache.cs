using System.Collections;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// Activations captured at named hook points during one forward pass, as TransformerLens's ActivationCache: by
/// full name (<see cref="HookNames"/>) or by short name and layer (<c>cache["pattern", 0]</c>). They are
/// detached copies, so later passes and dispose scopes do not touch them. They belong to the dispose
/// scope that was open when the capture was taken (as any tensor result does), and disposing this
/// object frees them too (either is enough).
/// </summary>
public sealed class ActivationCache : IReadOnlyDictionary<string, Tensor>, IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors;

    internal ActivationCache(Dictionary<string, Tensor> tensors) => _tensors = tensors;

    public Tensor this[string key] => _tensors.TryGetValue(key, out var t) ? t
        : throw new KeyNotFoundException($"nothing was captured at '{key}'; captured: {string.Join(", ", _tensors.Keys)}");

    /// <summary>
    /// The activation at hook <c>hook_{name}</c> inside layer <paramref name="layer"/> (a name under <c>layers.{layer}.</c>),
    /// as TransformerLens indexes <c>cache["pattern", 0]</c>.
    /// </summary>
    public Tensor this[string name, int layer]
    {
        get
        {
            var prefix = $"layers.{layer}.";
            var matches = _tensors.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)
                && (k.EndsWith($".hook_{name}", StringComparison.Ordinal) || k == $"{prefix}hook_{name}")).ToArray();
            return matches.Length switch
            {
                1 => _tensors[matches[0]],
                0 => throw new KeyNotFoundException($"nothing was captured at hook_{name} of layer {layer}; captured: {string.Join(", ", _tensors.Keys)}"),
                _ => throw new KeyNotFoundException($"hook_{name} of layer {layer} is ambiguous: {string.Join(", ", matches)}"),
            };
        }
    }

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
    internal ActivationCache JoinCurrentScope()
    {
        var adopted = new Dictionary<string, Tensor>(_tensors.Count, StringComparer.Ordinal);
        foreach (var (name, t) in _tensors)
        {
            adopted[name] = t.alias();
            t.Dispose();
        }
        return new ActivationCache(adopted);
    }

    /// <summary>Frees the captured tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
    }
}
