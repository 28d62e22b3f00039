using Safr.Kit.Optim;
using Safr.Kit.Training;
using TorchSharp.Modules;

namespace Safr.Kit.Tests.Optim;

/// <summary>The fused Adam against TorchSharp's Adam (float64), its state through a checkpoint, and its argument checks.</summary>
public class FusedAdamTests
{
    /// <summary>Two copies of one small model, in float64.</summary>
    private static (nn.Module<Tensor, Tensor> A, nn.Module<Tensor, Tensor> B) Twins()
    {
        manual_seed(11);
        var a = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3)).to(float64);
        var b = nn.Sequential(nn.Linear(6, 8), nn.Tanh(), nn.Linear(8, 3)).to(float64);
        using (no_grad())
            foreach (var (pa, pb) in a.parameters().Zip(b.parameters())) pb.copy_(pa);
        return (a, b);
    }

    private static void Backward(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y) =>
        nn.functional.cross_entropy(model.call(x), y).backward();

    [Fact]
    public void MatchesTorchSharpsAdamStepForStepIncludingSkippedParameters()
    {
        var (reference, fused) = Twins();
        using var adam = optim.Adam(reference.parameters(), lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6);
        using var ours = new FusedAdam(fused.parameters(), lr: 0.05, beta1: 0.8, beta2: 0.99, eps: 1e-6);
        var x = Rng.Randn(10, 6);
        var y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 });
        for (var step = 0; step < 30; step++)
        {
            adam.zero_grad();
            ours.ZeroGrad();
            Backward(reference, x, y);
            Backward(fused, x, y);
            if (step % 3 == 1)
            {
                // The last layer's bias has no gradient this step: both optimizers skip it (and do not count the step).
                reference.parameters().Last().grad = null;
                fused.parameters().Last().grad = null;
            }
            adam.step();
            ours.Step();
        }
        foreach (var (pa, pb) in reference.parameters().Zip(fused.parameters()))
        {
            var error = (pa - pb).abs().max().item<double>() / pa.abs().max().item<double>();
            Assert.True(error < 1e-12, $"fused Adam differs from TorchSharp's by {error:E2} (relative)");
        }
        Assert.Equal(20, ours.States[^1].Step);  // 30 steps, 10 of them without the bias's gradient
        Assert.Equal(30, ours.States[0].Step);
    }

    [Fact]
    public void StateSavedAndLoadedContinuesBitwiseAsTheUninterruptedRun()
    {
        var (uninterrupted, resumed) = Twins();
        var x = Rng.Randn(10, 6);
        var y = tensor(new long[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0 });
        using var whole = new FusedAdam(uninterrupted.parameters(), lr: 0.02);
        using var first = new FusedAdam(resumed.parameters(), lr: 0.02);
        for (var step = 0; step < 5; step++)
        {
            foreach (var (model, optimizer) in new[] { (uninterrupted, whole), (resumed, first) })
            {
                optimizer.ZeroGrad();
                Backward(model, x, y);
                optimizer.Step();
            }
        }
        var saved = AdamState.ToTensors(first);
        using var second = new FusedAdam(resumed.parameters(), lr: 1);  // the saved learning rate replaces this one
        AdamState.Load(second, saved);
        Assert.Equal(0.02, second.LearningRate);
        for (var step = 0; step < 5; step++)
        {
            foreach (var (model, optimizer) in new[] { (uninterrupted, whole), (resumed, second) })
            {
                optimizer.ZeroGrad();
                Backward(model, x, y);
                optimizer.Step();
            }
        }
        foreach (var (pa, pb) in uninterrupted.parameters().Zip(resumed.parameters()))
            Assert.True(pa.eq(pb).all().item<bool>(), "the resumed optimizer took another path");
        Assert.Equal(10, second.States[0].Step);
    }

    [Fact]
    public void ZeroGradSetsGradientsToNone()
    {
        var (model, _) = Twins();
        using var optimizer = new FusedAdam(model.parameters());
        Backward(model, Rng.Randn(4, 6), tensor(new long[] { 0, 1, 2, 0 }));
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
        optimizer.ZeroGrad();
        Assert.All(model.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void ABadHyperparameterIsRefusedByName()
    {
        var parameters = new[] { new Parameter(zeros(2)) };
        Assert.Equal("lr", Assert.Throws<ArgumentOutOfRangeException>(() => new FusedAdam(parameters, lr: double.NaN)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new FusedAdam(parameters, beta2: 1)).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => new FusedAdam([])).ParamName);
    }
}
