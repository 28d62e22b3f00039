namespace Safr.Kit.Data;

/// <summary>Seeded subsets of a split, for quick runs: the same (fraction, seed) always picks the same examples.</summary>
public static class DatasetSampling
{
    /// <summary>
    /// A seeded random <paramref name="fraction"/> of <paramref name="examples"/> (at least one), in their
    /// original order; fraction 1 returns the list itself.
    /// </summary>
    public static IReadOnlyList<TextExample> Fraction(IReadOnlyList<TextExample> examples, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!(fraction > 0 && fraction <= 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be in (0, 1]");
        if (fraction == 1 || examples.Count == 0) return examples;
        var count = Math.Max(1, (int)Math.Round(examples.Count * fraction));
        var order = Enumerable.Range(0, examples.Count).ToArray();
        StratifiedSplit.Shuffle(order, new Random(seed));
        return order.Take(count).Order().Select(i => examples[i]).ToArray();
    }
}
