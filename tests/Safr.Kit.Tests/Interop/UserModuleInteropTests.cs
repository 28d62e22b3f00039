using Safr.Kit.Analysis;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Interop;

/// <summary>
/// A researcher's own TorchSharp module (<see cref="UserEncoder"/>) that returns <see cref="SafrOutput"/> is trained with
/// <see cref="SafrObjective"/> and read by pair mining and the allocation probe, with no glue: every value is checked
/// against one computed from its output by hand. <see cref="UserModuleEvaluationTests"/> scores it.
/// </summary>
[Collection("KitGlobalState")]
public sealed class UserModuleInteropTests
{
    // Two texts, the second with two padding positions.
    private static Tensor Ids() => TinyModel.Ids([[2, 5, 3, 8, 6, 4], [9, 11, 7, 10, 0, 0]]);

    private static Tensor Labels() => tensor(new long[] { 0, 1 });

    [Theory]
    [InlineData(RunMode.Fast)]
    [InlineData(RunMode.Paper)]
    public void TheObjectiveIsCrossEntropyPlusTheWeightedTermsOfTheOutput(RunMode mode)
    {
        using var model = UserEncoder.Create(seed: 3);
        model.train();
        using var scope = NewDisposeScope();
        var ids = Ids();
        var output = model.call(ids);
        Assert.Null(output.Keep);  // the optional members a user's module need not give
        Assert.Null(output.Embeddings);
        using var loss = new SafrObjective(LambdaImportance: 0.3, LambdaInteraction: 2.0, mode).Compute(output, Labels());

        var x = output.MaskedEmbeddings;
        var importance = mode == RunMode.Fast ? SafrRegularizer.ImportanceLoss(x, ids.ne(0)) : SafrRegularizer.ImportanceLoss(x);
        var expected = nn.functional.cross_entropy(output.Logits, Labels()).item<double>()
            + 0.3 * importance.item<double>() + 2.0 * SafrRegularizer.InteractionLoss(output.Attention[0]).item<double>();
        Assert.Equal(expected, loss.Total.item<double>(), 12);
        Assert.Equal(importance.item<double>(), loss.Importance.item<double>(), 12);
    }

    [Fact]
    public void TrainingWithTheObjectiveReachesEveryParameterAndLowersTheLoss()
    {
        using var model = UserEncoder.Create(seed: 4);
        var objective = new SafrObjective(LambdaImportance: 0.5, LambdaInteraction: 1.0, RunMode.Fast);
        using var ids = Ids();
        using var labels = Labels();
        double EvalLoss()
        {
            using var evaluation = new EvaluationScope(model);
            using var scope = NewDisposeScope();
            return objective.Compute(model.call(ids), labels).Total.item<double>();
        }

        var before = EvalLoss();
        using var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        model.train();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            objective.Compute(model.call(ids), labels).Total.backward();
            if (step == 0)
                foreach (var (name, parameter) in model.named_parameters())
                    Assert.True(parameter.grad is { } g && g.abs().sum().item<double>() > 0, $"{name} got no gradient");
            optimizer.step();
        }
        var after = EvalLoss();
        Assert.True(after < 0.8 * before, $"the loss went from {before} to {after}");
        Assert.True(model.training);  // EvaluationScope gave the mode back
    }

    [Fact]
    public void PairMiningReadsTheOutputsAttention()
    {
        using var model = UserEncoder.Create(seed: 5);
        using var evaluation = new EvaluationScope(model);
        using var scope = NewDisposeScope();
        var output = model.call(Ids());
        string[] tokens = ["a", "b", "c", "d", "<pad>", "<pad>"];
        var pairs = AttentionPairMiner.TopK(output.Attention[0], output.TokenMask, tokens, k: 2, example: 1);
        Assert.NotEmpty(pairs);
        // By hand: I = A A^T per head, averaged over heads, diagonal left out.
        var a = output.Attention[0][1];  // H x L x L
        var coAttention = a.matmul(a.transpose(-1, -2)).mean([0]);
        foreach (var pair in pairs)
        {
            Assert.True(pair.I < pair.J && pair.J < 4, $"pair ({pair.I}, {pair.J}) is not two real tokens");
            Assert.Equal(tokens[pair.J], pair.TokenJ);
            Assert.Equal(coAttention[pair.I, pair.J].item<double>(), pair.Weight, 12);
        }
        // Each real token's strongest partner is among the pairs.
        for (var i = 0; i < 4; i++)
        {
            var best = Enumerable.Range(0, 4).Where(j => j != i).MaxBy(j => coAttention[i, j].item<double>());
            Assert.Contains(pairs, p => (p.I, p.J) == (Math.Min(i, best), Math.Max(i, best)));
        }
    }

    [Fact]
    public void TheAllocationProbeRunsAUserModuleOnAText()
    {
        using var model = UserEncoder.Create(seed: 6);
        model.train();
        using var probe = new AllocationProbe(model);
        Assert.Equal(["hook_embed", "hook_neurons"], probe.HookPointNames);
        var report = probe.Run(TinyModel.Vocabulary, "the movie was not great", neuronsAt: "hook_neurons", pairsPerToken: 2);
        Assert.True(model.training);  // evaluated in eval mode, its mode given back
        Assert.Equal(0, Hooks.ActiveCount);

        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = model.call(TinyModel.Ids([[2, 3, 4, 5, 6]]));
        Assert.Equal(["the", "movie", "was", "not", "great"], report.Tokens);
        Assert.Equal(12, report.Neurons.NeuronCount);
        var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings)[0].data<double>().ToArray();
        var logits = output.VmaskLogits![0].data<double>().ToArray();  // L x 2, {drop, keep}
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(p[i], report.Polysemanticity[i], 12);
            Assert.Equal(1 / (1 + Math.Exp(logits[2 * i] - logits[2 * i + 1])), report.KeepProbability[i], 12);
        }
        var coAttention = AttentionPairMiner.Correlation(output.Attention[0]);
        Assert.All(report.Pairs, pair => Assert.Equal(coAttention[pair.I, pair.J], pair.Weight, 12));
    }

    [Fact]
    public void TheProbeCapturesAUserModulesHookPointsFromTokenIds()
    {
        using var model = UserEncoder.Create(seed: 7);
        using var evaluation = new EvaluationScope(model);
        using var probe = new AllocationProbe(model);
        using var scope = NewDisposeScope();
        var ids = Ids();
        using var capture = probe.Capture(ids);  // a Module<Tensor, SafrOutput> is called with the ids as they are
        var output = model.call(ids);
        Assert.Equal(["hook_embed", "hook_neurons"], capture.Keys.Order());
        Assert.Equal([2L, 6, 12], capture["hook_neurons"].shape);
        // In eval mode VMASK multiplies each embedding by its keep probability: X = e * p_keep.
        var expected = capture["hook_embed"] * output.KeepProbability().unsqueeze(-1);
        Assert.True(expected.allclose(output.MaskedEmbeddings, rtol: 0, atol: 1e-12));
        Assert.Equal(0, Hooks.ActiveCount);
    }
}
