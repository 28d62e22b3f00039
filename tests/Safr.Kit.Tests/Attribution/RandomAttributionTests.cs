using Safr.Kit.Attribution;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Attribution;

/// <summary>The random baseline reads no model, so these tests pass none.</summary>
public class RandomAttributionTests
{
    private static readonly int[][] Texts = [[3, 7, 5, 9, 2, 4, 6, 8, 10, 11], [4, 5, 6, 7, 8, 9, 2, 3], [2, 3, 4]];

    /// <summary>The rankings faithfulness used before attributions existed (TokenRankings.Shuffled), verbatim.</summary>
    private static int[][] OldShuffled(int[][] examples, int seed)
    {
        var random = new Random(seed);
        return examples.Select(x =>
        {
            var order = Enumerable.Range(0, x.Length).ToArray();
            StratifiedSplit.Shuffle(order, random);
            return order;
        }).ToArray();
    }

    private static int[][] Ranked(double[][] scores) => scores.Select(TokenRankings.Descending).ToArray();

    [Fact]
    public void TheRankingIsTheOldShuffledOrder()
    {
        var scores = new RandomAttribution(5).Attribute(null!, Texts);
        Assert.Equal(OldShuffled(Texts, 5), Ranked(scores));
        // Pinned, so a change to the shuffle (which would change published random baselines) shows here.
        Assert.Equal([[9, 1, 5, 0, 6, 7, 4, 8, 2, 3], [5, 3, 1, 4, 7, 2, 6, 0], [1, 0, 2]], Ranked(scores));
    }

    [Fact]
    public void ScoresAreLengthMinusRank()
    {
        var scores = new RandomAttribution(5).Attribute(null!, Texts);
        var order = OldShuffled(Texts, 5);
        for (var i = 0; i < Texts.Length; i++)
            for (var rank = 0; rank < Texts[i].Length; rank++)
                Assert.Equal(Texts[i].Length - rank, scores[i][order[i][rank]]);
    }

    [Fact]
    public void TheSeedDecides()
    {
        var a = new RandomAttribution(5).Attribute(null!, Texts);
        Assert.Equal(a, new RandomAttribution(5).Attribute(null!, Texts));
        Assert.NotEqual(a, new RandomAttribution(6).Attribute(null!, Texts));
        Assert.Equal("random", new RandomAttribution(6).Name);
        Assert.Equal(6, new RandomAttribution(6).Seed);
    }
}
