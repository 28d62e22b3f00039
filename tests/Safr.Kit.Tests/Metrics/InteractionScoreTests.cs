using Safr.Kit.Regularization;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>The held-out interaction score, L_inter averaged over examples.</summary>
[Collection("KitGlobalState")]
public class InteractionScoreTests
{
    private static readonly int[][] FirstRows = [TinyModel.Rows[0], TinyModel.Rows[1], [2, 3]];
    private static readonly int[][] SecondRows = [TinyModel.Rows[2]];

    private static double LossByHand(SafrTransformer model, int[][] rows)
    {
        model.eval();
        using var batch = TinyModel.Batch(8, rows);
        using var _ = no_grad();
        return SafrObjective.InteractionLoss(model.call(batch.InputIds)).to(float64).item<double>();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void IsTheBatchSizeWeightedMeanOfPerBatchLosses(long layers)
    {
        using var model = TinyModel.Create(layers: layers);
        var first = LossByHand(model, FirstRows);
        var second = LossByHand(model, SecondRows);
        model.train();
        var score = InteractionScore.Evaluate(model, [TinyModel.Batch(8, FirstRows), TinyModel.Batch(8, SecondRows)]);
        Assert.Equal((3 * first + 1 * second) / 4, score.Value, 12);
        Assert.NotEqual((first + second) / 2, score.Value, 6);  // weighting matters here
        Assert.Equal(4, score.Examples);
        Assert.Equal(2, score.Batches);
        Assert.True(model.training, "the model's training mode was not restored");
    }

    [Fact]
    public void NoBatchesIsAnError()
    {
        using var model = TinyModel.Create();
        Assert.Contains("no examples to score", Assert.Throws<InputException>(() => InteractionScore.Evaluate(model, [])).Message);
    }

    [Fact]
    public void ReadsAsASentence() =>
        Assert.Equal("Interaction score L_inter: 0.123457 (1,000 examples in 32 batches)", new InteractionScore(0.1234567, 1000, 32).ToString());
}
