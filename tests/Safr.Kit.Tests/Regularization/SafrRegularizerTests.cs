using System.Text.Json;
using Safr.Kit.Regularization;
using Safr.Kit.Serialization;

namespace Safr.Kit.Tests.Regularization;

/// <summary>L_imp and L_inter against values the released PyTorch code computed (float64), and gradient checks.</summary>
public class SafrRegularizerTests
{
    private static readonly Dictionary<string, Tensor> Fixture = SafeTensors.Load(Checkout.Fixture("regularizers.safetensors"));
    private static readonly JsonElement Scalars = JsonDocument.Parse(File.ReadAllText(Checkout.Fixture("regularizers.json"))).RootElement;

    private static double RelativeError(Tensor ours, Tensor reference) =>
        GradCheck.RelativeError(ours.to(float64).data<double>().ToArray(), reference.data<double>().ToArray());

    [Fact]
    public void ImportanceLossMatchesTheRelease()
    {
        var loss = SafrRegularizer.ImportanceLoss(Fixture["x"]).item<double>();
        var expected = Scalars.GetProperty("polysemanticity_loss").GetDouble();
        Assert.True(Math.Abs(loss - expected) / expected < 1e-12, $"L_imp {loss:R} vs release {expected:R}");
    }

    [Fact]
    public void ImportanceGradientMatchesTheRelease()
    {
        var x = Fixture["x"].clone().requires_grad_();
        SafrRegularizer.ImportanceLoss(x).backward();
        var error = RelativeError(x.grad!, Fixture["x_grad"]);
        Assert.True(error < 1e-10, $"d L_imp / d x relative error {error:E2}");
    }

    [Fact]
    public void InteractionLossMatchesTheRelease()
    {
        var loss = SafrRegularizer.InteractionLoss(Fixture["attn"]).item<double>();
        var expected = Scalars.GetProperty("interference_loss").GetDouble();
        Assert.True(Math.Abs(loss - expected) / expected < 1e-12, $"L_inter {loss:R} vs release {expected:R}");
    }

    [Fact]
    public void InteractionGradientThroughSoftmaxMatchesTheRelease()
    {
        var scores = Fixture["attn_scores"].clone().requires_grad_();
        SafrRegularizer.InteractionLoss(scores.softmax(-1)).backward();
        var error = RelativeError(scores.grad!, Fixture["attn_scores_grad"]);
        Assert.True(error < 1e-10, $"d L_inter / d scores relative error {error:E2}");
    }

    [Fact]
    public void ImportanceLossInFloat32StaysClose()
    {
        var loss = SafrRegularizer.ImportanceLoss(Fixture["x"].to(float32)).item<float>();
        var expected = Scalars.GetProperty("polysemanticity_loss").GetDouble();
        Assert.True(Math.Abs(loss - expected) / expected < 1e-5);
    }

    [Fact]
    public void ImportanceGradientCheck() =>
        GradCheck.Check(x => SafrRegularizer.ImportanceLoss(x), Rng.Randn(2, 5, 4));

    [Fact]
    public void InteractionGradientCheck() =>
        GradCheck.Check(s => SafrRegularizer.InteractionLoss(s.softmax(-1)), Rng.Randn(2, 2, 4, 4));

    [Fact]
    public void TokenMatrixHasZeroDiagonalAndOneSidedNormalisation()
    {
        var x = tensor(new double[] { 3, 4, 1, 0 }, [1, 2, 2]);  // ||x_0|| = 5
        var m = SafrRegularizer.TokenOverlap(x).data<double>().ToArray();
        Assert.Equal(0, m[0]);
        Assert.Equal(3 / (5 + 1e-5), m[1], 12);   // (x_0 / ||x_0||) . x_1
        Assert.Equal(3 / (1 + 1e-5), m[2], 12);   // (x_1 / ||x_1||) . x_0
        Assert.Equal(0, m[3]);
    }

    [Fact]
    public void OrthogonalTokensHaveNoPolysemanticity()
    {
        var x = tensor(new double[] { 2, 0, 0, 0, 3, 0 }, [1, 2, 3]);
        Assert.Equal(0, SafrRegularizer.ImportanceLoss(x).item<double>(), 15);
    }

    [Fact]
    public void MaskedImportanceAveragesRealTokensOnly()
    {
        var x = Rng.Randn(1, 3, 4);
        var p = SafrRegularizer.TokenPolysemanticity(x).data<double>().ToArray();
        var masked = SafrRegularizer.ImportanceLoss(x, tensor(new long[] { 1, 1, 0 }, [1, 3])).item<double>();
        Assert.Equal((p[0] + p[1]) / 2, masked, 12);
    }

    [Fact]
    public void WeighedAsReleasedTheImportanceOfAShortBatchIsTheReleasesOfTheSameTextsPaddedToMaxLength()
    {
        // Three texts of 2, 6 and 4 tokens in a batch 6 wide, their padding rows zero (VMASK dropped them); the release
        // pads the same texts to 20 positions and averages P_l over all of them.
        long[] lengths = [2, 6, 4];
        var mask = stack(lengths.Select(n => arange(6L).lt(n).to(int64)).ToArray());
        var x = Rng.Randn(3, 6, 8) * mask.unsqueeze(-1).to(float64);
        var padded = nn.functional.pad(x, [0, 0, 0, 14]);  // 3 x 20 x 8, zero rows after each text
        var release = SafrRegularizer.ImportanceLoss(padded).item<double>();
        Assert.Equal(release, SafrRegularizer.ImportanceLoss(x, mask, paddedLength: 20).item<double>(), 12);
        // The plain mean over real tokens weighs them 60 / 12 = 5 times more than the release does.
        Assert.Equal(release * 60 / 12, SafrRegularizer.ImportanceLoss(x, mask).item<double>(), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => SafrRegularizer.ImportanceLoss(x, mask, paddedLength: 5));
    }

    [Fact]
    public void WeighedAsReleasedImportanceGradientCheck()
    {
        var mask = tensor(new long[] { 1, 1, 1, 0, 1, 1, 0, 0 }, [2, 4]);
        GradCheck.Check(x => SafrRegularizer.ImportanceLoss(x, mask, paddedLength: 7), Rng.Randn(2, 4, 3));
    }

    [Fact]
    public void WrongRankNamesTheArgumentAndShape()
    {
        var e = Assert.Throws<ArgumentException>(() => SafrRegularizer.ImportanceLoss(ones(2, 3)));
        Assert.Contains("B x L x E", e.Message);
        Assert.Contains("[2, 3]", e.Message);
    }
}
