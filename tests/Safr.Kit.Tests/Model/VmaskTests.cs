using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>VMASK: gradients of both modes, the information term, and the straight-through sample.</summary>
[Collection("KitGlobalState")]
public class VmaskTests
{
    private static Vmask NewVmask(VmaskActivation activation = VmaskActivation.Tanh)
    {
        manual_seed(11);
        var vmask = new Vmask(4, 6, activation);
        vmask.to(float64);
        return vmask;
    }

    [Theory]
    [InlineData(VmaskActivation.Tanh)]
    [InlineData(VmaskActivation.Sigmoid)]
    [InlineData(VmaskActivation.Relu)]
    public void EvalModeGradientWithRespectToEmbeddings(VmaskActivation activation)
    {
        using var vmask = NewVmask(activation);
        vmask.eval();
        GradCheck.Check(e => vmask.call(e).MaskedEmbeddings, Rng.Randn(2, 3, 4));
    }

    [Fact]
    public void EvalModeGradientWithRespectToParameters()
    {
        using var vmask = NewVmask();
        vmask.eval();
        var embeddings = Rng.Randn(2, 3, 4);
        var parameters = vmask.parameters().Cast<Tensor>().ToArray();
        Assert.Equal(4, parameters.Length);  // linear_layer and hidden2p, weight and bias each
        GradCheck.Check(_ => vmask.call(embeddings).MaskedEmbeddings, parameters);
    }

    [Fact]
    public void EvalModeMultipliesByTheKeepProbability()
    {
        using var vmask = NewVmask();
        vmask.eval();
        var e = Rng.Randn(2, 3, 4);
        var output = vmask.call(e);
        var expected = Vmask.KeepProbability(vmask.Logits(e)).unsqueeze(-1);
        Assert.True(output.Keep.allclose(expected, rtol: 0, atol: 1e-15));
        Assert.True(output.MaskedEmbeddings.allclose(e * expected, rtol: 0, atol: 1e-15));
    }

    [Fact]
    public void InformationLossGradientCheck() =>
        GradCheck.Check(logits => Vmask.InformationLoss(logits), Rng.Randn(2, 3, 2));

    [Fact]
    public void InformationLossIsTheMeanNegativeEntropyWithTheReleaseEpsilon()
    {
        var logits = Rng.Randn(2, 3, 2);
        var values = logits.data<double>().ToArray();
        double sum = 0;
        for (var t = 0; t < 6; t++)
        {
            var (a, b) = (values[2 * t], values[2 * t + 1]);
            var pDrop = Math.Exp(a) / (Math.Exp(a) + Math.Exp(b));
            var pKeep = 1 - pDrop;
            sum += pDrop * Math.Log(pDrop + 1e-8) + pKeep * Math.Log(pKeep + 1e-8);
        }
        Assert.Equal(sum / 6, Vmask.InformationLoss(logits).item<double>(), 12);
        // A fair coin is Bernoulli(0.5) itself: KL 0, so the term is -log 2 (up to the 1e-8 in the logs).
        Assert.Equal(-Math.Log(2), Vmask.InformationLoss(zeros([1, 4, 2], float64)).item<double>(), 7);
    }

    [Fact]
    public void TrainingModeKeepsAreExactlyZeroOrOne()
    {
        using var vmask = NewVmask();
        vmask.train();
        vmask.Generator = new Generator(5);
        var e = Rng.Randn(4, 16, 4);
        var output = vmask.call(e);
        var keep = output.Keep.data<double>().ToArray();
        Assert.All(keep, k => Assert.True(k == 0.0 || k == 1.0, $"keep {k:R} is not a hard sample"));
        Assert.Contains(0.0, keep);
        Assert.Contains(1.0, keep);
        // Each embedding passes whole or not at all.
        Assert.True(output.MaskedEmbeddings.EqualTo(e * output.Keep.detach()));
    }

    [Fact]
    public void StraightThroughGradientIsTheSoftSamplesGradient()
    {
        // gumbel_softmax draws its noise the same way for hard and soft (exponential_ on a tensor shaped like
        // the logits, then -log), so two generators with one seed give the same sample.
        const ulong seed = 21;
        using var vmask = NewVmask();
        vmask.train();
        var e = Rng.Randn(2, 5, 4).requires_grad_();
        var weights = randn([2, 5, 1], float64, generator: new Generator(3));
        var parameters = vmask.parameters().Cast<Tensor>().ToArray();
        Tensor[] inputs = [e, .. parameters];

        vmask.Generator = new Generator(seed);
        var hardKeep = vmask.call(e).Keep;
        var hardGrads = autograd.grad([(hardKeep * weights).sum()], inputs);

        var soft = Vmask.GumbelSoftmax(vmask.Logits(e), dim: 2, hard: false, new Generator(seed));
        var softKeep = soft[TensorIndex.Colon, TensorIndex.Colon, Vmask.KeepIndex..(Vmask.KeepIndex + 1)];
        var softGrads = autograd.grad([(softKeep * weights).sum()], inputs);

        // Same noise: the hard sample is the soft sample's arg-max.
        Assert.True(hardKeep.EqualTo(softKeep.gt(0.5).to(float64)));
        for (var i = 0; i < inputs.Length; i++)
        {
            var softGrad = softGrads[i]!.data<double>().ToArray();
            Assert.True(softGrad.Any(g => Math.Abs(g) > 1e-6), $"input {i}: the soft gradient vanishes, nothing is compared");
            var error = GradCheck.RelativeError(hardGrads[i]!.data<double>().ToArray(), softGrad);
            Assert.True(error < 1e-12, $"input {i}: straight-through gradient differs from the soft sample's by {error:E2}");
        }
    }

    [Fact]
    public void TheSameGeneratorSeedGivesTheSameTrainingMask()
    {
        using var vmask = NewVmask();
        vmask.train();
        var e = Rng.Randn(3, 8, 4);
        vmask.Generator = new Generator(9);
        var first = vmask.call(e).Keep;
        vmask.Generator = new Generator(9);
        Assert.True(first.EqualTo(vmask.call(e).Keep));
        vmask.Generator = new Generator(10);
        Assert.False(first.EqualTo(vmask.call(e).Keep));
    }
}
