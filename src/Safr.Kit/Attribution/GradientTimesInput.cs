using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// Gradient × input on the token embeddings: for the predicted class c, sum_j (d log p(c|x) / d e_lj) e_lj,
/// with e_l the activation at the hook point <see cref="EmbeddingsAt"/> (by default <see cref="HookNames.Embed"/>,
/// the released model's embedding times sqrt(d) before VMASK). The gradient passes through everything after that
/// point (VMASK included). A module of your own places a <see cref="HookPoint"/> on its token embeddings, in a field
/// named <c>hook_embed</c> or under the name given here. The parameters' .grad are left as they were.
/// </summary>
/// <param name="batchSize">Examples per forward and backward pass.</param>
/// <param name="embeddingsAt">The hook point whose activation (B x L x d) is the input; default <see cref="HookNames.Embed"/>.</param>
public sealed class GradientTimesInput(int batchSize = 64, string embeddingsAt = HookNames.Embed) : ITokenAttribution
{
    private readonly int _batchSize = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");

    public string Name => "gradient × input";

    /// <summary>The hook point the embeddings are read (and differentiated) at.</summary>
    public string EmbeddingsAt { get; } = !string.IsNullOrEmpty(embeddingsAt) ? embeddingsAt
        : throw new ArgumentException("a hook point name is needed", nameof(embeddingsAt));

    public double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Hooks.PointsOf(model).ContainsKey(EmbeddingsAt))
            throw new ArgumentException($"gradient × input differentiates at the hook point '{EmbeddingsAt}', which the model does not have; " +
                $"place a HookPoint on its token embeddings, or name one of its points: {string.Join(", ", Hooks.PointsOf(model).Keys)}", nameof(model));
        return AttributionBatches.Score(model, examples, padToLength, _batchSize, ids =>
        {
            using var gradients = enable_grad();
            Tensor? input = null;
            // A fresh leaf replaces the embeddings: the gradient stops there (no work for the embedding table) and
            // exists even when the parameters do not require gradients.
            var logits = Hooks.RunWithHooks(model, () => model.call(ids).Logits,
                [(EmbeddingsAt, e => input = e.detach().requires_grad_(true))]);
            if (input is null) throw new InvalidOperationException($"the model's forward did not pass through '{EmbeddingsAt}'");
            var logProbabilities = logits.log_softmax(-1);
            // Examples do not interact in a forward pass, so one sum gives every example its own gradient.
            var predicted = logProbabilities.gather(-1, logProbabilities.argmax(-1, keepdim: true)).sum();
            // autograd.grad, not backward: nothing is accumulated into the parameters' .grad.
            var gradient = autograd.grad([predicted], [input])[0];
            return (gradient * input).sum(-1).detach();
        });
    }
}
