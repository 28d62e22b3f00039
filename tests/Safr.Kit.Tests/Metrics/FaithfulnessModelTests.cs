using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>Faithfulness of a real (tiny) SafrTransformer: VMASK's ranking, batching, padding and the PAD rule.</summary>
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
        foreach (var curve in new[] { report.Vmask, report.Random })
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
        var report = Faithfulness.Evaluate(model, Texts, bins: [0.2, 0.5], seed: 3);
        var rankings = TokenRankings.ByKeepProbability(model, Texts);
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
            Assert.Equal(comprehensiveness / Texts.Length, report.Vmask.Comprehensiveness[b], 12);
            Assert.Equal(sufficiency / Texts.Length, report.Vmask.Sufficiency[b], 12);
        }
    }

    [Fact]
    public void TheVmaskRankingFollowsTheKeepProbability()
    {
        using var model = TinyModel.Create();
        var keep = TokenRankings.KeepProbabilities(model, Texts, batchSize: 2);
        var rankings = TokenRankings.ByKeepProbability(model, Texts, batchSize: 2);
        model.eval();
        for (var i = 0; i < Texts.Length; i++)
        {
            using var ids = tensor(Texts[i].Select(t => (long)t).ToArray(), [1, Texts[i].Length]);
            var direct = model.call(ids).KeepProbability().to(float64).data<double>().ToArray();
            // Batched and single forwards may round differently in float32 (BLAS picks kernels by shape).
            Assert.Equal(direct.Length, keep[i].Length);
            for (var k = 0; k < direct.Length; k++) Assert.True(Math.Abs(direct[k] - keep[i][k]) < 1e-6, $"text {i} token {k}: {direct[k]} vs {keep[i][k]}");
            for (var r = 1; r < rankings[i].Length; r++) Assert.True(direct[rankings[i][r - 1]] >= direct[rankings[i][r]]);
            Assert.Equal(Enumerable.Range(0, Texts[i].Length), rankings[i].Order());
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
        foreach (var (a, b) in new[] { (one.Vmask, many.Vmask), (one.Random, many.Random) })
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
        Assert.NotEqual(own.Vmask.Comprehensiveness[0], fixedLength.Vmask.Comprehensiveness[0], 6);
        // And the padded numbers are those of inputs padded to 8 one at a time.
        var padded = ClassProbabilities.Of(model, padToLength: 8);
        var rankings = TokenRankings.ByKeepProbability(model, Texts);
        var direct = Faithfulness.Score(padded, Texts, rankings, bins: [0.5], batchSize: 1);
        Assert.Equal(direct.Comprehensiveness[0], fixedLength.Vmask.Comprehensiveness[0], 12);
        Assert.Equal(direct.Sufficiency[0], fixedLength.Vmask.Sufficiency[0], 12);
    }

    [Fact]
    public void TheRandomBaselineIsReproducibleUnderASeed()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var a = Faithfulness.Evaluate(model, Texts, seed: 4);
        var b = Faithfulness.Evaluate(model, Texts, seed: 4);
        var c = Faithfulness.Evaluate(model, Texts, seed: 5);
        Assert.Equal(a.Random.Comprehensiveness, b.Random.Comprehensiveness);
        Assert.Equal(a.Random.Sufficiency, b.Random.Sufficiency);
        Assert.Equal(a.Vmask.Comprehensiveness, c.Vmask.Comprehensiveness);
        Assert.NotEqual(a.Random.Comprehensiveness.Concat(a.Random.Sufficiency), c.Random.Comprehensiveness.Concat(c.Random.Sufficiency));
        Assert.Equal(4, a.Seed);
    }

    [Fact]
    public void MaxExamplesCapsTheScoredExamplesAndEmptyTextsAreSkipped()
    {
        using var model = TinyModel.Create();
        IReadOnlyList<int>[] texts = [Texts[0], [], Texts[1], Texts[2]];
        var capped = Faithfulness.Evaluate(model, texts, maxExamples: 2);
        Assert.Equal(2, capped.Vmask.Examples);
        Assert.Equal(2, capped.Random.Examples);
        Assert.Equal(1, capped.EmptySkipped);
        var firstTwo = Faithfulness.Evaluate(model, [Texts[0], Texts[1]]);
        Assert.Equal(firstTwo.Vmask.Comprehensiveness, capped.Vmask.Comprehensiveness);
        Assert.Equal(3, Faithfulness.Evaluate(model, texts).Vmask.Examples);
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

        var own = Faithfulness.Evaluate(model, vocabulary, examples, maxLength, bins: [0.5], padding: PaddingMode.LongestInBatch);
        var ownIds = Faithfulness.Evaluate(model, ids, bins: [0.5]);
        Assert.Equal(ownIds.Vmask.Comprehensiveness, own.Vmask.Comprehensiveness);
        Assert.Equal(ownIds.Random.Sufficiency, own.Random.Sufficiency);

        var fixedLength = Faithfulness.Evaluate(model, vocabulary, examples, maxLength, bins: [0.5]);
        var fixedIds = Faithfulness.Evaluate(model, ids, bins: [0.5], padToLength: maxLength);
        Assert.Equal(fixedIds.Vmask.Comprehensiveness, fixedLength.Vmask.Comprehensiveness);
        Assert.Equal(fixedIds.Vmask.Sufficiency, fixedLength.Vmask.Sufficiency);
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
        Assert.Equal(evalReport.Vmask.Comprehensiveness, again.Vmask.Comprehensiveness);  // scored in eval mode both times
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
    public void TheReportReadsAsTwoTables()
    {
        using var model = TinyModel.Create();
        var text = Faithfulness.Evaluate(model, Texts, seed: 2).ToString();
        Assert.StartsWith("Faithfulness (ERASER AOPC), 5 examples, random seed 2\nVMASK: AOPC comprehensiveness ", text);
        Assert.Contains("\nrandom: AOPC comprehensiveness ", text);
        Assert.Equal(1 + 2 * (1 + 5), text.Split('\n').Length);  // a header, then per ranking a summary and five bins
        _output.WriteLine(text);
    }
}
