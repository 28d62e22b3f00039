using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>Polysemanticity of VMASK-important vs other tokens, against averages computed by hand.</summary>
[Collection("KitGlobalState")]
public class PolysemanticityByImportanceTests
{
    /// <summary>P_l and keep probability of every position of one eval-mode forward, and which positions are real.</summary>
    private static (double[] P, double[] Keep, bool[] Real) ByHand(SafrTransformer model, int length)
    {
        var wasTraining = model.training;
        model.eval();
        using var batch = TinyModel.Batch(length, TinyModel.Rows);
        using var _ = no_grad();
        var output = model.call(batch.InputIds);
        var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings).to(float64).data<double>().ToArray();
        var keep = output.KeepProbability().to(float64).data<double>().ToArray();
        model.train(wasTraining);
        return (p, keep, batch.Mask.data<bool>().ToArray());
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [Fact]
    public void SplitsRealTokensByKeepProbabilityAsComputedByHand()
    {
        using var model = TinyModel.Create();
        var (p, keep, real) = ByHand(model, 8);
        // A threshold between the keep probabilities, so both groups have tokens.
        var threshold = Median(keep.Where((_, i) => real[i]));
        double importantSum = 0, otherSum = 0;
        int important = 0, other = 0;
        for (var i = 0; i < p.Length; i++)
        {
            if (!real[i]) continue;
            if (keep[i] > threshold) { importantSum += p[i]; important++; }
            else { otherSum += p[i]; other++; }
        }
        Assert.True(important > 0 && other > 0);

        var result = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)], threshold);
        Assert.Equal(important, result.ImportantTokens);
        Assert.Equal(other, result.OtherTokens);
        Assert.Equal(importantSum / important, result.Important, 12);
        Assert.Equal(otherSum / other, result.Other, 12);
        Assert.Equal((importantSum + otherSum) / (important + other), result.All, 12);
        Assert.Equal(threshold, result.Threshold);
    }

    [Fact]
    public void PaddingPositionsAreLeftOut()
    {
        using var model = TinyModel.Create();
        var (p, _, real) = ByHand(model, 8);
        var result = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)]);
        var realCount = TinyModel.Rows.Sum(r => r.Length);
        Assert.Equal(16, realCount);
        Assert.Equal(realCount, result.Tokens);
        Assert.Equal(p.Where((_, i) => real[i]).Average(), result.All, 12);
        Assert.NotEqual(p.Average(), result.All, 6);  // the release's L_imp, padding included, is another number
    }

    [Fact]
    public void PaddingStillEntersEachTokensInterferenceAsReleased()
    {
        // P_l is computed on the padded sequence (padding rows are nonzero), so the same texts padded
        // further score differently though the same 16 tokens are averaged.
        using var model = TinyModel.Create();
        var rows = TinyModel.Rows[..2];
        var narrow = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(5, rows)]);
        var wide = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, rows)]);
        Assert.Equal(narrow.Tokens, wide.Tokens);
        Assert.NotEqual(narrow.All, wide.All, 6);
    }

    [Fact]
    public void TheThresholdMovesTokensBetweenGroups()
    {
        using var model = TinyModel.Create();
        var (_, keep, real) = ByHand(model, 8);
        var realKeep = keep.Where((_, i) => real[i]).ToArray();

        var everything = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)], threshold: 0);
        Assert.Equal(16, everything.ImportantTokens);
        Assert.Equal(0, everything.OtherTokens);
        Assert.True(double.IsNaN(everything.Other));
        Assert.Equal(everything.All, everything.Important, 12);

        var nothing = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)], threshold: 1);
        Assert.Equal(0, nothing.ImportantTokens);
        Assert.Equal(16, nothing.OtherTokens);
        Assert.True(double.IsNaN(nothing.Important));
        Assert.Equal(everything.All, nothing.All, 12);

        var sorted = realKeep.Order().ToArray();
        var previous = long.MaxValue;
        for (var k = 1; k < sorted.Length; k++)
        {
            var threshold = (sorted[k - 1] + sorted[k]) / 2;
            var result = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)], threshold);
            Assert.Equal(realKeep.Count(x => x > threshold), result.ImportantTokens);
            Assert.True(result.ImportantTokens <= previous);
            previous = result.ImportantTokens;
        }
    }

    [Fact]
    public void EvaluatesInEvalModeAndRestoresTheMode()
    {
        using var model = TinyModel.Create();
        var (p, _, real) = ByHand(model, 8);
        model.train();
        var result = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)]);
        Assert.True(model.training);
        // Training mode would sample hard masks and drop out; eval mode gives the by-hand eval numbers.
        Assert.Equal(p.Where((_, i) => real[i]).Average(), result.All, 12);
        model.eval();
        PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, TinyModel.Rows)]);
        Assert.False(model.training);
    }

    [Fact]
    public void BatchesArePooledOverTokens()
    {
        using var model = TinyModel.Create();
        var rows = TinyModel.Rows;
        var both = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, rows[..1]), TinyModel.Batch(8, rows[1..])]);
        var first = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, rows[..1])]);
        var rest = PolysemanticityByImportance.Evaluate(model, [TinyModel.Batch(8, rows[1..])]);
        Assert.Equal(first.Tokens + rest.Tokens, both.Tokens);
        Assert.Equal((first.All * first.Tokens + rest.All * rest.Tokens) / both.Tokens, both.All, 12);
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        using var model = TinyModel.Create();
        Assert.Equal("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => PolysemanticityByImportance.Evaluate(model, [], 1.5)).ParamName);
        Assert.Contains("no real (non-padding) tokens", Assert.Throws<InputException>(() => PolysemanticityByImportance.Evaluate(model, [])).Message);
    }

    [Fact]
    public void ReadsAsASentence()
    {
        var text = new PolysemanticityByImportance(0.25, 0.5, 0.375, 10, 10, 0.5).ToString();
        Assert.Equal("Polysemanticity P_l: important 0.2500 (10 tokens with keep > 0.5), other 0.5000 (10), all 0.3750 (20)", text);
    }
}
