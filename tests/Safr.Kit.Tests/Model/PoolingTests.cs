using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>Both pooling modes against means computed by hand.</summary>
[Collection("KitGlobalState")]
public class PoolingTests
{
    private const int D = 8;

    /// <summary>Row-major B x L x D block outputs and B x D pooled vectors of one eval-mode forward.</summary>
    private static (double[] Block, double[] Pooled) Run(SafrTransformer model, int length)
    {
        using var batch = TinyModel.Batch(length, TinyModel.Rows);
        using var _ = no_grad();
        var output = model.call(batch.InputIds);
        return (output.BlockOutput!.data<double>().ToArray(), output.Pooled!.data<double>().ToArray());
    }

    [Fact]
    public void MaskedMeanIsTheMeanOverRealTokens()
    {
        using var model = TinyModel.Create(pooling: Pooling.MaskedMean, dtype: ScalarType.Float64);
        model.eval();
        var (block, pooled) = Run(model, 8);
        for (var b = 0; b < TinyModel.Rows.Length; b++)
        {
            var n = TinyModel.Rows[b].Length;
            for (var d = 0; d < D; d++)
            {
                double sum = 0;
                for (var l = 0; l < n; l++) sum += block[(b * 8 + l) * D + d];
                Assert.Equal(sum / n, pooled[b * D + d], 12);
            }
        }
    }

    [Fact]
    public void MaskedMeanDoesNotDependOnThePaddingLength()
    {
        using var model = TinyModel.Create(pooling: Pooling.MaskedMean, dtype: ScalarType.Float64);
        model.eval();
        var rows = TinyModel.Rows;
        using var _ = no_grad();
        using var narrow = TinyModel.Batch(5, [rows[0], rows[1]]);
        using var wide = TinyModel.Batch(8, [rows[0], rows[1]]);
        var a = model.call(narrow.InputIds).Pooled!.data<double>().ToArray();
        var b = model.call(wide.InputIds).Pooled!.data<double>().ToArray();
        Assert.True(GradCheck.RelativeError(a, b) < 1e-12, "masked mean pooling changed with the padding length");
    }

    [Fact]
    public void MeanAllPositionsAveragesPaddingToo()
    {
        using var model = TinyModel.Create(pooling: Pooling.MeanAllPositions, dtype: ScalarType.Float64);
        model.eval();
        var (block, pooled) = Run(model, 8);
        for (var b = 0; b < TinyModel.Rows.Length; b++)
            for (var d = 0; d < D; d++)
            {
                double sum = 0;
                for (var l = 0; l < 8; l++) sum += block[(b * 8 + l) * D + d];
                Assert.Equal(sum / 8, pooled[b * D + d], 12);
            }

        var rows = TinyModel.Rows;
        using var _ = no_grad();
        using var narrow = TinyModel.Batch(5, [rows[0], rows[1]]);
        using var wide = TinyModel.Batch(8, [rows[0], rows[1]]);
        var shorter = model.call(narrow.InputIds).Pooled!.data<double>().ToArray();
        var longer = model.call(wide.InputIds).Pooled!.data<double>().ToArray();
        Assert.True(GradCheck.RelativeError(shorter, longer) > 1e-3, "padding length should change the release's mean pooling");
    }
}
