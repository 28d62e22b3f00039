using Safr.Kit.Analysis;
using Safr.Kit.Attribution;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;
using static Safr.Kit.Tests.Attribution.AttributionTexts;

namespace Safr.Kit.Tests.Attribution;

[Collection("KitGlobalState")]
public class GradientTimesInputTests
{
    /// <summary>
    /// Central differences, independent of autograd: sum_j (d log p(c) / d e_lj) e_lj is the derivative of
    /// log p(c) in t when e_l (at hook_embed) is scaled by 1 + t, with c the prediction at t = 0.
    /// </summary>
    private static double[] FiniteDifferences(SafrTransformer model, int[] text, int length, double eps = 1e-6)
    {
        model.eval();
        using var _ = no_grad();
        var ids = new long[length];
        for (var k = 0; k < text.Length; k++) ids[k] = text[k];
        using var input = tensor(ids, [1, length]);
        var embed = (HookPoint)model.named_modules().Single(m => m.name == HookNames.Embed).module;
        double LogP(int position, double t, int predicted)
        {
            using var scope = NewDisposeScope();
            var scale = ones(1, length, 1, float64);
            scale[0, position, 0] = tensor(1 + t, float64);
            var hook = embed.register_forward_hook((_, _, e) => e * scale);
            try
            {
                return model.call(input).Logits.log_softmax(-1)[0, predicted].item<double>();
            }
            finally
            {
                hook.remove();
            }
        }
        int c;
        using (var scope = NewDisposeScope()) c = (int)model.call(input).Logits.argmax(-1).item<long>();
        return Enumerable.Range(0, text.Length).Select(l => (LogP(l, eps, c) - LogP(l, -eps, c)) / (2 * eps)).ToArray();
    }

    [Theory]
    [InlineData(Pooling.MaskedMean, null)]
    [InlineData(Pooling.MeanAllPositions, 8)]
    public void ScoresMatchFiniteDifferences(Pooling pooling, int? padToLength)
    {
        using var model = TinyModel.Create(pooling: pooling, layers: 2, dtype: ScalarType.Float64);
        var scores = new GradientTimesInput().Attribute(model, Texts, padToLength);
        for (var i = 0; i < Texts.Length; i++)
        {
            var numeric = FiniteDifferences(model, Texts[i], padToLength ?? Texts[i].Length);
            var error = GradCheck.RelativeError(scores[i], numeric);
            Assert.True(error < 1e-6, $"text {i}: relative error {error:E3}\n autograd {string.Join(", ", scores[i])}\n numeric  {string.Join(", ", numeric)}");
        }
        Assert.Contains(scores, s => s.Any(v => Math.Abs(v) > 1e-3));
    }

    [Fact]
    public void PaddingMattersOnlyToTheReleasesPooling()
    {
        using var fast = TinyModel.Create(pooling: Pooling.MaskedMean, dtype: ScalarType.Float64);
        Close(new GradientTimesInput().Attribute(fast, Texts), new GradientTimesInput(batchSize: 1).Attribute(fast, Texts, padToLength: 8), 1e-12);
        using var paper = TinyModel.Create(pooling: Pooling.MeanAllPositions, dtype: ScalarType.Float64);
        var own = new GradientTimesInput().Attribute(paper, Texts);
        var padded = new GradientTimesInput().Attribute(paper, Texts, padToLength: 8);
        Assert.True(own[1].Zip(padded[1]).Max(p => Math.Abs(p.First - p.Second)) > 1e-6);
    }

    [Fact]
    public void TheParametersGradientsAreLeftAlone()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var gxi = new GradientTimesInput();
        var before = gxi.Attribute(model, Texts);
        Assert.All(model.parameters(), p => Assert.Null(p.grad));

        using (var batch = TinyModel.Batch(8, TinyModel.Rows)) model.call(batch.InputIds).Logits.sum().backward();
        var grads = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.clone());
        Close(before, gxi.Attribute(model, Texts), 0);
        foreach (var (name, p) in model.named_parameters()) Assert.Equal(grads[name].data<double>().ToArray(), p.grad!.data<double>().ToArray());
        Assert.True(is_grad_enabled());
        Assert.True(model.training);
    }

    [Fact]
    public void FrozenParametersStillGiveScores()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var live = new GradientTimesInput().Attribute(model, Texts);
        foreach (var p in model.parameters()) p.requires_grad = false;
        Close(live, new GradientTimesInput().Attribute(model, Texts), 0);
        Assert.Equal("gradient × input", new GradientTimesInput().Name);
    }
}
