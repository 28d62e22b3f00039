using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>Self-attention gives padded keys no weight.</summary>
[Collection("KitGlobalState")]
public class AttentionMaskTests
{
    [Fact]
    public void RealTokensGiveNoAttentionToPaddedKeys()
    {
        using var model = TinyModel.Create();
        model.eval();
        using var batch = TinyModel.Batch(8, TinyModel.Rows);
        var attention = model.call(batch.InputIds).Attention[0];  // B x H x L x L
        Assert.Equal([3L, 2, 8, 8], attention.shape);
        var a = attention.data<float>().ToArray();
        for (var b = 0; b < 3; b++)
        {
            var n = TinyModel.Rows[b].Length;
            for (var h = 0; h < 2; h++)
                for (var i = 0; i < n; i++)
                {
                    double real = 0;
                    for (var j = 0; j < 8; j++)
                    {
                        var w = a[((b * 2 + h) * 8 + i) * 8 + j];
                        if (j < n) real += w;
                        else Assert.True(w < 1e-30, $"row {b}, head {h}: query {i} gives {w} to padded key {j}");
                    }
                    Assert.Equal(1.0, real, 5);
                }
        }
    }

    [Fact]
    public void WithoutAMaskPaddedKeysDoGetWeight()
    {
        // The check above can fail: the same layer without the key mask attends to padding.
        manual_seed(3);
        using var attention = new MultiHeadAttention(8, 2);
        var x = Rng.Randn(1, 4, 8).to(float32);
        var keyMask = tensor(new[] { true, true, false, false }, [1, 1, 1, 4]);
        var masked = attention.call(x, keyMask).Attention.data<float>().ToArray();
        var unmasked = attention.call(x, null).Attention.data<float>().ToArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(masked[i * 4 + 2] + masked[i * 4 + 3] < 1e-30);
            Assert.True(unmasked[i * 4 + 2] + unmasked[i * 4 + 3] > 1e-3);
        }
    }
}
