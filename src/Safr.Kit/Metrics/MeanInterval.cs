using System.Globalization;
using MathNet.Numerics.Distributions;

namespace Safr.Kit.Metrics;

/// <summary>
/// The mean of a few runs (seeds) with a 95% confidence interval from Student's t distribution:
/// mean ± t(0.975, n−1) · s / √n, the quantile exact for every n. One run has no interval (half-width NaN).
/// </summary>
public sealed record MeanInterval(double Mean, double HalfWidth, int Count)
{
    public static MeanInterval Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values to average", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n == 1) return new MeanInterval(mean, double.NaN, 1);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var t = StudentT.InvCDF(location: 0, scale: 1, freedom: n - 1, p: 0.975);  // Math.NET Numerics' quantile, as scipy's t.ppf
        return new MeanInterval(mean, t * sd / Math.Sqrt(n), n);
    }

    public double Lower => Mean - HalfWidth;

    public double Upper => Mean + HalfWidth;

    /// <summary>"0.8123 ± 0.0101" (or the mean alone for one run), numbers in <paramref name="format"/>.</summary>
    public string ToString(string format) => double.IsNaN(HalfWidth)
        ? Mean.ToString(format, CultureInfo.InvariantCulture)
        : $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± {HalfWidth.ToString(format, CultureInfo.InvariantCulture)}";

    public override string ToString() => ToString("F4");
}
