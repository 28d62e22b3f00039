using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Interop;

/// <summary>
/// A researcher's own module (<see cref="UserEncoder"/>, returning <see cref="SafrOutput"/>) scored by the Evaluator, the
/// four attributions and ERASER's faithfulness as the kit's model is: each number is computed again here by hand,
/// from single forward passes of the module.
/// </summary>
[Collection("KitGlobalState")]
public sealed class UserModuleEvaluationTests
{
    private static readonly TextExample[] Examples =
    [
        new("the movie was great", 1), new("not a&b film", 0), new("bad movie", 0),
        new("fun fun film , great", 1), new("the <b> was not fun", 0),
    ];

    private const int MaxLength = 8;

    private static int[][] Ids() => [.. Examples.Select(e => TinyModel.Vocabulary.Encode(e.Text, MaxLength))];

    /// <summary>The module's output for one text alone (no padding), in eval mode: the reference every test compares with.</summary>
    private static T Alone<T>(UserEncoder model, IReadOnlyList<int> text, Func<SafrOutput, T> read)
    {
        using var evaluation = new EvaluationScope(model);
        using var scope = NewDisposeScope();
        return read(model.call(tensor(text.Select(id => (long)id).ToArray(), [1, text.Count])));
    }

    private static double[] Probabilities(UserEncoder model, IReadOnlyList<int> text) =>
        Alone(model, text, o => o.Logits.softmax(-1)[0].data<double>().ToArray());

    [Fact]
    public void TheEvaluatorScoresAUserModuleAsItsOutputSays()
    {
        using var model = UserEncoder.Create(seed: 11);
        var evaluation = Evaluator.Evaluate(model, TinyModel.Vocabulary, Examples, RunMode.Fast, MaxLength, faithfulnessExamples: 3,
            attributions: [new VmaskAttribution(), new RandomAttribution(0), new AttentionAttribution(), new GradientTimesInput()]);

        // By hand: one padded batch, as RunMode.Fast pads to the longest text.
        var ids = Ids();
        var length = ids.Max(r => r.Length);
        var padded = tensor(ids.SelectMany(r => r.Select(id => (long)id).Concat(Enumerable.Repeat(0L, length - r.Length))).ToArray(), [ids.Length, length]);
        var (correct, lInter, important, other) = ByHand();
        (int, double, List<double>, List<double>) ByHand()
        {
            using var scope = NewDisposeScope();
            using var eval = new EvaluationScope(model);
            var output = model.call(padded);
            var predicted = output.Logits.argmax(-1).data<long>().ToArray();
            var right = Examples.Select((e, i) => predicted[i] == e.Label ? 1 : 0).Sum();
            var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings).data<double>().ToArray();
            var logits = output.VmaskLogits!.data<double>().ToArray();
            var (hi, lo) = (new List<double>(), new List<double>());
            for (var r = 0; r < ids.Length; r++)
                for (var k = 0; k < ids[r].Length; k++)
                {
                    var at = r * length + k;
                    var keep = 1 / (1 + Math.Exp(logits[2 * at] - logits[2 * at + 1]));
                    (keep > 0.5 ? hi : lo).Add(p[at]);
                }
            return (right, SafrRegularizer.InteractionLoss(output.Attention[0]).item<double>(), hi, lo);
        }

        Assert.Equal((double)correct / Examples.Length, evaluation.Accuracy, 12);
        Assert.Equal(lInter, evaluation.Interaction.Value, 12);
        Assert.Equal(important.Count, evaluation.Polysemanticity.ImportantTokens);
        Assert.Equal(other.Count, evaluation.Polysemanticity.OtherTokens);
        Assert.Equal(important.Concat(other).Average(), evaluation.Polysemanticity.All, 12);
        Assert.Equal(["VMASK", "random", "attention", "gradient × input"], evaluation.Faithfulness!.Curves.Select(c => c.Ranking));
        Assert.All(evaluation.Faithfulness.Curves, c => Assert.Equal(3, c.Examples));
    }

    [Fact]
    public void VmaskAndAttentionAttributionsReadTheOutput()
    {
        using var model = UserEncoder.Create(seed: 12);
        var ids = Ids();
        var vmask = new VmaskAttribution(batchSize: 2).Attribute(model, ids, padToLength: MaxLength);
        var attention = new AttentionAttribution(batchSize: 2).Attribute(model, ids, padToLength: MaxLength);
        for (var i = 0; i < ids.Length; i++)
        {
            var logits = Alone(model, ids[i], o => o.VmaskLogits![0].data<double>().ToArray());
            // The attention each key receives: A[h, q, k] averaged over heads and queries.
            var received = Alone(model, ids[i], o => o.Attention[0][0].mean([0, 1]).data<double>().ToArray());
            for (var k = 0; k < ids[i].Length; k++)
            {
                Assert.Equal(1 / (1 + Math.Exp(logits[2 * k] - logits[2 * k + 1])), vmask[i][k], 12);
                Assert.Equal(received[k], attention[i][k], 12);
            }
        }
        Assert.Contains("1 layer(s)", Assert.Throws<ArgumentException>(() => new AttentionAttribution(layer: 1).Attribute(model, ids)).Message);
    }

    [Fact]
    public void RandomAttributionRanksEveryTokenOnceWithoutReadingTheModel()
    {
        using var model = UserEncoder.Create(seed: 13);
        using var other = UserEncoder.Create(seed: 14);
        var ids = Ids();
        var scores = new RandomAttribution(5).Attribute(model, ids);
        Assert.Equal(scores, new RandomAttribution(5).Attribute(other, ids));
        for (var i = 0; i < ids.Length; i++) Assert.Equal(Enumerable.Range(1, ids[i].Length).Select(v => (double)v), scores[i].Order());
    }

    [Fact]
    public void GradientTimesInputMatchesFiniteDifferencesAtTheUsersHookPoint()
    {
        using var model = UserEncoder.Create(seed: 15);
        model.train();  // attributions evaluate in eval mode and give the mode back
        var ids = Ids();
        var scores = new GradientTimesInput(batchSize: 2).Attribute(model, ids);
        Assert.True(model.training);
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
        for (var i = 0; i < ids.Length; i++)
        {
            var numeric = FiniteDifferences(model, ids[i]);
            var error = GradCheck.RelativeError(scores[i], numeric);
            Assert.True(error < 1e-6, $"text {i}: relative error {error:E3}\n autograd {string.Join(", ", scores[i])}\n numeric  {string.Join(", ", numeric)}");
        }
        Assert.Contains(scores, s => s.Any(v => Math.Abs(v) > 1e-3));
        Assert.Contains("'hook_input'", Assert.Throws<ArgumentException>(() => new GradientTimesInput(embeddingsAt: "hook_input").Attribute(model, ids)).Message);
    }

    /// <summary>
    /// Central differences, without autograd: sum_j (d log p(c) / d e_lj) e_lj is the derivative of log p(c) in t when
    /// e_l (at hook_embed) is scaled by 1 + t, with c the prediction at t = 0.
    /// </summary>
    private static double[] FiniteDifferences(UserEncoder model, int[] text, double eps = 1e-6)
    {
        using var evaluation = new EvaluationScope(model);
        using var input = tensor(text.Select(id => (long)id).ToArray(), [1, text.Length]);
        double LogP(int position, double t, int predicted)
        {
            using var scope = NewDisposeScope();
            var scale = ones(1, text.Length, 1, float64);
            scale[0, position, 0] = tensor(1 + t, float64);
            var logits = Hooks.RunWithHooks(model, () => model.call(input).Logits, [("hook_embed", e => e * scale)]);
            return logits.log_softmax(-1)[0, predicted].item<double>();
        }
        var c = Alone(model, text, o => (int)o.Logits.argmax(-1).item<long>());
        return [.. Enumerable.Range(0, text.Length).Select(l => (LogP(l, eps, c) - LogP(l, -eps, c)) / (2 * eps))];
    }

    [Fact]
    public void FaithfulnessErasesByTheUsersKeepProbabilities()
    {
        using var model = UserEncoder.Create(seed: 16);
        var ids = Ids();
        double[] bins = [0.2, 0.5];
        var report = Faithfulness.Evaluate(model, ids, [new VmaskAttribution()], bins);
        var curve = report["VMASK"];

        // By hand: rank by keep probability, delete (or keep only) the top ceil(f n) tokens, read p(y^) of each text alone.
        var comprehensiveness = new double[bins.Length];
        var sufficiency = new double[bins.Length];
        foreach (var text in ids)
        {
            var keep = Alone(model, text, o => o.VmaskLogits![0].softmax(-1).select(-1, 1).data<double>().ToArray());
            var ranking = Enumerable.Range(0, text.Length).OrderByDescending(k => keep[k]).ToArray();
            var full = Probabilities(model, text);
            var predicted = Array.IndexOf(full, full.Max());
            for (var b = 0; b < bins.Length; b++)
            {
                var top = ranking.Take((int)Math.Ceiling(bins[b] * text.Length)).ToHashSet();
                int[] Or(int[] kept) => kept.Length > 0 ? kept : [Vocabulary.PadId];
                var without = Or([.. text.Where((_, k) => !top.Contains(k))]);
                var only = Or([.. text.Where((_, k) => top.Contains(k))]);
                comprehensiveness[b] += (full[predicted] - Probabilities(model, without)[predicted]) / ids.Length;
                sufficiency[b] += (full[predicted] - Probabilities(model, only)[predicted]) / ids.Length;
            }
        }
        for (var b = 0; b < bins.Length; b++)
        {
            Assert.Equal(comprehensiveness[b], curve.Comprehensiveness[b], 12);
            Assert.Equal(sufficiency[b], curve.Sufficiency[b], 12);
        }
        Assert.Contains(comprehensiveness, v => Math.Abs(v) > 1e-4);
    }
}
