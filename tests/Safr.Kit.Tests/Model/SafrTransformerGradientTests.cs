using Safr.Kit.Model;
using Safr.Kit.Regularization;

namespace Safr.Kit.Tests.Model;

/// <summary>The whole model's gradients, through CE + L_imp + L_inter, against central differences in float64.</summary>
[Collection("KitGlobalState")]
public class SafrTransformerGradientTests
{
    [Theory]
    [InlineData(Pooling.MeanAllPositions)]
    [InlineData(Pooling.MaskedMean)]
    public void EvalModeSafrLossGradientCheck(Pooling pooling)
    {
        using var model = TinyModel.Create(pooling: pooling, dtype: ScalarType.Float64);
        model.eval();  // dropout off, VMASK's keep probability: a deterministic, smooth function
        using var batch = TinyModel.Batch(6, [[3, 4, 5, 6], [7, 8, 9, 10, 11, 12]], labels: [1, 0]);
        string[] names =
        [
            "embedding.weight", "vmask.linear_layer.weight", "vmask.hidden2p.bias", "layers.0.attention.query.weight",
            "layers.0.attention.value.bias", "layers.0.norm1.weight", "layers.0.ff.linear1.weight", "layers.0.norm2.bias", "fc.weight",
        ];
        var parameters = names.Select(n => (Tensor)model.get_parameter(n)!).ToArray();
        GradCheck.Check(_ =>
        {
            var output = model.call(batch.InputIds);
            return new SafrObjective(0.7, 1.3, RunModeModels.Of(model.Config)).Compute(output, batch.Labels).Total;
        }, parameters);
    }
}
