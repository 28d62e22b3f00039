using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// VMASK's importance: each token's keep probability (<see cref="SafrOutput.KeepProbability"/>). VMASK scores
/// each embedding alone, so padding does not change these values.
/// </summary>
/// <param name="batchSize">Examples per forward pass.</param>
public sealed class VmaskAttribution(int batchSize = 64) : ITokenAttribution
{
    private readonly int _batchSize = batchSize >= 1 ? batchSize : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");

    public const string RankingName = "VMASK";

    public string Name => RankingName;

    public double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null) =>
        AttributionBatches.Score(model, examples, padToLength, _batchSize, ids => model.call(ids).KeepProbability());
}
