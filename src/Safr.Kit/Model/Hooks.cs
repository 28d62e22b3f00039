using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// TransformerLens's run_with_cache and run_with_hooks for any TorchSharp module with <see cref="HookPoint"/>s:
/// forward hooks are registered on the named hook points for one forward pass and removed when it ends (also when
/// it throws). <see cref="SafrTransformer.RunWithCache(Tensor, IEnumerable{string})"/> and
/// <see cref="SafrTransformer.RunWithHooks"/> call these; a user's own module uses them directly:
/// <code>var (logits, cache) = Hooks.RunWithCache(mine, () => mine.call(ids));</code>
/// </summary>
public static class Hooks
{
    private static int _active;

    /// <summary>Hooks registered by these methods right now, in all threads: 0 outside a pass (tests check none leak).</summary>
    internal static int ActiveCount => Volatile.Read(ref _active);

    /// <summary>The module's hook points by name, in module order.</summary>
    public static IReadOnlyDictionary<string, HookPoint> PointsOf(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        return module.named_modules().Where(m => m.module is HookPoint)
            .ToDictionary(m => m.name, m => (HookPoint)m.module, StringComparer.Ordinal);
    }

    /// <summary>
    /// Runs <paramref name="forward"/> (a forward pass of <paramref name="module"/>, however it is called) and caches
    /// detached copies of the activations at <paramref name="names"/> (every hook point when null). The output stays in
    /// the dispose scope open at the call; so do the cached copies, and disposing the cache frees them too.
    /// </summary>
    public static (TOutput Output, ActivationCache Cache) RunWithCache<TOutput>(nn.Module module, Func<TOutput> forward, IEnumerable<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        var points = Select(module, names);
        var captured = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var output = WithHooks(points.Select(p => (p.Key, p.Value, (Func<Tensor, Tensor?>)(activation =>
            {
                Keep(captured, p.Key, activation);
                return null;  // keep the module's own activation
            }))), forward);
            return (output, new ActivationCache(captured).JoinCurrentScope());
        }
        catch
        {
            foreach (var t in captured.Values) t.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="forward"/> with <paramref name="hooks"/> on the named hook points: each sees the activation
    /// there and returns a replacement for it, or null to leave it as it is (TransformerLens's run_with_hooks).
    /// </summary>
    public static TOutput RunWithHooks<TOutput>(nn.Module module, Func<TOutput> forward, IEnumerable<(string Name, Func<Tensor, Tensor?> Hook)> hooks)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(hooks);
        var list = hooks.ToArray();
        var points = Select(module, list.Select(h => h.Name));
        return WithHooks(list.Select(h => (h.Name, points[h.Name], h.Hook)), forward);
    }

    private static TOutput WithHooks<TOutput>(IEnumerable<(string Name, HookPoint Point, Func<Tensor, Tensor?> Hook)> hooks, Func<TOutput> forward)
    {
        var removers = new List<Action>();
        try
        {
            foreach (var (_, point, hook) in hooks)
            {
                var handle = point.register_forward_hook((_, _, activation) => hook(activation)!);
                Interlocked.Increment(ref _active);
                removers.Add(() =>
                {
                    handle.remove();
                    Interlocked.Decrement(ref _active);
                });
            }
            return forward();
        }
        finally
        {
            foreach (var remove in removers) remove();
        }
    }

    private static Dictionary<string, HookPoint> Select(nn.Module module, IEnumerable<string>? names)
    {
        var all = PointsOf(module);
        if (names is null) return all.ToDictionary(StringComparer.Ordinal);
        var selected = names.Distinct(StringComparer.Ordinal).ToArray();
        var unknown = selected.Where(n => !all.ContainsKey(n)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"no hook point named {string.Join(", ", unknown.Select(n => $"'{n}'"))}; the model has: {string.Join(", ", all.Keys)}", nameof(names));
        return selected.ToDictionary(n => n, n => all[n], StringComparer.Ordinal);
    }

    private static void Keep(Dictionary<string, Tensor> captured, string name, Tensor activation)
    {
        // The hook runs inside the module's dispose scopes: copy the activation out of them.
        using var detached = activation.detach();
        var copy = detached.clone().DetachFromDisposeScope();
        if (captured.Remove(name, out var previous)) previous.Dispose();  // a point passed twice keeps the last value
        captured[name] = copy;
    }
}
