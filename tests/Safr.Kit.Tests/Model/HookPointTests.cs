using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>The model's named hook points: where they are, what they see, and that replacing an activation intervenes.</summary>
[Collection("KitGlobalState")]
public class HookPointTests
{
    [Fact]
    public void NamedModulesHoldExactlyTheDocumentedHookPoints()
    {
        using var model = TinyModel.Create(layers: 2);
        var hooks = model.named_modules().Where(m => m.module is HookPoint).Select(m => m.name).Order().ToArray();
        string[] perLayer = ["attention.hook_pattern", "ff.hook_pre_relu", "ff.hook_post_relu", "hook_block_out"];
        var expected = new[] { "hook_embed", "hook_masked_embed", "hook_pooled" }
            .Concat(from layer in new[] { 0, 1 } from name in perLayer select $"layers.{layer}.{name}")
            .Order().ToArray();
        Assert.Equal(expected, hooks);
        // Hook points hold no state, so the release's state_dict names are unchanged.
        Assert.DoesNotContain(model.state_dict().Keys, k => k.Contains("hook", StringComparison.Ordinal));
    }

    [Fact]
    public void AForwardHookOnHookVmaskSeesTheMaskedEmbeddings()
    {
        using var model = TinyModel.Create();
        model.eval();
        using var batch = TinyModel.Batch(8, TinyModel.Rows);
        float[]? seen = null;
        var hookPoint = (HookPoint)model.Submodule("hook_masked_embed");
        using (hookPoint.Hook((_, _, output) => { seen = output.data<float>().ToArray(); return null; }))
        {
            var output = model.call(batch.InputIds);
            Assert.NotNull(seen);
            Assert.Equal(output.MaskedEmbeddings.data<float>().ToArray(), seen);
            Assert.NotEqual(output.Embeddings!.data<float>().ToArray(), seen);  // after VMASK, not before
        }
    }

    [Fact]
    public void AForwardHookOnHookAttnSeesTheAttentionWeights()
    {
        using var model = TinyModel.Create();
        model.eval();
        using var batch = TinyModel.Batch(8, TinyModel.Rows);
        float[]? seen = null;
        var hookPoint = (HookPoint)model.Submodule("layers.0.attention.hook_pattern");
        using (hookPoint.Hook((_, _, output) => { seen = output.data<float>().ToArray(); return null; }))
            Assert.Equal(model.call(batch.InputIds).Attention[0].data<float>().ToArray(), seen);
    }

    [Fact]
    public void ReplacingTheOutputOfHookPooledChangesTheLogits()
    {
        using var model = TinyModel.Create();
        model.eval();
        using var batch = TinyModel.Batch(8, TinyModel.Rows);
        var original = model.call(batch.InputIds).Logits.data<float>().ToArray();
        var hookPoint = (HookPoint)model.Submodule("hook_pooled");
        using (hookPoint.Hook((_, _, output) => zeros_like(output)))
        {
            var intervened = model.call(batch.InputIds);
            // A zero pooled vector leaves only the head's bias.
            var bias = model.get_parameter("fc.bias")!.data<float>().ToArray();
            var logits = intervened.Logits.data<float>().ToArray();
            for (var row = 0; row < 3; row++)
                for (var c = 0; c < 2; c++) Assert.Equal(bias[c], logits[row * 2 + c]);
            Assert.NotEqual(original, logits);
            Assert.Equal(new float[3 * 8], intervened.Pooled!.data<float>().ToArray());
        }
        // Removing the hook removes the intervention.
        Assert.Equal(original, model.call(batch.InputIds).Logits.data<float>().ToArray());
    }
}
