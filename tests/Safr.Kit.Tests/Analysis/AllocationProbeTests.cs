using Safr.Kit.Analysis;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Analysis;

/// <summary>Hook-based capture on a tiny float64 model: what it reads, that it leaves the model alone, and that it frees what it made.</summary>
[Collection("KitGlobalState")]
public class AllocationProbeTests
{
    // Two rows, the second with two padding positions.
    private static Tensor Batch() => TinyModel.Ids([[2, 3, 4, 5, 6, 7], [8, 9, 4, 10, 0, 0]]);

    // Collects garbage first, so that later counts (taken without collecting: a finalizer must not hide
    // a tensor that was not disposed) start from tensors that are really alive.
    private static long Baseline()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return TorchAssertions.LiveTensorCount;
    }

    private static void AssertNoGrowth(long baseline)
    {
        var now = TorchAssertions.LiveTensorCount;
        Assert.True(now <= baseline, $"live native tensors grew from {baseline} to {now}");
    }

    [Fact]
    public void HookPointsAreFoundByTheirModuleNames()
    {
        using var model = TinyModel.Evaluating(layers: 2);
        using var probe = new AllocationProbe(model);
        string[] expected =
        [
            HookNames.Embed, HookNames.MaskedEmbed, HookNames.Pooled,
            .. new[] { 0, 1 }.SelectMany(l => new[] { HookNames.AttentionPattern(l), HookNames.PreRelu(l), HookNames.PostRelu(l), HookNames.BlockOut(l) }),
        ];
        Assert.Equal(expected.Order(), probe.HookPointNames.Order());
        Assert.Contains("layers.1.ff.hook_post_relu", probe.HookPointNames);
    }

    [Fact]
    public void CapturesEqualWhatTheModelReturns()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        using var scope = NewDisposeScope();
        var ids = Batch();
        var capture = probe.Capture(ids);
        var output = model.call(ids);
        Assert.Equal(7, capture.Count);
        TinyModel.AssertEqual(output.Embeddings!, capture[HookNames.Embed], "hook_embed");
        TinyModel.AssertEqual(output.MaskedEmbeddings, capture[HookNames.MaskedEmbed], "hook_masked_embed");
        TinyModel.AssertEqual(output.Attention[0], capture[HookNames.AttentionPattern(0)], "hook_pattern");
        TinyModel.AssertEqual(output.BlockOutput!, capture[HookNames.BlockOut(0)], "hook_block_out");
        TinyModel.AssertEqual(output.Pooled!, capture[HookNames.Pooled], "hook_pooled");
        TinyModel.AssertEqual(capture[HookNames.PreRelu(0)].relu(), capture[HookNames.PostRelu(0)], "hook_post_relu");
        Assert.Equal([2L, 6, 16], capture[HookNames.PreRelu(0)].shape);
        Assert.All(capture.Values, t => Assert.False(t.requires_grad));
    }

    [Fact]
    public void CapturingLeavesTheForwardPassUnchanged()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        using var scope = NewDisposeScope();
        var ids = Batch();
        var before = model.call(ids).Logits;
        var capture = probe.Capture(ids, [HookNames.MaskedEmbed]);
        var after = model.call(ids).Logits;
        Assert.Equal([HookNames.MaskedEmbed], capture.Keys);
        Assert.True(before.EqualTo(after));
    }

    [Fact]
    public void CapturesOutliveTheForwardScopesAndAreFreedByTheirOwner()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        using var ids = Batch();
        var baseline = Baseline();
        Tensor kept;
        using (var capture = probe.Capture(ids))  // no scope open: the capture owns its tensors
        {
            kept = capture[HookNames.MaskedEmbed];
            Assert.False(kept.IsInvalid);
            Assert.Equal(2 * 6 * 8, kept.data<double>().ToArray().Length);
            Assert.Equal(baseline + capture.Count, TorchAssertions.LiveTensorCount);
        }
        Assert.True(kept.IsInvalid);
        AssertNoGrowth(baseline);

        using (NewDisposeScope())  // inside a scope they join it, like any result
        {
            kept = probe.Capture(ids)[HookNames.MaskedEmbed];
            Assert.False(kept.IsInvalid);
        }
        Assert.True(kept.IsInvalid);
        AssertNoGrowth(baseline);
    }

    [Fact]
    public void RepeatedProbesDoNotGrowNativeMemory()
    {
        using var model = TinyModel.Evaluating();
        using var ids = Batch();
        using (var warm = new AllocationProbe(model)) warm.Run(TinyModel.Vocabulary, "the movie was not great");
        var baseline = Baseline();
        for (var i = 0; i < 5; i++)
        {
            using var probe = new AllocationProbe(model);
            using (probe.Capture(ids)) { }
            probe.Run(TinyModel.Vocabulary, "the movie was not great");
        }
        AssertNoGrowth(baseline);
    }

    [Fact]
    public void HooksAreRemovedAfterEachPass()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        probe.Run(TinyModel.Vocabulary, "the movie was great");
        Assert.Equal(0, Hooks.ActiveCount);

        // A leftover hook would copy into the report's closed scope (and throw) or leak a tensor.
        using var ids = Batch();
        var baseline = Baseline();
        using (NewDisposeScope()) model.call(ids);
        AssertNoGrowth(baseline);
    }

    [Fact]
    public void HooksAndPartialCapturesAreRemovedWhenTheForwardThrows()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        using var ids = Batch();
        var point = (HookPoint)model.Submodule(HookNames.PostRelu(0));
        var baseline = Baseline();
        using (point.Hook((_, _, _) => throw new InvalidOperationException("boom")))
        {
            Assert.Throws<InvalidOperationException>(() => probe.Capture(ids));  // hook_embed, hook_masked_embed, hook_pattern were captured
        }
        Assert.Equal(0, Hooks.ActiveCount);
        AssertNoGrowth(baseline);
        using var capture = probe.Capture(ids);  // still usable
        Assert.Equal(7, capture.Count);
    }

    [Fact]
    public void RunSpeaksOfTheVocabularysOwnTokensSubwordsIncluded()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        const string text = "the movie was unwatchable";
        var gpt2 = Safr.Kit.Data.Vocabulary.Build([text, text], tokenizer: Safr.Kit.Data.TextTokenizers.Gpt2);
        var report = probe.Run(gpt2, text);
        Assert.Equal(gpt2.Encode(text).Select(id => gpt2[id]), report.Tokens);
        Assert.Equal(["the", "Ġmovie", "Ġwas"], report.Tokens.Take(3));
        Assert.True(report.Tokens.Length > 4, "\"unwatchable\" is more than one GPT-2 token");
        Assert.Equal(text, report.Text);
    }

    [Fact]
    public void RunReportsTheRegularizersQuantitiesForTheText()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        var report = probe.Run(TinyModel.Vocabulary, "the movie was not great fun");

        using var scope = NewDisposeScope();
        var ids = TinyModel.Ids([[2, 3, 4, 5, 6, 11]]);
        var output = model.call(ids);
        Assert.Equal(["the", "movie", "was", "not", "great", "fun"], report.Tokens);
        Assert.Equal([0, 1, 2, 3, 4, 5], report.Positions);
        AssertClose(SafrRegularizer.TokenOverlap(output.MaskedEmbeddings).select(0, 0), report.Overlap);
        AssertClose(SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings).select(0, 0), report.Polysemanticity);
        AssertClose(output.KeepProbability().select(0, 0), report.KeepProbability);

        using var capture = probe.Capture(ids, [HookNames.PostRelu(0)]);
        var expected = NeuronAllocation.FromActivations(capture[HookNames.PostRelu(0)].select(0, 0));
        Assert.Equal(expected.Kind, report.Neurons.Kind);
        Assert.True(report.Neurons.NeuronCount - report.Neurons.DeadCount > 0, "the tiny model has no live neuron");
        for (var n = 0; n < report.Neurons.NeuronCount; n++)
            if (report.Neurons.Kind[n] != NeuronKind.Dead) Assert.Equal(1.0, report.Neurons.Share.Sum(row => row[n]), 12);
        Assert.Equal(report.Neurons.NeuronCount - report.Neurons.DeadCount, report.DominatedNeurons.Sum());

        var pairs = AttentionPairMiner.TopK(output.Attention[0], output.TokenMask, report.Tokens, k: 3);
        Assert.Equal(pairs, report.Pairs);
        Assert.True(report.Pairs.Length >= 3);
    }

    [Fact]
    public void RunLeavesPaddingOutAndIndexesTheRealTokens()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        var report = probe.Run(TinyModel.Vocabulary, "great <PAD> movie unseen", pairsPerToken: 5);  // <PAD> encodes to id 0

        Assert.Equal(["great", "movie", "<UNK>"], report.Tokens);
        Assert.Equal([0, 2, 3], report.Positions);
        Assert.Equal(3, report.Overlap.Length);
        Assert.Equal(3, report.Neurons.Share.Length);
        Assert.Equal(3, report.Pairs.Length);
        Assert.All(report.Pairs, p => Assert.Equal((report.Tokens[p.I], report.Tokens[p.J]), (p.TokenI, p.TokenJ)));

        using var scope = NewDisposeScope();
        var output = model.call(TinyModel.Ids([[6, 0, 3, 1]]));
        var index = tensor(new long[] { 0, 2, 3 });
        var x = output.MaskedEmbeddings.index_select(1, index);
        AssertClose(SafrRegularizer.TokenOverlap(output.MaskedEmbeddings).select(0, 0).index_select(0, index).index_select(1, index), report.Overlap);
        AssertClose(SafrRegularizer.TokenPolysemanticity(x).select(0, 0), report.Polysemanticity);
    }

    [Fact]
    public void ASingleTokenHasNoPairsNoInterferenceAndOnlyMonosemanticOrDeadNeurons()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        var report = probe.Run(TinyModel.Vocabulary, "great");
        Assert.Empty(report.Pairs);
        Assert.Equal([[0.0]], report.Overlap);
        Assert.Equal([0.0], report.Polysemanticity);
        Assert.Equal(0, report.Neurons.PolysemanticCount);
    }

    [Fact]
    public void RunUsesEvaluationModeAndRestoresTheModelsMode()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        var evaluated = probe.Run(TinyModel.Vocabulary, "the movie was bad");
        model.train();
        var whileTraining = probe.Run(TinyModel.Vocabulary, "the movie was bad");
        Assert.True(model.training);
        Assert.Equal(evaluated.KeepProbability, whileTraining.KeepProbability);
        Assert.Equal(evaluated.Overlap.SelectMany(r => r), whileTraining.Overlap.SelectMany(r => r));
    }

    [Fact]
    public void RunCutsTheTextToTheModelsMaximumLengthAndPicksTheLayer()
    {
        using var model = TinyModel.Evaluating(layers: 2);
        using var probe = new AllocationProbe(model);
        var report = probe.Run(TinyModel.Vocabulary, "the movie was not great the movie was not great", layer: 1, head: 1);
        Assert.Equal(8, report.Tokens.Length);
        Assert.Equal((1, 1), (report.Layer, report.Head));

        using var scope = NewDisposeScope();
        var output = model.call(TinyModel.Ids([[2, 3, 4, 5, 6, 2, 3, 4]]));
        Assert.Equal(AttentionPairMiner.TopK(output.Attention[1], output.TokenMask, report.Tokens, k: 3, head: 1), report.Pairs);
    }

    [Fact]
    public void BadArgumentsNameTheArgument()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        using var ids = Batch();
        var v = TinyModel.Vocabulary;
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => probe.Run(v, "   ")).ParamName);
        Assert.Equal("text", Assert.Throws<ArgumentException>(() => probe.Run(v, "<PAD> <PAD>")).ParamName);
        Assert.Equal("layer", Assert.Throws<ArgumentOutOfRangeException>(() => probe.Run(v, "the movie", layer: 1)).ParamName);
        Assert.Equal("head", Assert.Throws<ArgumentOutOfRangeException>(() => probe.Run(v, "the movie", head: 2)).ParamName);
        Assert.Equal("monosemanticShare", Assert.Throws<ArgumentOutOfRangeException>(() => probe.Run(v, "the movie", monosemanticShare: 0)).ParamName);
        Assert.Equal("pairsPerToken", Assert.Throws<ArgumentOutOfRangeException>(() => probe.Run(v, "the movie", pairsPerToken: 0)).ParamName);
        var big = global::Safr.Kit.Data.Vocabulary.FromTokens(Enumerable.Range(0, 30).Select(i => $"w{i}"));
        Assert.Equal("vocabulary", Assert.Throws<ArgumentException>(() => probe.Run(big, "w29")).ParamName);
        var e = Assert.Throws<ArgumentException>(() => probe.Capture(ids, ["hook_nowhere"]));
        Assert.Equal("names", e.ParamName);
        Assert.Contains("hook_masked_embed", e.Message);
        probe.Dispose();
        Assert.Throws<ObjectDisposedException>(() => probe.Capture(ids));
    }

    private static void AssertClose(Tensor expected, double[] actual)
    {
        var values = expected.data<double>().ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (var i = 0; i < values.Length; i++) Assert.Equal(values[i], actual[i], 12);
    }

    private static void AssertClose(Tensor expected, double[][] actual) => AssertClose(expected, actual.SelectMany(r => r).ToArray());
}
