using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Runs;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;
using TorchSharp.Modules;

namespace Safr.Kit.Tests.Model;

/// <summary>Precision.Bf16: the model's products run in bfloat16, everything the optimizer sees stays float32.</summary>
[Collection("KitGlobalState")]
public class PrecisionTests
{
    [Fact]
    public void ABf16LinearIsTheProductOfTheOperandsRoundedToBfloat16()
    {
        manual_seed(3);
        using var layer = nn.Linear(16, 4);
        var x = randn(5, 16);
        var bf16 = PrecisionCasts.Linear(layer, x, Precision.Bf16);
        var byHand = nn.functional.linear(x.to(bfloat16), layer.weight!.to(bfloat16), layer.bias!.to(bfloat16)).to(float32);
        Assert.Equal(float32, bf16.dtype);
        Assert.True(bf16.eq(byHand).all().item<bool>(), "not the bfloat16 product");
        Assert.False(bf16.eq(layer.call(x)).all().item<bool>(), "the float32 product: nothing was cast");
        Assert.True(PrecisionCasts.Linear(layer, x, Precision.Fp32).eq(layer.call(x)).all().item<bool>());
    }

    [Fact]
    public void ABf16ModelStaysCloseToFloat32AndItsGradientsAreFloat32()
    {
        using var model = TinyModel.Create(seed: 5);
        model.eval();
        var ids = TinyModel.Ids([[3, 4, 5, 6, 7, 0, 0, 0], [8, 9, 2, 10, 11, 12, 13, 14]]);
        var fp32 = model.call(ids).Logits.detach();
        model.Precision = Precision.Bf16;
        Assert.Equal(Precision.Bf16, Assert.Single(model.modules().OfType<MultiHeadAttention>()).Precision);  // the tiny model's one block
        var output = model.call(ids);
        var error = (output.Logits - fp32).abs().max().item<float>() / fp32.abs().max().item<float>();
        Assert.True(error is > 0 and < 0.05f, $"bf16 logits differ from float32 by {error:E2} (relative): expected bfloat16 rounding, no more");
        output.Logits.sum().backward();
        Assert.All(model.parameters(), p => Assert.Equal(float32, p.dtype));
        Assert.All(model.parameters().Where(p => p.grad is not null), p => Assert.Equal(float32, p.grad!.dtype));
        Assert.NotNull(model.parameters().First(p => p.shape.Length == 2 && p.shape[0] == TinyModel.Config().DFf).grad);  // through the bf16 FFN
    }

    [Fact]
    public void TheTrainerSetsItsPrecisionOnTheModelAndRefusesBf16ForFloat64()
    {
        using var trainer = TinyRun.Trainer(TinyRun.Options() with { Precision = Precision.Bf16 });
        Assert.Equal(Precision.Bf16, trainer.Model.Precision);
        using var doubles = SafrTrainer.CreateModel(TinyRun.Config(), seed: 0);
        doubles.to(ScalarType.Float64);
        var error = Assert.Throws<ArgumentException>(() => new SafrTrainer(doubles, TinyRun.Vocabulary, TinyRun.Options() with { Precision = Precision.Bf16 }));
        Assert.Contains("Float64", error.Message);
    }

    [Fact]
    public void ABf16RunIsNamedAndFiledApartFromItsFloat32Twin()
    {
        var spec = new RunSpec { Dataset = Datasets.Sst2, Mode = RunMode.Fast, LambdaImportance = 1, LambdaInteraction = 1, Seed = 2 };
        Assert.Equal("sst2-fast-imp1-inter1-seed2", spec.RunFolderName());
        Assert.Equal("sst2-fast-bf16-imp1-inter1-seed2", (spec with { Precision = Precision.Bf16 }).RunFolderName());
        Assert.Equal(Precision.Bf16, (spec with { Precision = Precision.Bf16 }).TrainingOptions().Precision);
        Assert.NotEqual(spec.Configuration, (spec with { Precision = Precision.Bf16 }).Configuration);
    }
}
