using Safr.Kit.Analysis;

namespace Safr.Kit.Tests.Analysis;

/// <summary>The token x neuron allocation and its stated mono/poly/dead rule on known numbers.</summary>
public class NeuronAllocationTests
{
    // Tokens by neurons: neuron 0 sees [3, 1, 0], neuron 1 [1, 1, 1], neuron 2 [0, 0, 0].
    private static readonly double[,] Activations =
    {
        { 3, 1, 0 },
        { 1, 1, 0 },
        { 0, 1, 0 },
    };

    [Fact]
    public void DominantTokenWithHalfTheActivationIsMonosemanticEvenSplitIsPolysemanticZeroIsDead()
    {
        var a = NeuronAllocation.FromActivations(Activations);
        Assert.Equal([NeuronKind.Monosemantic, NeuronKind.Polysemantic, NeuronKind.Dead], a.Kind);
        Assert.Equal([0, 0, -1], a.DominantToken);  // neuron 1's tie goes to the earliest token
        Assert.Equal(0.75, a.DominantShare[0], 15);
        Assert.Equal(1.0 / 3, a.DominantShare[1], 15);
        Assert.Equal(0, a.DominantShare[2]);
        Assert.Equal([4.0, 3.0, 0.0], a.Total);
        Assert.Equal((1, 1, 1, 3), (a.MonosemanticCount, a.PolysemanticCount, a.DeadCount, a.NeuronCount));
        Assert.Equal([2, 0, 0], a.DominatedNeurons);
    }

    [Fact]
    public void SharesSumToOnePerLiveNeuronAndAreZeroForDeadOnes()
    {
        var a = NeuronAllocation.FromActivations(Activations);
        Assert.Equal([0.75, 0.25, 0.0], a.Share.Select(row => row[0]));
        for (var n = 0; n < 2; n++) Assert.Equal(1.0, a.Share.Sum(row => row[n]), 15);
        Assert.All(a.Share, row => Assert.Equal(0, row[2]));
    }

    [Fact]
    public void TheThresholdIsAParameterAndInclusive()
    {
        Assert.Equal(NeuronKind.Monosemantic, NeuronAllocation.FromActivations(Activations, 0.75).Kind[0]);
        Assert.Equal(NeuronKind.Polysemantic, NeuronAllocation.FromActivations(Activations, 0.8).Kind[0]);
        Assert.Equal(NeuronKind.Monosemantic, NeuronAllocation.FromActivations(Activations, 1.0 / 3).Kind[1]);
        Assert.Equal(0.8, NeuronAllocation.FromActivations(Activations, 0.8).MonosemanticShare);
    }

    [Fact]
    public void TinyTotalsAreDead()
    {
        var a = NeuronAllocation.FromActivations(new double[,] { { 1e-13 }, { 0 } });
        Assert.Equal(NeuronKind.Dead, a.Kind[0]);
        Assert.Equal(NeuronKind.Monosemantic, NeuronAllocation.FromActivations(new double[,] { { 1e-11 }, { 0 } }).Kind[0]);
    }

    [Fact]
    public void TheRuleIsStatedWithItsThreshold()
    {
        var rule = NeuronAllocation.FromActivations(Activations, 0.6).Rule;
        Assert.Contains("at least 0.6", rule);
        Assert.Contains("dead", rule);
        Assert.Contains("1E-12", rule);
        Assert.Contains("polysemantic otherwise", rule);
    }

    [Fact]
    public void TensorInputGivesTheSameAllocation()
    {
        var flat = Activations.Cast<double>().ToArray();
        var fromTensor = NeuronAllocation.FromActivations(tensor(flat, [3, 3]).to(float32));
        var fromArray = NeuronAllocation.FromActivations(Activations);
        Assert.Equal(fromArray.Kind, fromTensor.Kind);
        Assert.Equal(fromArray.Share.SelectMany(r => r), fromTensor.Share.SelectMany(r => r));
    }

    [Fact]
    public void BadInputNamesTheArgument()
    {
        Assert.Equal("activations", Assert.Throws<ArgumentException>(() => NeuronAllocation.FromActivations(new double[,] { { -1 } })).ParamName);
        Assert.Equal("activations", Assert.Throws<ArgumentException>(() => NeuronAllocation.FromActivations(new double[0, 3])).ParamName);
        Assert.Equal("activations", Assert.Throws<ArgumentException>(() => NeuronAllocation.FromActivations(ones(2, 2, 2))).ParamName);
        Assert.Equal("monosemanticShare", Assert.Throws<ArgumentOutOfRangeException>(() => NeuronAllocation.FromActivations(Activations, 0)).ParamName);
        Assert.Equal("monosemanticShare", Assert.Throws<ArgumentOutOfRangeException>(() => NeuronAllocation.FromActivations(Activations, 1.5)).ParamName);
    }
}
