using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Serialization;

/// <summary>Loading named weights into a module, all or nothing.</summary>
public static class StateDict
{
    /// <summary>
    /// Copies <paramref name="weights"/> into <paramref name="module"/>'s parameters and buffers, matched by
    /// state_dict name. Every name must be on both sides with the same shape (dtypes are converted), and
    /// all of that is checked before anything is copied: a mismatch is an <see cref="ArgumentException"/>
    /// naming the tensor, and the module is left unchanged. TorchSharp's load_state_dict copies entry by
    /// entry, so a bad file could leave a half-loaded model; hence this check first.
    /// </summary>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(weights);
        var targets = module.state_dict();
        var missing = targets.Keys.Where(k => !weights.ContainsKey(k)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"missing {missing.Length} tensor(s): {string.Join(", ", missing.Take(5))}{(missing.Length > 5 ? ", ..." : "")}", nameof(weights));
        var unexpected = weights.Keys.Where(k => !targets.ContainsKey(k)).ToArray();
        if (unexpected.Length > 0)
            throw new ArgumentException($"{unexpected.Length} tensor(s) the model does not have: {string.Join(", ", unexpected.Take(5))}{(unexpected.Length > 5 ? ", ..." : "")}", nameof(weights));
        foreach (var (name, target) in targets)
        {
            var source = weights[name];
            if (!source.shape.SequenceEqual(target.shape))
                throw new ArgumentException($"tensor '{name}' has shape [{string.Join(", ", source.shape)}], the model's is [{string.Join(", ", target.shape)}]", nameof(weights));
            if (!source.is_floating_point() && target.is_floating_point())
                throw new ArgumentException($"tensor '{name}' is {source.dtype}, the model's is {target.dtype}", nameof(weights));
        }
        using var _ = no_grad();
        foreach (var (name, target) in targets) target.copy_(weights[name]);
    }
}
