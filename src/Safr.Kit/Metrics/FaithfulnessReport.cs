using System.Globalization;
using System.Text;

namespace Safr.Kit.Metrics;

/// <summary>
/// Faithfulness of several token rankings of the same texts, one <see cref="FaithfulnessCurve"/> per
/// attribution in the order they were given. A ranking is faithful to the degree its comprehensiveness
/// exceeds, and its sufficiency falls below, a random ranking's (when one is among them).
/// </summary>
/// <param name="Curves">One curve per ranking, each with its own name.</param>
/// <param name="EmptySkipped">Examples left out because they have no tokens to rank.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record FaithfulnessReport(IReadOnlyList<FaithfulnessCurve> Curves, int EmptySkipped = 0)
{
    public IReadOnlyList<FaithfulnessCurve> Curves { get; init; } = Check(Curves);

    /// <summary>The curve of the ranking named <paramref name="ranking"/> ("VMASK", "random", ...).</summary>
    public FaithfulnessCurve this[string ranking] =>
        Curves.FirstOrDefault(c => c.Ranking == ranking)
        ?? throw new KeyNotFoundException($"no faithfulness curve named '{ranking}'; the report has {string.Join(", ", Curves.Select(c => $"'{c.Ranking}'"))}");

    public override string ToString()
    {
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture,
            $"Faithfulness (ERASER AOPC), {Curves[0].Examples:N0} examples{(EmptySkipped > 0 ? $" ({EmptySkipped:N0} empty skipped)" : "")}");
        foreach (var curve in Curves) s.Append('\n').Append(curve);
        return s.ToString();
    }

    private static FaithfulnessCurve[] Check(IReadOnlyList<FaithfulnessCurve> curves)
    {
        ArgumentNullException.ThrowIfNull(curves);
        if (curves.Count == 0) throw new ArgumentException("a report needs at least one curve", nameof(curves));
        if (curves.Any(c => c is null)) throw new ArgumentException("a curve is null", nameof(curves));
        var repeated = curves.GroupBy(c => c.Ranking, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"'{g.Key}'").ToArray();
        if (repeated.Length > 0) throw new ArgumentException($"each curve needs its own name; repeated: {string.Join(", ", repeated)}", nameof(curves));
        return [.. curves];
    }
}
