namespace Safr.Kit.Attribution;

/// <summary>Scores turned into the orders of positions, most important first, that perturbation metrics erase by.</summary>
public static class TokenRankings
{
    /// <summary>Positions by decreasing score; equal scores keep their text order (a stable sort).</summary>
    public static int[] Descending(IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Any(double.IsNaN)) throw new ArgumentException("a NaN score cannot be ranked", nameof(scores));
        return Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ToArray();
    }
}
