using System.Globalization;
using MathNet.Numerics;

namespace Safr.Kit.Metrics;

/// <summary>
/// Student's paired t-test of one metric, a configuration against the baseline, paired by seed: the differences
/// d_i = treatment_i − control_i, t = mean(d) / (sd(d) / √n) with n − 1 degrees of freedom, and the two-sided p-value
/// P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2), the regularized incomplete beta function (Math.NET Numerics'
/// <c>SpecialFunctions.BetaRegularized</c>). Matches scipy.stats.ttest_rel(treatment, control): differences that are all
/// equal give t = ±∞ and p = 0 (NaN when they are all 0), and fewer than two pairs give NaN.
/// </summary>
/// <param name="Pairs">How many seeds both arms ran.</param>
/// <param name="MeanDifference">Mean of treatment − control.</param>
/// <param name="T">The t statistic.</param>
/// <param name="PValue">Two-sided p-value.</param>
public sealed record PairedTest(int Pairs, double MeanDifference, double T, double PValue)
{
    /// <summary>Degrees of freedom: pairs − 1.</summary>
    public int DegreesOfFreedom => Pairs - 1;

    /// <summary>Tests <paramref name="treatment"/> against <paramref name="control"/>, element i of each being one seed's run.</summary>
    public static PairedTest Of(IReadOnlyList<double> treatment, IReadOnlyList<double> control)
    {
        ArgumentNullException.ThrowIfNull(treatment);
        ArgumentNullException.ThrowIfNull(control);
        if (treatment.Count != control.Count)
            throw new ArgumentException($"a paired test needs as many treatment values ({treatment.Count}) as control values ({control.Count})", nameof(control));
        var n = treatment.Count;
        var differences = treatment.Zip(control, (a, b) => a - b).ToArray();
        var mean = n == 0 ? double.NaN : differences.Average();
        if (n < 2) return new PairedTest(n, mean, double.NaN, double.NaN);
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
        var t = mean / (sd / Math.Sqrt(n));
        return new PairedTest(n, mean, t, PValueOf(t, n - 1));
    }

    /// <summary>The two-sided p-value of <paramref name="t"/> under Student's t with <paramref name="degreesOfFreedom"/>.</summary>
    public static double PValueOf(double t, double degreesOfFreedom)
    {
        if (double.IsNaN(t) || !(degreesOfFreedom > 0)) return double.NaN;
        if (double.IsInfinity(t)) return 0;
        // P(|T| >= |t|) = I_x(ν/2, 1/2) with x = ν / (ν + t²): no cancellation in the tail, unlike 2 (1 − CDF(|t|)).
        return SpecialFunctions.BetaRegularized(degreesOfFreedom / 2, 0.5, degreesOfFreedom / (degreesOfFreedom + t * t));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"paired t-test over {Pairs} seeds: mean difference {MeanDifference:G4}, t({DegreesOfFreedom}) = {T:F3}, p = {PValue:G3}");
}
