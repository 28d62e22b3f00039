using Safr.Kit.Analysis;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// Gradient × input on the token embeddings: for the predicted class c, sum_j (d log p(c|x) / d e_lj) e_lj,
/// with e_l the embedding times sqrt(d) before VMASK (hook point "hook_embed"). The gradient passes through
/// VMASK as well as the rest of the model. The parameters' .grad are left as they were.
/// </summary>
/// <param name="batchSize">Examples per forward and backward pass.</param>
public sealed class GradientTimesInput(int batchSize = 64) : ITokenAttribution
{
    private readonly int _batchSize = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");

    public string Name => "gradient × input";

    public double[][] Attribute(SafrTransformer model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var embed = model.named_modules().Single(m => m.name == HookNames.Embed).module as HookPoint
            ?? throw new InvalidOperationException($"the model's {HookNames.Embed} is not a HookPoint");
        return AttributionBatches.Score(model, examples, padToLength, _batchSize, ids =>
        {
            using var gradients = enable_grad();
            Tensor? input = null;
            // A fresh leaf at hook_embed: the gradient stops there (no work for the embedding table) and exists
            // even when the parameters do not require gradients.
            var hook = embed.register_forward_hook((_, _, output) => input = output.detach().requires_grad_(true));
            Tensor logits;
            try
            {
                logits = model.call(ids).Logits;
            }
            finally
            {
                hook.remove();
            }
            var logProbabilities = logits.log_softmax(-1);
            // Examples do not interact in a forward pass, so one sum gives every example its own gradient.
            var predicted = logProbabilities.gather(-1, logProbabilities.argmax(-1, keepdim: true)).sum();
            // autograd.grad, not backward: nothing is accumulated into the parameters' .grad.
            var gradient = autograd.grad([predicted], [input!])[0];
            return (gradient * input!).sum(-1).detach();
        });
    }
}
