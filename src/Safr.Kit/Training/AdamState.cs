using System.Globalization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>
/// Adam's state as flat named tensors, so it can live in a safetensors file beside the weights:
/// "state.{i}.step", "state.{i}.exp_avg", "state.{i}.exp_avg_sq" for parameter i (numbered through the
/// groups, as PyTorch numbers them), and "param_groups.{g}.{lr,beta1,beta2,eps,weight_decay}".
/// TorchSharp saves optimizer state only in its own binary format; checkpoints written by earlier
/// versions of the kit use these names, so they still resume.
/// </summary>
public static class AdamState
{
    /// <summary>Copies of the optimizer's state (they join the current dispose scope).</summary>
    public static Dictionary<string, Tensor> ToTensors(Adam optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var dict = optimizer.state_dict();
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < dict.State.Count; i++)
        {
            var state = (Adam.State)dict.State[i];
            result[$"state.{i}.step"] = tensor((double)state.step, float64);
            result[$"state.{i}.exp_avg"] = state.exp_avg.detach().clone();
            result[$"state.{i}.exp_avg_sq"] = state.exp_avg_sq.detach().clone();
        }
        for (var g = 0; g < dict.Options.Count; g++)
        {
            var options = (Adam.Options)dict.Options[g];
            result[$"param_groups.{g}.lr"] = tensor(options.LearningRate!.Value, float64);
            result[$"param_groups.{g}.beta1"] = tensor(options.beta1!.Value, float64);
            result[$"param_groups.{g}.beta2"] = tensor(options.beta2!.Value, float64);
            result[$"param_groups.{g}.eps"] = tensor(options.eps!.Value, float64);
            result[$"param_groups.{g}.weight_decay"] = tensor(options.weight_decay!.Value, float64);
        }
        return result;
    }

    /// <summary>
    /// Restores state written by <see cref="ToTensors"/>. Every parameter's entries must be there with the
    /// parameter's shape; anything missing or misshapen is an <see cref="ArgumentException"/> naming the
    /// entry, raised before the optimizer changes.
    /// </summary>
    public static void Load(Adam optimizer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(tensors);
        var dict = optimizer.state_dict();
        var states = dict.State.Cast<Adam.State>().ToArray();
        // Check everything first, so a bad file changes nothing.
        for (var i = 0; i < states.Length; i++)
        {
            Require(tensors, $"state.{i}.step", []);
            Require(tensors, $"state.{i}.exp_avg", states[i].exp_avg.shape);
            Require(tensors, $"state.{i}.exp_avg_sq", states[i].exp_avg_sq.shape);
        }
        var extra = tensors.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)
            && !(int.TryParse(k.Split('.')[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < states.Length)).ToArray();
        if (extra.Length > 0)
            throw new ArgumentException($"optimizer state has entries for parameters this model lacks: {string.Join(", ", extra.Take(5))}", nameof(tensors));

        using var _ = no_grad();
        for (var i = 0; i < states.Length; i++)
        {
            states[i].step = (long)Math.Round(tensors[$"state.{i}.step"].to(float64).item<double>());
            states[i].exp_avg.copy_(tensors[$"state.{i}.exp_avg"]);
            states[i].exp_avg_sq.copy_(tensors[$"state.{i}.exp_avg_sq"]);
        }
        for (var g = 0; g < dict.Options.Count; g++)
            if (tensors.TryGetValue($"param_groups.{g}.lr", out var lr))
                ((Adam.Options)dict.Options[g]).LearningRate = lr.to(float64).item<double>();
    }

    private static void Require(IReadOnlyDictionary<string, Tensor> tensors, string name, long[] shape)
    {
        if (!tensors.TryGetValue(name, out var t))
            throw new ArgumentException($"optimizer state lacks '{name}'", nameof(tensors));
        if (!t.shape.SequenceEqual(shape))
            throw new ArgumentException($"optimizer state '{name}' has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", shape)}]", nameof(tensors));
    }
}
