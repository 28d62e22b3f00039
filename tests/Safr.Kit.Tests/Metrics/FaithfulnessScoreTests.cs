using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Metrics;

/// <summary>The model-free faithfulness core against a classifier whose answer is known: token 7 decides the class.</summary>
public class FaithfulnessScoreTests
{
    private const int Decisive = 7;

    /// <summary>Class 1 with probability 0.99 when token 7 is present, else 0.01.</summary>
    private static double[][] TokenSevenDecides(IReadOnlyList<int[]> inputs) =>
        inputs.Select(x => x.Contains(Decisive) ? new[] { 0.01, 0.99 } : new[] { 0.99, 0.01 }).ToArray();

    private static readonly int[] Text = [3, 7, 5, 9, 2, 4, 6, 8, 10, 11];  // token 7 at position 1

    private static int[] SevenFirst => [1, 0, 2, 3, 4, 5, 6, 7, 8, 9];

    private static int[] SevenLast => [0, 2, 3, 4, 5, 6, 7, 8, 9, 1];

    [Fact]
    public void ARankingThatPutsTheDecisiveTokenFirstIsComprehensiveAndSufficient()
    {
        var curve = Faithfulness.Score(TokenSevenDecides, [Text], [SevenFirst], name: "seven first");
        Assert.Equal(Faithfulness.EraserBins, curve.Bins);
        // Every bin removes 7 (comprehensiveness 0.99 - 0.01) and every bin keeps it (sufficiency 0).
        Assert.All(curve.Comprehensiveness, c => Assert.Equal(0.98, c, 12));
        Assert.All(curve.Sufficiency, s => Assert.Equal(0.0, s, 12));
        Assert.Equal(0.98, curve.AopcComprehensiveness, 12);
        Assert.Equal(0.0, curve.AopcSufficiency, 12);
        Assert.Equal(1, curve.Examples);
    }

    [Fact]
    public void TheReverseRankingIsNeither()
    {
        // ERASER's bins take at most 5 of the 10 tokens, so 7 (ranked last) is never among them.
        var curve = Faithfulness.Score(TokenSevenDecides, [Text], [SevenLast]);
        Assert.All(curve.Comprehensiveness, c => Assert.Equal(0.0, c, 12));
        Assert.All(curve.Sufficiency, s => Assert.Equal(0.98, s, 12));
    }

    [Fact]
    public void ValuesAreMeansOverExamples()
    {
        var curve = Faithfulness.Score(TokenSevenDecides, [Text, Text], [SevenFirst, SevenLast], bins: [0.1]);
        Assert.Equal(0.49, curve.Comprehensiveness[0], 12);
        Assert.Equal(0.49, curve.Sufficiency[0], 12);
        Assert.Equal(2, curve.Examples);
    }

    [Fact]
    public void TheFullBinComparesWithASinglePadAndWithTheTextItself()
    {
        var seen = new List<int[]>();
        double[][] Recording(IReadOnlyList<int[]> inputs)
        {
            seen.AddRange(inputs);
            return TokenSevenDecides(inputs);
        }
        var curve = Faithfulness.Score(Recording, [Text], [SevenLast], bins: [1.0]);
        Assert.Contains(seen, x => x.SequenceEqual([Safr.Kit.Data.Vocabulary.PadId]));
        Assert.Equal(0.98, curve.Comprehensiveness[0], 12);  // p(1 | text) - p(1 | [PAD])
        Assert.Equal(0.0, curve.Sufficiency[0]);             // the "top 100%" is the text itself
    }

    [Fact]
    public void TheClassifierGetsEqualLengthBatchesAndEachDistinctInputOnce()
    {
        var calls = new List<int[][]>();
        double[][] Recording(IReadOnlyList<int[]> inputs)
        {
            calls.Add([.. inputs]);
            return TokenSevenDecides(inputs);
        }
        int[][] texts = [Text, [7, 2, 3], [4, 5, 6, 7, 8, 9, 2], [2, 3]];
        int[][] rankings = [SevenFirst, [2, 0, 1], [6, 5, 4, 3, 2, 1, 0], [1, 0]];
        Faithfulness.Score(Recording, texts, rankings, batchSize: 3);
        Assert.All(calls, call =>
        {
            Assert.InRange(call.Length, 1, 3);
            Assert.All(call, x => Assert.Equal(call[0].Length, x.Length));
        });
        var all = calls.SelectMany(c => c).Select(x => string.Join(',', x)).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Contains("3,7,5,9,2,4,6,8,10,11", all);  // the full text, for y^ and p(y^|x)
    }

    [Fact]
    public void ProbabilitiesAreThoseOfThePredictedClass()
    {
        // Here the text is class 0 (0.9, token 2 present): deleting token 2 drops p(class 0) to 0.3, which is
        // +0.6 of comprehensiveness; scoring class 1 instead would give -0.6.
        static double[][] TokenTwoMeansClassZero(IReadOnlyList<int[]> inputs) =>
            inputs.Select(x => x.Contains(2) ? new[] { 0.9, 0.1 } : new[] { 0.3, 0.7 }).ToArray();
        var curve = Faithfulness.Score(TokenTwoMeansClassZero, [[2, 3, 4, 5]], [[0, 1, 2, 3]], bins: [0.5]);
        Assert.Equal(0.6, curve.Comprehensiveness[0], 12);
        Assert.Equal(0.0, curve.Sufficiency[0], 12);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("bins", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Text], [SevenFirst], bins: [0.0])).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Text], [SevenFirst], bins: [1.5])).ParamName);
        Assert.Equal("bins", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Text], [SevenFirst], bins: [])).ParamName);
        Assert.Equal("rankings", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Text], [])).ParamName);
        Assert.Equal("rankings", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Text], [[0, 1]])).ParamName);
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => Faithfulness.Score(TokenSevenDecides, [Array.Empty<int>()], [Array.Empty<int>()])).ParamName);
        Assert.Throws<InvalidOperationException>(() => Faithfulness.Score(_ => [], [Text], [SevenFirst]));
    }

    [Fact]
    public void TheCurveReadsAsATable()
    {
        var text = Faithfulness.Score(TokenSevenDecides, [Text], [SevenFirst], name: "VMASK").ToString();
        Assert.StartsWith("VMASK: AOPC comprehensiveness 0.9800, AOPC sufficiency 0.0000 (1 examples)", text);
        Assert.Contains("top    50%: comprehensiveness   0.9800  sufficiency   0.0000", text);
    }
}
