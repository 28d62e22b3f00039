using System.Globalization;
using System.Text;

namespace Safr.Kit.Metrics;

/// <summary>
/// ERASER's faithfulness numbers for one token ranking, per bin and as AOPC (the mean over bins).
/// Comprehensiveness p(y^|x) - p(y^|x \ r_k): high when the top-ranked tokens are what the prediction
/// rests on. Sufficiency p(y^|x) - p(y^|r_k): low (near 0, or negative) when they suffice on their own.
/// y^ is the model's prediction on the full text; each value is a mean over examples.
/// </summary>
/// <param name="Ranking">Which ranking this is ("VMASK", "random", ...).</param>
/// <param name="Bins">The fractions of each text's tokens taken as the top k (ERASER: 1, 5, 10, 20, 50%).</param>
/// <param name="Comprehensiveness">Mean comprehensiveness per bin.</param>
/// <param name="Sufficiency">Mean sufficiency per bin.</param>
/// <param name="Examples">How many examples were scored.</param>
public sealed record FaithfulnessCurve(
    string Ranking, IReadOnlyList<double> Bins, IReadOnlyList<double> Comprehensiveness, IReadOnlyList<double> Sufficiency, int Examples)
{
    /// <summary>AOPC-comprehensiveness: the mean of <see cref="Comprehensiveness"/> over bins (higher is more faithful).</summary>
    public double AopcComprehensiveness => Comprehensiveness.Average();

    /// <summary>AOPC-sufficiency: the mean of <see cref="Sufficiency"/> over bins (lower is more faithful).</summary>
    public double AopcSufficiency => Sufficiency.Average();

    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture,
            $"{Ranking}: AOPC comprehensiveness {AopcComprehensiveness:F4}, AOPC sufficiency {AopcSufficiency:F4} ({Examples:N0} examples)");
        for (var b = 0; b < Bins.Count; b++)
            s.Append(CultureInfo.InvariantCulture, $"\n  top {Bins[b] * 100,5:0.##}%: comprehensiveness {Comprehensiveness[b],8:F4}  sufficiency {Sufficiency[b],8:F4}");
        return s.ToString();
    }
}
