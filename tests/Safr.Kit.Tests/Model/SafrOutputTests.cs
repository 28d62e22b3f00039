using Safr.Kit.Model;
using Safr.Kit.Regularization;

namespace Safr.Kit.Tests.Model;

/// <summary>The contract's small rules: where the keep probability comes from, and what a missing member costs.</summary>
public sealed class SafrOutputTests
{
    private static SafrOutput Output(Tensor? vmaskLogits, Tensor? keep) =>
        new(tensor(new[] { 0.2, -0.1 }, [1, 2]), vmaskLogits, ones(1, 3, 4, float64), [full(1, 1, 3, 3, 1.0 / 3, float64)], ones(1, 3, dtype: ScalarType.Bool))
        {
            Keep = keep,
        };

    [Fact]
    public void TheKeepProbabilityIsVmasksSoftmaxOrTheModelsOwn()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new[] { 0.0, 1.0, 2.0, 0.0, 0.5, 0.5 }, [1, 3, 2]);
        var fromLogits = Output(logits, keep: ones(1, 3, 1, float64)).KeepProbability().data<double>().ToArray();
        Assert.Equal([1 / (1 + Math.Exp(-1)), 1 / (1 + Math.Exp(2)), 0.5], fromLogits, new Within(1e-15));

        var own = tensor(new[] { 0.9, 0.1, 0.4 }, [1, 3, 1]);
        Assert.Equal([0.9, 0.1, 0.4], Output(null, own).KeepProbability().data<double>().ToArray());
        Assert.Equal([1L, 3], Output(null, own).KeepProbability().shape);
        Assert.Throws<InvalidOperationException>(() => Output(null, keep: null).KeepProbability());
    }

    [Fact]
    public void TheObjectiveNeedsVmaskLogitsOnlyForVmasksOwnTerm()
    {
        using var scope = NewDisposeScope();
        var output = Output(null, keep: null);
        var labels = tensor(new long[] { 0 });
        using var loss = new SafrObjective(LambdaImportance: 1, LambdaInteraction: 1).Compute(output, labels);
        Assert.Null(loss.VmaskInformation);
        var error = Assert.Throws<ArgumentException>(() => new SafrObjective(VmaskBeta: 0.1).Compute(output, labels));
        Assert.Contains("VmaskLogits", error.Message);
    }

    private sealed class Within(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
