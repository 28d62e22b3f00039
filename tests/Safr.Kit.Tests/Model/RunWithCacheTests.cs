using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>run_with_cache and run_with_hooks on the model, TransformerLens-style.</summary>
[Collection("KitGlobalState")]
public class RunWithCacheTests
{
    [Fact]
    public void TheCacheHoldsWhatTheForwardComputedByFullNameAndByNameAndLayer()
    {
        using var model = TinyModel.Create(layers: 2, dtype: ScalarType.Float64);
        model.eval();
        using var batch = TinyModel.Batch(5, [[3, 4, 5], [6, 7, 8, 9]]);
        var (output, cache) = model.RunWithCache(batch.InputIds);
        Assert.True(output.MaskedEmbeddings.eq(cache[HookNames.MaskedEmbed]).all().item<bool>());
        Assert.True(output.Attention[1].eq(cache["pattern", 1]).all().item<bool>());
        Assert.True(output.Attention[0].eq(cache[HookNames.AttentionPattern(0)]).all().item<bool>());
        Assert.True(output.BlockOutput!.eq(cache["block_out", 1]).all().item<bool>());
        Assert.False(cache["pattern", 0].requires_grad);
        Assert.Contains("hook_pattern of layer 2", Assert.Throws<KeyNotFoundException>(() => cache["pattern", 2]).Message);
        Assert.Equal(0, Hooks.ActiveCount);
    }

    [Fact]
    public void ANameFilterCachesOnlyTheMatchingPoints()
    {
        using var model = TinyModel.Create(layers: 2);
        using var batch = TinyModel.Batch(4, [[3, 4, 5]]);
        var (_, cache) = model.RunWithCache(batch.InputIds, n => n.EndsWith("hook_pattern", StringComparison.Ordinal));
        Assert.Equal([HookNames.AttentionPattern(0), HookNames.AttentionPattern(1)], cache.Keys.Order());
    }

    [Fact]
    public void AHookThatReplacesTheMaskedEmbeddingsChangesEverythingDownstreamAndNullLeavesItAlone()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        model.eval();
        using var batch = TinyModel.Batch(4, [[3, 4, 5], [6, 7]]);
        var plain = model.call(batch.InputIds);
        var untouched = model.RunWithHooks(batch.InputIds, (HookNames.MaskedEmbed, _ => null));
        Assert.True(plain.Logits.eq(untouched.Logits).all().item<bool>());
        // Zeroing X leaves only the positional encoding for the block: the logits are those of a model fed zeros.
        var ablated = model.RunWithHooks(batch.InputIds, (HookNames.MaskedEmbed, x => zeros_like(x)));
        Assert.False(plain.Logits.allclose(ablated.Logits));
        Assert.True(ablated.MaskedEmbeddings.abs().max().item<double>() == 0);
        Assert.Equal(0, Hooks.ActiveCount);
    }

    [Fact]
    public void AnUnknownHookNameIsRefusedNamingTheModelsPoints()
    {
        using var model = TinyModel.Create();
        using var batch = TinyModel.Batch(4, [[3, 4]]);
        var e = Assert.Throws<ArgumentException>(() => model.RunWithHooks(batch.InputIds, ("hook_nowhere", x => x)));
        Assert.Contains("hook_masked_embed", e.Message);
        Assert.Equal(0, Hooks.ActiveCount);
    }
}
