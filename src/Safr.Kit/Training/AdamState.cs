using System.Globalization;
using Safr.Kit.Optim;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>
/// Adam's state as flat named tensors, so it can live in a safetensors file beside the weights:
/// "state.{i}.step", "state.{i}.exp_avg", "state.{i}.exp_avg_sq" for parameter i (numbered through the
/// groups, as PyTorch numbers them), and "param_groups.{g}.{lr,beta1,beta2,eps,weight_decay}".
/// TorchSharp saves optimizer state only in its own binary format; checkpoints written by earlier
/// versions of the kit (with TorchSharp's Adam, whose state this is too) use these names, so they still resume.
/// </summary>
public static class AdamState
{
    /// <summary>Copies of the optimizer's state (they join the current dispose scope).</summary>
    public static Dictionary<string, Tensor> ToTensors(FusedAdam optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < optimizer.States.Count; i++)
        {
            var state = optimizer.States[i];
            result[$"state.{i}.step"] = tensor((double)state.Step, float64);
            result[$"state.{i}.exp_avg"] = state.ExpAvg.detach().clone();
            result[$"state.{i}.exp_avg_sq"] = state.ExpAvgSq.detach().clone();
        }
        // One parameter group, as the trainer builds it.
        result["param_groups.0.lr"] = tensor(optimizer.LearningRate, float64);
        result["param_groups.0.beta1"] = tensor(optimizer.Beta1, float64);
        result["param_groups.0.beta2"] = tensor(optimizer.Beta2, float64);
        result["param_groups.0.eps"] = tensor(optimizer.Epsilon, float64);
        result["param_groups.0.weight_decay"] = tensor(optimizer.WeightDecay, float64);
        return result;
    }

    /// <summary>
    /// Restores state written by <see cref="ToTensors"/>. Every parameter's entries must be there with the
    /// parameter's shape; anything missing or misshapen is an <see cref="ArgumentException"/> naming the
    /// entry, raised before the optimizer changes.
    /// </summary>
    public static void Load(FusedAdam optimizer, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(tensors);
        var states = optimizer.States;
        // Check everything first, so a bad file changes nothing.
        for (var i = 0; i < states.Count; i++)
        {
            Require(tensors, $"state.{i}.step", []);
            Require(tensors, $"state.{i}.exp_avg", states[i].ExpAvg.shape);
            Require(tensors, $"state.{i}.exp_avg_sq", states[i].ExpAvgSq.shape);
        }
        var extra = tensors.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal)
            && !(int.TryParse(k.Split('.')[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < states.Count)).ToArray();
        if (extra.Length > 0)
            throw new ArgumentException($"optimizer state has entries for parameters this model lacks: {string.Join(", ", extra.Take(5))}", nameof(tensors));

        using var _ = no_grad();
        for (var i = 0; i < states.Count; i++)
        {
            states[i].Step = (long)Math.Round(tensors[$"state.{i}.step"].to(float64).item<double>());
            states[i].ExpAvg.copy_(tensors[$"state.{i}.exp_avg"]);
            states[i].ExpAvgSq.copy_(tensors[$"state.{i}.exp_avg_sq"]);
        }
        if (tensors.TryGetValue("param_groups.0.lr", out var lr))
            optimizer.LearningRate = lr.to(float64).item<double>();
    }

    private static void Require(IReadOnlyDictionary<string, Tensor> tensors, string name, long[] shape)
    {
        if (!tensors.TryGetValue(name, out var t))
            throw new ArgumentException($"optimizer state lacks '{name}'", nameof(tensors));
        if (!t.shape.SequenceEqual(shape))
            throw new ArgumentException($"optimizer state '{name}' has shape [{string.Join(", ", t.shape)}], expected [{string.Join(", ", shape)}]", nameof(tensors));
    }
}
