using Safr.Kit.Attribution;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;
using static Safr.Kit.Tests.Attribution.AttributionTexts;

namespace Safr.Kit.Tests.Attribution;

[Collection("KitGlobalState")]
public class VmaskAttributionTests
{
    [Fact]
    public void ScoresAreTheKeepProbabilitiesOfEachTextAlone()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var scores = new VmaskAttribution(batchSize: 2).Attribute(model, Texts);
        model.eval();
        using var _ = no_grad();
        var alone = Texts.Select(x =>
        {
            using var ids = tensor(x.Select(t => (long)t).ToArray(), [1, x.Length]);
            return model.call(ids).KeepProbability().data<double>().ToArray();
        }).ToArray();
        Close(alone, scores, 1e-12);
        Assert.Equal("VMASK", new VmaskAttribution().Name);
    }

    [Fact]
    public void PaddingAndBatchSizeDoNotChangeTheScores()
    {
        // VMASK scores each embedding alone, so even the release's mean pooling over padding cannot reach it.
        using var model = TinyModel.Create(pooling: Pooling.MeanAllPositions, dtype: ScalarType.Float64);
        var own = new VmaskAttribution().Attribute(model, Texts);
        Close(own, new VmaskAttribution().Attribute(model, Texts, padToLength: 8), 1e-12);
        Close(own, new VmaskAttribution(batchSize: 1).Attribute(model, Texts), 1e-12);
    }

    [Fact]
    public void ScoresAreReadInEvalModeAndTheModeIsRestored()
    {
        using var model = TinyModel.Create(dtype: ScalarType.Float64);
        var inTraining = new VmaskAttribution().Attribute(model, Texts);  // training mode would sample the mask
        Assert.True(model.training);
        model.eval();
        Close(new VmaskAttribution().Attribute(model, Texts), inTraining, 0);
        Assert.False(model.training);
    }

    [Fact]
    public void BadInputsAreRejected()
    {
        using var model = TinyModel.Create();
        var vmask = new VmaskAttribution();
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => vmask.Attribute(model, [Enumerable.Range(2, 9).ToArray()])).ParamName);
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => vmask.Attribute(model, [Array.Empty<int>()])).ParamName);
        Assert.Equal("examples", Assert.Throws<ArgumentException>(() => vmask.Attribute(model, Texts, padToLength: 4)).ParamName);
        Assert.Equal("padToLength", Assert.Throws<ArgumentOutOfRangeException>(() => vmask.Attribute(model, Texts, padToLength: 9)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VmaskAttribution(batchSize: 0));
    }
}
