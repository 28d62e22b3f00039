using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// The attention each token receives in one layer: its column of the attention pattern A[q, k]
/// (<see cref="SafrOutput.Attention"/>), averaged over heads and over the real (non-padding) query positions.
/// </summary>
/// <param name="layer">The layer, from 0, of <see cref="SafrOutput.Attention"/>; null for the last.</param>
/// <param name="batchSize">Examples per forward pass.</param>
public sealed class AttentionAttribution(int? layer = null, int batchSize = 64) : ITokenAttribution
{
    private readonly int _batchSize = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");

    public int? Layer { get; } = layer is null or >= 0 ? layer : throw new ArgumentOutOfRangeException(nameof(layer), layer, "must be at least 0");

    /// <summary>"attention", with the layer when one was chosen, so two layers can be compared in one report.</summary>
    public string Name => Layer is { } l ? $"attention (layer {l})" : "attention";

    public double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        // The kit's model says its depth before any pass; a user's module says it in its output.
        if (model is SafrTransformer safr) CheckLayer((int)safr.Config.NumLayers);
        return AttributionBatches.Score(model, examples, padToLength, _batchSize, ids =>
        {
            var output = model.call(ids);
            var perQuery = output.Attention[CheckLayer(output.Attention.Count)].mean([1]);  // B x L(query) x L(key)
            var real = output.TokenMask.to(perQuery.dtype).unsqueeze(-1);                  // B x L(query) x 1
            // Padding rows are queries no text has; they would dilute the real ones.
            return (perQuery * real).sum(1) / real.sum(1);
        });
    }

    private int CheckLayer(int layers)
    {
        if (Layer >= layers || layers == 0)
            throw new ArgumentException($"layer {Layer?.ToString() ?? "(last)"} does not exist: the model has {layers} layer(s)", "model");
        return Layer ?? layers - 1;
    }
}
