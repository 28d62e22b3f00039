namespace Safr.Tests.Shared;

/// <summary>
/// Finite-difference gradient check in float64, like torch.autograd.gradcheck but through a random
/// projection: for L = sum(f(inputs) * w), compares autograd's dL/dx with central differences.
/// </summary>
internal static class GradCheck
{
    public const double Tolerance = 1e-6;

    /// <summary>Asserts the relative error of every input's gradient is below <paramref name="tolerance"/>.</summary>
    /// <param name="f">The function under test; called many times, it must be deterministic.</param>
    /// <param name="inputs">float64 leaves; each gets requires_grad.</param>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, double eps = 1e-6, double tolerance = Tolerance)
    {
        using var scope = NewDisposeScope();
        foreach (var x in inputs)
        {
            Assert.Equal(ScalarType.Float64, x.dtype);
            x.requires_grad = true;
        }
        var output = f(inputs);
        Assert.True(output.requires_grad, "the output does not depend on any input through autograd");
        var weights = randn(output.shape, float64, generator: new Generator(1234));
        using var loss = (output * weights).sum();
        var analytic = autograd.grad([loss], inputs, allow_unused: true);

        for (var k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            var values = x.data<double>().ToArray();
            var numeric = new double[values.Length];
            using (no_grad())
            {
                for (var j = 0; j < values.Length; j++)
                {
                    numeric[j] = (Evaluate(f, inputs, weights, x, values, j, +eps) - Evaluate(f, inputs, weights, x, values, j, -eps)) / (2 * eps);
                }
                using var original = tensor(values, x.shape);
                x.copy_(original);
            }
            var got = analytic[k]?.data<double>().ToArray() ?? new double[values.Length];
            var error = RelativeError(got, numeric);
            Assert.True(error < tolerance,
                $"input {k}: relative gradient error {error:E3} >= {tolerance:E0}\n analytic {Show(got)}\n numeric  {Show(numeric)}");
        }
    }

    public static void Check(Func<Tensor, Tensor> f, Tensor input, double eps = 1e-6, double tolerance = Tolerance) =>
        Check(xs => f(xs[0]), [input], eps, tolerance);

    public static void Check(Func<Tensor, Tensor, Tensor> f, Tensor a, Tensor b, double eps = 1e-6, double tolerance = Tolerance) =>
        Check(xs => f(xs[0], xs[1]), [a, b], eps, tolerance);

    /// <summary>||a - b|| / max(||b||, 1e-12): the fixtures' definition of relative error.</summary>
    public static double RelativeError(double[] a, double[] b)
    {
        double diff = 0, norm = 0;
        for (var i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), 1e-12);
    }

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights, Tensor x, double[] values, int j, double delta)
    {
        using var scope = NewDisposeScope();
        var shifted = (double[])values.Clone();
        shifted[j] += delta;
        x.copy_(tensor(shifted, x.shape));
        return (f(inputs) * weights).sum().item<double>();
    }

    private static string Show(double[] v) => string.Join(", ", v.Take(8).Select(d => d.ToString("G6"))) + (v.Length > 8 ? ", ..." : "");
}
