using System.Globalization;

namespace Safr.Kit.Metrics;

/// <summary>
/// The mean of a few runs (seeds) with a 95% confidence interval from Student's t distribution:
/// mean ± t(0.975, n−1) · s / √n. One run has no interval (half-width NaN).
/// </summary>
public sealed record MeanInterval(double Mean, double HalfWidth, int Count)
{
    // t(0.975, df) for df = 1..30; beyond that the normal 1.96 is within 2%. Hand-tabulated because no
    // statistics package is in our feed; values from any t table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
    private static readonly double[] T975 =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    public static MeanInterval Of(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0) throw new ArgumentException("no values to average", nameof(values));
        var n = values.Count;
        var mean = values.Average();
        if (n == 1) return new MeanInterval(mean, double.NaN, 1);
        var sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        var t = n - 1 <= T975.Length ? T975[n - 2] : 1.96;
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
