using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>Faithfulness of a real (tiny) SafrTransformer: the attributions' rankings, batching, padding and the PAD rule.</summary>
[Collection("KitGlobalState")]
public class FaithfulnessModelTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public FaithfulnessModelTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private static readonly int[][] Texts = [[3, 4, 5, 6, 7], [8, 9, 2], [10, 11, 12, 13, 14, 15, 16, 17], [5, 5, 6], [18, 19, 3, 4]];

    /// <summary>p(c | x) from one forward of x alone (no batching, no padding).</summary>
    private static double[] Alone(SafrTransformer model, int[] input) => ClassProbabilities.Compute(model, [input])[0];

    private static int ArgMax(double[] p) => Array.IndexOf(p, p.Max());

    [Fact]
    public void AtTheFullBinComprehensivenessIsTheDropToASinglePadAndSufficiencyIsZero()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var report = Faithfulness.Evaluate(model, Texts, bins: [0.5, 1.0]);
        var pad = Alone(model, [Vocabulary.PadId]);
        var expected = Texts.Average(x =>
        {
            var p = Alone(model, x);
            var y = ArgMax(p);
            return p[y] - pad[y];
        });
        foreach (var curve in report.Curves)
        {
            Assert.Equal(expected, curve.Comprehensiveness[1], 12);
            Assert.Equal(0.0, curve.Sufficiency[1]);
            Assert.Equal(Texts.Length, curve.Examples);
        }
        Assert.NotEqual(0.0, expected, 6);
    }

    [Fact]
    public void EachBinMatchesOneForwardPerPerturbation()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var report = Faithfulness.Evaluate(model, Texts, bins: [0.2, 0.5]);
        var rankings = VmaskRankings(model, Texts);
        double[] bins = [0.2, 0.5];
        for (var b = 0; b < bins.Length; b++)
        {
            double comprehensiveness = 0, sufficiency = 0;
            for (var i = 0; i < Texts.Length; i++)
            {
                var p = Alone(model, Texts[i]);
                var y = ArgMax(p);
                var k = TokenErasure.TopCount(Texts[i].Length, bins[b]);
                comprehensiveness += p[y] - Alone(model, TokenErasure.WithoutTop(Texts[i], rankings[i], k))[y];
                sufficiency += p[y] - Alone(model, TokenErasure.OnlyTop(Texts[i], rankings[i], k))[y];
            }
            Assert.Equal(comprehensiveness / Texts.Length, report["VMASK"].Comprehensiveness[b], 12);
            Assert.Equal(sufficiency / Texts.Length, report["VMASK"].Sufficiency[b], 12);
        }
    }

    [Fact]
    public void ScoresDoNotDependOnTheBatchSize()
    {
        // The release's mean pooling averages padding too, so this holds only because inputs are batched with
        // others of the same length.
        using var model = TinyModel.Create(pooling: Pooling.MeanAllPositions, dtype: ScalarType.Float64);
        var one = Faithfulness.Evaluate(model, Texts, batchSize: 1);
        var many = Faithfulness.Evaluate(model, Texts, batchSize: 64);
        foreach (var (a, b) in one.Curves.Zip(many.Curves))
        {
            Assert.True(GradCheck.RelativeError([.. a.Comprehensiveness], [.. b.Comprehensiveness]) < 1e-12);
            Assert.True(GradCheck.RelativeError([.. a.Sufficiency], [.. b.Sufficiency]) < 1e-12);
        }
    }

    [Fact]
    public void PaddingToAFixedLengthIsHonoured()
    {
        using var model = TinyModel.Create(pooling: Pooling.MeanAllPositions, dtype: ScalarType.Float64);
        var own = Faithfulness.Evaluate(model, Texts, bins: [0.5]);
        var fixedLength = Faithfulness.Evaluate(model, Texts, bins: [0.5], padToLength: 8);
        Assert.NotEqual(own["VMASK"].Comprehensiveness[0], fixedLength["VMASK"].Comprehensiveness[0], 6);
        // And the padded numbers are those of inputs padded to 8 one at a time.
        var padded = ClassProbabilities.Of(model, padToLength: 8);
        var direct = Faithfulness.Score(padded, Texts, VmaskRankings(model, Texts), bins: [0.5], batchSize: 1);
        Assert.Equal(direct.Comprehensiveness[0], fixedLength["VMASK"].Comprehensiveness[0], 12);
        Assert.Equal(direct.Sufficiency[0], fixedLength["VMASK"].Sufficiency[0], 12);
    }

    [Fact]
    public void TheRandomBaselineIsReproducibleUnderASeed()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        FaithfulnessReport Seeded(int seed) => Faithfulness.Evaluate(model, Texts, [new VmaskAttribution(), new RandomAttribution(seed)]);
        var (a, b, c) = (Seeded(4), Seeded(4), Seeded(5));
        Assert.Equal(a["random"].Comprehensiveness, b["random"].Comprehensiveness);
        Assert.Equal(a["random"].Sufficiency, b["random"].Sufficiency);
        Assert.Equal(a["VMASK"].Comprehensiveness, c["VMASK"].Comprehensiveness);
        Assert.NotEqual(a["random"].Comprehensiveness.Concat(a["random"].Sufficiency), c["random"].Comprehensiveness.Concat(c["random"].Sufficiency));
        // The default random ranking is seed 0's.
        Assert.Equal(Seeded(0)["random"].Comprehensiveness, Faithfulness.Evaluate(model, Texts)["random"].Comprehensiveness);
    }

    [Fact]
    public void MaxExamplesCapsTheScoredExamplesAndEmptyTextsAreSkipped()
    {
        using var model = TinyModel.Create();
        IReadOnlyList<int>[] texts = [Texts[0], [], Texts[1], Texts[2]];
        var capped = Faithfulness.Evaluate(model, texts, maxExamples: 2);
        Assert.All(capped.Curves, c => Assert.Equal(2, c.Examples));
        Assert.Equal(1, capped.EmptySkipped);
        var firstTwo = Faithfulness.Evaluate(model, [Texts[0], Texts[1]]);
        Assert.Equal(firstTwo["VMASK"].Comprehensiveness, capped["VMASK"].Comprehensiveness);
        Assert.Equal(3, Faithfulness.Evaluate(model, texts)["VMASK"].Examples);
    }

    [Fact]
    public void TextsAreEncodedAndCutAsTheBatchIteratorDoes()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var vocabulary = Vocabulary.FromTokens(Enumerable.Range(2, 18).Select(i => $"w{i}"));
        Assert.Equal(20, vocabulary.Count);
        TextExample[] examples = [new("w3 w4 w5 w6 w7 w8 w9", 1), new("w8 w9 unknown", 0), new("w10 w11 w12", 1)];
        const int maxLength = 6;
        var ids = examples.Select(e => (IReadOnlyList<int>)vocabulary.Encode(e.Text, maxLength)).ToArray();
        Assert.Equal(6, ids[0].Count);

        var own = Faithfulness.Evaluate(model, vocabulary, examples, maxLength, RunMode.Fast, bins: [0.5]);
        var ownIds = Faithfulness.Evaluate(model, ids, bins: [0.5]);
        Assert.Equal(ownIds["VMASK"].Comprehensiveness, own["VMASK"].Comprehensiveness);
        Assert.Equal(ownIds["random"].Sufficiency, own["random"].Sufficiency);

        var fixedLength = Faithfulness.Evaluate(model, vocabulary, examples, maxLength, RunMode.Paper, bins: [0.5]);
        var fixedIds = Faithfulness.Evaluate(model, ids, bins: [0.5], padToLength: maxLength);
        Assert.Equal(fixedIds["VMASK"].Comprehensiveness, fixedLength["VMASK"].Comprehensiveness);
        Assert.Equal(fixedIds["VMASK"].Sufficiency, fixedLength["VMASK"].Sufficiency);
        Assert.NotEqual(own["VMASK"].Comprehensiveness[0], fixedLength["VMASK"].Comprehensiveness[0], 6);
    }

    [Fact]
    public void RestoresTheTrainingMode()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var evalReport = Faithfulness.Evaluate(model, Texts, bins: [0.5]);  // the model is in training mode here
        Assert.True(model.training);
        model.eval();
        var again = Faithfulness.Evaluate(model, Texts, bins: [0.5]);
        Assert.False(model.training);
        Assert.Equal(evalReport["VMASK"].Comprehensiveness, again["VMASK"].Comprehensiveness);  // scored in eval mode both times
    }

    [Fact]
    public void TooLongTextsAndBadPaddingAreRejected()
    {
        using var model = TinyModel.Create();
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => Faithfulness.Evaluate(model, [Enumerable.Range(2, 9).ToArray()])).ParamName);
        Assert.Equal("padToLength", Assert.Throws<ArgumentOutOfRangeException>(() => Faithfulness.Evaluate(model, Texts, padToLength: 9)).ParamName);
        Assert.Contains("no non-empty examples", Assert.Throws<InputException>(() => Faithfulness.Evaluate(model, [Array.Empty<int>()])).Message);
    }

    [Fact]
    public void TheReportReadsAsOneTablePerRanking()
    {
        using var model = TinyModel.Create();
        var text = Faithfulness.Evaluate(model, Texts, AllFour).ToString();
        Assert.StartsWith("Faithfulness (ERASER AOPC), 5 examples\nVMASK: AOPC comprehensiveness ", text);
        foreach (var name in new[] { "random", "attention", "gradient × input" }) Assert.Contains($"\n{name}: AOPC comprehensiveness ", text);
        Assert.Equal(1 + 4 * (1 + 5), text.Split('\n').Length);  // a header, then per ranking a summary and five bins
        _output.WriteLine(text);
    }

    private static ITokenAttribution[] AllFour => [new VmaskAttribution(), new RandomAttribution(2), new AttentionAttribution(), new GradientTimesInput()];

    private static int[][] VmaskRankings(SafrTransformer model, IReadOnlyList<IReadOnlyList<int>> texts) =>
        new VmaskAttribution().Attribute(model, texts).Select(TokenRankings.Descending).ToArray();

    [Theory]
    [InlineData(Pooling.MaskedMean, null)]
    [InlineData(Pooling.MeanAllPositions, 8)]
    public void EachAttributionGetsTheCurveOfItsOwnRanking(Pooling pooling, int? padToLength)
    {
        using var model = TinyModel.Create(pooling: pooling, dtype: ScalarType.Float64);
        double[] bins = [0.2, 0.5];
        var report = Faithfulness.Evaluate(model, Texts, AllFour, bins, padToLength: padToLength);
        Assert.Equal(["VMASK", "random", "attention", "gradient × input"], report.Curves.Select(c => c.Ranking));
        var classify = ClassProbabilities.Of(model, padToLength);
        var rankings = new List<int[][]>();
        foreach (var (attribution, curve) in AllFour.Zip(report.Curves))
        {
            var ranking = attribution.Attribute(model, Texts, padToLength).Select(TokenRankings.Descending).ToArray();
            rankings.Add(ranking);
            var expected = Faithfulness.Score(classify, Texts, ranking, bins, batchSize: 1, name: attribution.Name);
            Assert.Equal(expected.Comprehensiveness, curve.Comprehensiveness, (x, y) => Math.Abs(x - y) < 1e-12);
            Assert.Equal(expected.Sufficiency, curve.Sufficiency, (x, y) => Math.Abs(x - y) < 1e-12);
            Assert.Equal(Texts.Length, curve.Examples);
            Assert.Same(curve, report[attribution.Name]);
        }
        // The four rankings are not all the same, so each curve is checked against its own.
        Assert.True(rankings.Select(r => string.Join(";", r.Select(x => string.Join(",", x)))).Distinct().Count() > 2);
    }

    [Fact]
    public void AttributionsMustHaveOwnNamesAndGiveOneScorePerToken()
    {
        using var model = TinyModel.Create();
        Assert.Contains("'random'", Assert.Throws<ArgumentException>(() => Faithfulness.Evaluate(model, Texts, [new RandomAttribution(1), new RandomAttribution(2)])).Message);
        Assert.Equal("attributions", Assert.Throws<ArgumentException>(() => Faithfulness.Evaluate(model, Texts, [])).ParamName);
        Assert.Contains("'short'", Assert.Throws<InvalidOperationException>(() => Faithfulness.Evaluate(model, Texts, [new Fixed("short", x => [.. x.Skip(1).Select(_ => 1.0)])])).Message);
        Assert.Contains("NaN", Assert.Throws<InvalidOperationException>(() => Faithfulness.Evaluate(model, Texts, [new Fixed("nan", x => [.. x.Select(_ => double.NaN)])])).Message);
    }

    /// <summary>An attribution computed from the token ids alone.</summary>
    private sealed class Fixed(string name, Func<IReadOnlyList<int>, double[]> scores) : ITokenAttribution
    {
        public string Name => name;

        public double[][] Attribute(nn.Module<Tensor, SafrOutput> model, IReadOnlyList<IReadOnlyList<int>> examples, int? padToLength = null) => [.. examples.Select(scores)];
    }
}
