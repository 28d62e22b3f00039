using Safr.Kit.Analysis;
using Safr.Kit.Regularization;

namespace Safr.Kit.Tests.Analysis;

/// <summary>Correlated pairs from a hand-built attention tensor whose co-attention is known.</summary>
public class AttentionPairMinerTests
{
    private static readonly string[] Tokens = ["a", "b", "c", "<PAD>"];

    // One head, L = 4, the last position padding. Co-attention of the real tokens:
    // I01 = 1 * 0.6 = 0.6, I12 = 0.4 * 0.5 = 0.2, I02 = 0.
    // The padding row attends like token 0 (I03 = 1, the largest): it must never appear.
    private static readonly double[] Head0 =
    [
        1.0, 0.0, 0.0, 0.0,
        0.6, 0.4, 0.0, 0.0,
        0.0, 0.5, 0.5, 0.0,
        1.0, 0.0, 0.0, 0.0,
    ];

    // A second head: I02 = 1, the rest 0 among real tokens.
    private static readonly double[] Head1 =
    [
        0.0, 0.0, 1.0, 0.0,
        0.0, 1.0, 0.0, 0.0,
        0.0, 0.0, 1.0, 0.0,
        1.0, 0.0, 0.0, 0.0,
    ];

    private static Tensor OneHead() => tensor(Head0, [1, 1, 4, 4]);

    private static Tensor TwoHeads() => tensor([.. Head0, .. Head1], [1, 2, 4, 4]);

    private static Tensor Mask() => tensor(new[] { true, true, true, false }, [1, 4]);

    private static (int, int, double)[] Triples(IEnumerable<TokenPair> pairs) => [.. pairs.Select(p => (p.I, p.J, Math.Round(p.Weight, 12)))];

    [Fact]
    public void TopOnePartnerPerTokenGivesEachTokensBestPairOnceSortedByWeight()
    {
        var pairs = AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, k: 1);
        // a -> b, b -> a (the same pair, once), c -> b.
        Assert.Equal([(0, 1, 0.6), (1, 2, 0.2)], Triples(pairs));
        Assert.Equal(("a", "b"), (pairs[0].TokenI, pairs[0].TokenJ));
        Assert.Equal(("b", "c"), (pairs[1].TokenI, pairs[1].TokenJ));
    }

    [Fact]
    public void KLargerThanTheTokensGivesEveryRealPairAndNoPadding()
    {
        var pairs = AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, k: 10);
        Assert.Equal([(0, 1, 0.6), (1, 2, 0.2), (0, 2, 0.0)], Triples(pairs));
        Assert.DoesNotContain(pairs, p => p.J == 3 || p.I == 3);
    }

    [Fact]
    public void ThresholdKeepsPairsStrictlyAboveIt()
    {
        Assert.Equal([(0, 1, 0.6), (1, 2, 0.2)], Triples(AttentionPairMiner.AboveThreshold(OneHead(), Mask(), Tokens, 0.1)));
        Assert.Equal([(0, 1, 0.6)], Triples(AttentionPairMiner.AboveThreshold(OneHead(), Mask(), Tokens, 0.2)));
        Assert.Empty(AttentionPairMiner.AboveThreshold(OneHead(), Mask(), Tokens, 0.6));
    }

    [Fact]
    public void HeadsAreAveragedByDefaultOrOneIsChosen()
    {
        // Mean over the two heads: I01 = 0.3, I02 = 0.5, I12 = 0.1.
        Assert.Equal([(0, 2, 0.5), (0, 1, 0.3), (1, 2, 0.1)], Triples(AttentionPairMiner.TopK(TwoHeads(), Mask(), Tokens, k: 3)));
        Assert.Equal([(0, 2, 1.0)], Triples(AttentionPairMiner.AboveThreshold(TwoHeads(), Mask(), Tokens, 0, head: 1)));
        Assert.Equal([(0, 1, 0.6), (1, 2, 0.2), (0, 2, 0.0)], Triples(AttentionPairMiner.TopK(TwoHeads(), Mask(), Tokens, k: 3, head: 0)));
    }

    [Fact]
    public void TheExampleSelectsABatchRow()
    {
        var attention = tensor([.. Head1, .. Head0], [2, 1, 4, 4]);
        var mask = tensor(new[] { true, true, true, true, true, true, true, false }, [2, 4]);
        Assert.Equal([(0, 1, 0.6), (1, 2, 0.2)], Triples(AttentionPairMiner.TopK(attention, mask, Tokens, k: 1, example: 1)));
    }

    [Fact]
    public void SoftWeightsAreTheRegularizersCoAttention()
    {
        var attention = Rng.Randn(2, 3, 5, 5).softmax(-1);
        Assert.True(SafrRegularizer.CoAttention(attention).EqualTo(SafrRegularizer.CoAttention(attention)));
        var averaged = AttentionPairMiner.HeadAveragedCoAttention(attention);
        Assert.Equal([2L, 5, 5], averaged.shape);
        Assert.True(averaged.allclose(SafrRegularizer.CoAttention(attention).mean([1]), rtol: 0, atol: 1e-15));
        var correlation = AttentionPairMiner.Correlation(attention, example: 1, head: 2);
        var expected = SafrRegularizer.CoAttention(attention).select(0, 1).select(0, 2).data<double>().ToArray();
        Assert.Equal(expected.Length, correlation.Length);
        Assert.All(expected.Zip(correlation.Cast<double>()), e => Assert.Equal(e.First, e.Second, 15));
    }

    [Fact]
    public void PairsReadAsTokensWithTheirWeight()
    {
        var pair = AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, k: 1)[0];
        Assert.Equal("\"a\"@0 ~ \"b\"@1: 0.6", pair.ToString());
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        Assert.Equal("tokens", Assert.Throws<ArgumentException>(() => AttentionPairMiner.TopK(OneHead(), Mask(), ["a", "b"])).ParamName);
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, k: 0)).ParamName);
        Assert.Equal("head", Assert.Throws<ArgumentOutOfRangeException>(() => AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, head: 1)).ParamName);
        Assert.Equal("example", Assert.Throws<ArgumentOutOfRangeException>(() => AttentionPairMiner.TopK(OneHead(), Mask(), Tokens, example: 1)).ParamName);
        Assert.Equal("tokenMask", Assert.Throws<ArgumentException>(() => AttentionPairMiner.TopK(OneHead(), ones(1, 3), Tokens)).ParamName);
        Assert.Equal("attention", Assert.Throws<ArgumentException>(() => AttentionPairMiner.TopK(ones(4, 4), Mask(), Tokens)).ParamName);
    }
}
