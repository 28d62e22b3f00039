using Safr.Kit.Data;

namespace Safr.Kit.Metrics;

/// <summary>
/// The input perturbations of ERASER's faithfulness metrics (DeYoung et al., ACL 2020): the top-k tokens
/// of a ranking are deleted (comprehensiveness) or kept alone (sufficiency). Deleting removes the tokens,
/// so the sequence gets shorter, as ERASER does, rather than masking them in place. A sequence is never
/// left empty, since the model cannot read one: when every token would go, a single
/// <see cref="Vocabulary.PadId"/> stands in for the empty text.
/// </summary>
public static class TokenErasure
{
    /// <summary>
    /// k for one bin: ceil(<paramref name="fraction"/> * <paramref name="length"/>), at least 1 token and at
    /// most all of them (a 1e-9 slack keeps 0.07 * 100 at 7 despite rounding).
    /// </summary>
    public static int TopCount(int length, double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (!(fraction > 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "a bin is a fraction of the tokens in (0, 1]");
        var k = (int)Math.Ceiling(fraction * length - 1e-9);
        return Math.Clamp(k, 1, length);
    }

    /// <summary>
    /// <paramref name="tokens"/> without the first <paramref name="k"/> positions of <paramref name="ranking"/>
    /// (the comprehensiveness input x \ r), in their original order; [PAD] when nothing would remain.
    /// </summary>
    /// <param name="ranking">Positions of <paramref name="tokens"/>, most important first (a permutation).</param>
    public static int[] WithoutTop(IReadOnlyList<int> tokens, IReadOnlyList<int> ranking, int k)
    {
        var top = TopPositions(tokens, ranking, k);
        var kept = new List<int>(tokens.Count - k);
        for (var i = 0; i < tokens.Count; i++)
            if (!top[i]) kept.Add(tokens[i]);
        return kept.Count == 0 ? [Vocabulary.PadId] : [.. kept];
    }

    /// <summary>
    /// Only the first <paramref name="k"/> positions of <paramref name="ranking"/> (the sufficiency input r),
    /// in their original order, not in rank order: the text with everything else deleted ([PAD] for k = 0).
    /// </summary>
    /// <param name="ranking">Positions of <paramref name="tokens"/>, most important first (a permutation).</param>
    public static int[] OnlyTop(IReadOnlyList<int> tokens, IReadOnlyList<int> ranking, int k)
    {
        var top = TopPositions(tokens, ranking, k);
        var kept = new int[k];
        var n = 0;
        for (var i = 0; i < tokens.Count; i++)
            if (top[i]) kept[n++] = tokens[i];
        return k == 0 ? [Vocabulary.PadId] : kept;
    }

    /// <summary>Throws unless <paramref name="ranking"/> is a permutation of 0 .. <paramref name="length"/> - 1.</summary>
    public static void CheckRanking(IReadOnlyList<int> ranking, int length, string argumentName = "ranking")
    {
        ArgumentNullException.ThrowIfNull(ranking, argumentName);
        if (ranking.Count != length)
            throw new ArgumentException($"a ranking must list each of the {length} positions once, got {ranking.Count} entries", argumentName);
        var seen = new bool[length];
        foreach (var position in ranking)
        {
            if (position < 0 || position >= length || seen[position])
                throw new ArgumentException($"a ranking must be a permutation of positions 0..{length - 1}; position {position} is out of range or repeated", argumentName);
            seen[position] = true;
        }
    }

    private static bool[] TopPositions(IReadOnlyList<int> tokens, IReadOnlyList<int> ranking, int k)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        CheckRanking(ranking, tokens.Count, nameof(ranking));
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, tokens.Count);
        var top = new bool[tokens.Count];
        for (var r = 0; r < k; r++) top[ranking[r]] = true;
        return top;
    }
}
