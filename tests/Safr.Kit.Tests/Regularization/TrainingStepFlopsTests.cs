using Safr.Kit.Model;
using Safr.Kit.Regularization;

namespace Safr.Kit.Tests.Regularization;

/// <summary>The analytic FLOP count of a training step against a hand count, and its linear layers against the model's own weights.</summary>
[Collection("KitGlobalState")]
public class TrainingStepFlopsTests
{
    // d 4, 2 heads (d_k 2), d_ff 8, VMASK hidden 6, 2 classes, one layer.
    private static readonly SafrTransformerConfig Small = new(VocabSize: 10, MaxSeqLength: 3, NumClasses: 2, DModel: 4, NumHeads: 2,
        NumLayers: 1, DFf: 8, MaskHiddenDim: 6);

    [Fact]
    public void TheSmallConfigsCountIsTheHandCount()
    {
        // B 2 texts of L 3 positions: 6 token rows. 2 m k n per [m, k] x [k, n] product.
        long vmask = 2 * 6 * 4 * 6 + 2 * 6 * 6 * 2;       // 288 + 144: d -> hidden -> 2
        long projections = 4 * (2 * 6 * 4 * 4);            // Q, K, V, out: 4 x 192
        long scores = 2 * 2 * (2 * 3 * 2 * 3);              // B H products [3, 2] x [2, 3]: 144
        long context = 2 * 2 * (2 * 3 * 3 * 2);             // B H products [3, 3] x [3, 2]: 144
        long feedForward = 2 * 6 * 4 * 8 + 2 * 6 * 8 * 4;  // 384 + 384
        long classifier = 2 * 2 * 4 * 2;                    // [B, d] x [d, classes]: 32
        long overlap = 2 * (2 * 3 * 4 * 3);                 // L_imp, B products [3, 4] x [4, 3]: 144
        long coAttention = 2 * 2 * (2 * 3 * 3 * 3);         // L_inter, B H products [3, 3] x [3, 3]: 216
        long forward = vmask + projections + scores + context + feedForward + classifier + overlap + coAttention;
        Assert.Equal(2648, forward);

        var count = TrainingStepFlops.Of(Small, batch: 2, length: 3);

        Assert.Equal(forward, count.Forward);
        Assert.Equal(2 * forward, count.Backward);  // both operands of every product get a gradient
        Assert.Equal(3 * forward, count.Total);
        Assert.Equal([vmask, projections, scores, context, feedForward, classifier, overlap, coAttention], count.Parts.Select(p => p.Forward));
    }

    [Fact]
    public void ARegularizerWithoutWeightIsCountedForwardOnly()
    {
        var count = TrainingStepFlops.Of(Small, 2, 3, new SafrObjective(LambdaImportance: 0, LambdaInteraction: 1));
        var overlap = count.Parts.Single(p => p.Name.StartsWith("L_imp", StringComparison.Ordinal));
        Assert.Equal(144, overlap.Forward);
        Assert.Equal(0, overlap.Backward);
        Assert.Equal(3 * 2648 - 2 * 144, count.Total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void TheLinearPartsAreTwiceRowsTimesEveryWeightMatrixOfTheModel(long layers)
    {
        // Each linear layer with an [out, in] weight costs 2 rows in out: the token-wise ones run on B L rows,
        // the classifier on B pooled rows. Summed over the model's own parameters, this catches a layer the count forgets.
        const long batch = 3, length = 5;
        var config = Small with { NumLayers = layers, MaxSeqLength = length };
        using var model = new SafrTransformer(config);
        long expected = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (parameter.dim() != 2 || name == "embedding.weight") continue;
            var rows = name == "fc.weight" ? batch : batch * length;
            expected += 2 * rows * parameter.size(0) * parameter.size(1);
        }

        var count = TrainingStepFlops.Of(config, batch, length);
        string[] linear = ["VMASK scorer", "Q, K, V, out projections", "feed-forward", "classifier"];
        Assert.Equal(expected, count.Parts.Where(p => linear.Contains(p.Name)).Sum(p => p.Forward));
    }
}
