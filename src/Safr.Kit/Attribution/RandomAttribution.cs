using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>
/// The baseline any importance score has to beat: scores that rank each example's positions in a uniformly
/// random order, drawn with one <see cref="Random"/>(<paramref name="seed"/>) through the examples in order,
/// so the same seed and examples give the same scores on every platform. The model is not read.
/// </summary>
public sealed class RandomAttribution(int seed) : ITokenAttribution
{
    /// <summary>The name of every random ranking, by which displays find the baseline.</summary>
    public const string RankingName = "random";

    public string Name => RankingName;

    public int Seed { get; } = seed;

    public double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var random = new Random(Seed);
        var result = new double[examples.Count][];
        for (var i = 0; i < examples.Count; i++)
        {
            var length = examples[i]?.Count ?? throw new ArgumentException($"example {i} is null", nameof(examples));
            var order = Enumerable.Range(0, length).ToArray();
            StratifiedSplit.Shuffle(order, random);
            // Distinct scores falling with rank, so ranking them gives back this order.
            var scores = new double[length];
            for (var rank = 0; rank < length; rank++) scores[order[rank]] = length - rank;
            result[i] = scores;
        }
        return result;
    }
}
