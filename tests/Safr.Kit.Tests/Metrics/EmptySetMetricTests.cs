using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Metrics;

/// <summary>No metric passes on nothing: over no examples (or no labelled ones) each fails, as the user's input.</summary>
[Collection("KitGlobalState")]
public sealed class EmptySetMetricTests
{
    [Fact]
    public void MetricsOverAnEmptySetFailAsInputErrors()
    {
        using var model = TinyModel.Create();
        Assert.Contains("no labelled examples", Assert.Throws<InputException>(() => Accuracy.Evaluate(model, Array.Empty<Batch>())).Message);
        Assert.Throws<InputException>(() => InteractionScore.Evaluate(model, Array.Empty<Batch>()));
        Assert.Throws<InputException>(() => PolysemanticityByImportance.Evaluate(model, Array.Empty<Batch>()));
    }

    [Fact]
    public void AccuracyOverUnlabelledExamplesFails()
    {
        using var model = TinyModel.Create();
        var unlabelled = TinyModel.Batch(4, [[1, 2, 3], [4, 5]], labels: [-1, -1]);
        Assert.Throws<InputException>(() => Accuracy.Evaluate(model, [unlabelled]));
        // With one label the same call scores it: the failure above is about the labels, not the batch.
        // Only the second row is labelled, so the accuracy is 1 when the model predicts class 1 for it, else 0.
        model.eval();
        var predicted = model.call(TinyModel.Batch(4, [[1, 2, 3], [4, 5]]).InputIds).Logits.argmax(-1)[1].item<long>();
        Assert.Equal(predicted == 1 ? 1.0 : 0.0, Accuracy.Evaluate(model, [TinyModel.Batch(4, [[1, 2, 3], [4, 5]], labels: [-1, 1])]));
    }
}
