using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Analysis;

/// <summary>
/// How an FFN hidden layer allocates its neurons to the tokens of one text: the token x neuron share
/// share[t, n] = act[t, n] / sum over the text's tokens of act[., n], each neuron's dominant token
/// (largest share; the earliest token on a tie) and a classification by a stated rule:
/// a neuron is <see cref="NeuronKind.Dead"/> if its total activation over the tokens is below
/// <see cref="DeadTotal"/> (1e-12), <see cref="NeuronKind.Monosemantic"/> if its dominant token holds at
/// least <see cref="MonosemanticShare"/> of its activation, <see cref="NeuronKind.Polysemantic"/> otherwise.
/// Activations must be non-negative (post-ReLU), so shares lie in [0, 1] and sum to 1 over tokens for
/// every live neuron; a dead neuron's shares are all 0.
/// </summary>
/// <param name="Share">Token x neuron shares, T x N.</param>
/// <param name="Total">Each neuron's activation summed over the tokens, N.</param>
/// <param name="DominantToken">Each neuron's dominant token index (0-based among the T tokens), -1 for a dead neuron.</param>
/// <param name="DominantShare">The dominant token's share, 0 for a dead neuron.</param>
/// <param name="Kind">Each neuron's class under the rule.</param>
/// <param name="MonosemanticShare">The share a neuron's dominant token needs for the neuron to count as monosemantic.</param>
public sealed record NeuronAllocation(
    double[][] Share, double[] Total, int[] DominantToken, double[] DominantShare, NeuronKind[] Kind, double MonosemanticShare)
{
    /// <summary>The default monosemantic share: a neuron is monosemantic when one token holds at least half of its activation.</summary>
    public const double DefaultMonosemanticShare = 0.5;

    /// <summary>A neuron whose total activation over the tokens is below this is dead (0 up to rounding).</summary>
    public const double DeadTotal = 1e-12;

    /// <summary>Number of neurons, N.</summary>
    public int NeuronCount => Total.Length;

    public int DeadCount => Kind.Count(k => k == NeuronKind.Dead);

    public int MonosemanticCount => Kind.Count(k => k == NeuronKind.Monosemantic);

    public int PolysemanticCount => Kind.Count(k => k == NeuronKind.Polysemantic);

    /// <summary>Per token, how many live neurons it dominates (holds the largest share of), T.</summary>
    public int[] DominatedNeurons
    {
        get
        {
            var counts = new int[Share.Length];
            foreach (var t in DominantToken)
                if (t >= 0) counts[t]++;
            return counts;
        }
    }

    /// <summary>The classification rule, in words, with this allocation's threshold.</summary>
    public string Rule => DescribeRule(MonosemanticShare);

    /// <summary>The classification rule in words for a given monosemantic share.</summary>
    public static string DescribeRule(double monosemanticShare) => string.Create(CultureInfo.InvariantCulture,
        $"share[t, n] = act[t, n] / sum over the text's tokens of act[., n] (post-ReLU activations). " +
        $"A neuron is dead if its total activation is below {DeadTotal:G}; monosemantic if its dominant token " +
        $"holds at least {monosemanticShare:G} of its activation; polysemantic otherwise.");

    /// <summary>Allocation of a T x N activation array (tokens by neurons).</summary>
    /// <param name="activations">Non-negative activations, tokens by neurons (at least one token).</param>
    /// <param name="monosemanticShare">In (0, 1]: the dominant share from which a neuron is monosemantic.</param>
    public static NeuronAllocation FromActivations(double[,] activations, double monosemanticShare = DefaultMonosemanticShare)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (!(monosemanticShare > 0 && monosemanticShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(monosemanticShare), monosemanticShare, "must be in (0, 1]");
        var (tokens, neurons) = (activations.GetLength(0), activations.GetLength(1));
        if (tokens == 0) throw new ArgumentException("need at least one token (row)", nameof(activations));
        foreach (var a in activations)
            if (!double.IsFinite(a) || a < 0)
                throw new ArgumentException($"activations must be finite and non-negative (post-ReLU), found {a}", nameof(activations));

        var share = new double[tokens][];
        for (var t = 0; t < tokens; t++) share[t] = new double[neurons];
        var total = new double[neurons];
        var dominant = new int[neurons];
        var dominantShare = new double[neurons];
        var kind = new NeuronKind[neurons];
        for (var n = 0; n < neurons; n++)
        {
            for (var t = 0; t < tokens; t++) total[n] += activations[t, n];
            if (total[n] < DeadTotal)
            {
                (dominant[n], kind[n]) = (-1, NeuronKind.Dead);
                continue;
            }
            for (var t = 0; t < tokens; t++)
            {
                share[t][n] = activations[t, n] / total[n];
                if (t == 0 || share[t][n] > dominantShare[n]) (dominant[n], dominantShare[n]) = (t, share[t][n]);
            }
            kind[n] = dominantShare[n] >= monosemanticShare ? NeuronKind.Monosemantic : NeuronKind.Polysemantic;
        }
        return new NeuronAllocation(share, total, dominant, dominantShare, kind, monosemanticShare);
    }

    /// <summary>Allocation of a T x N activation tensor (for example one text's post-ReLU FFN activations).</summary>
    public static NeuronAllocation FromActivations(Tensor activations, double monosemanticShare = DefaultMonosemanticShare)
    {
        ArgumentNullException.ThrowIfNull(activations);
        if (activations.dim() != 2)
            throw new ArgumentException($"activations must be T x N (tokens by neurons), got shape [{string.Join(", ", activations.shape)}]", nameof(activations));
        var (tokens, neurons) = ((int)activations.size(0), (int)activations.size(1));
        double[] values;
        using (NewDisposeScope())
        using (no_grad())
            values = activations.detach().to(float64).cpu().data<double>().ToArray();
        var array = new double[tokens, neurons];
        Buffer.BlockCopy(values, 0, array, 0, values.Length * sizeof(double));
        return FromActivations(array, monosemanticShare);
    }
}
