using System.Globalization;

namespace Safr.Kit.Analysis;

/// <summary>
/// Two tokens of one example that attend alike, with their co-attention weight
/// I_ij = sum_k A_ik A_jk (the soft weight L_inter pushes to overlap). Unordered: <see cref="I"/> &lt; <see cref="J"/>.
/// </summary>
/// <param name="I">The earlier position in the sequence.</param>
/// <param name="J">The later position.</param>
/// <param name="TokenI">The token at <paramref name="I"/>.</param>
/// <param name="TokenJ">The token at <paramref name="J"/>.</param>
/// <param name="Weight">The co-attention weight (head-averaged, or of one head).</param>
public sealed record TokenPair(int I, int J, string TokenI, string TokenJ, double Weight)
{
    /// <summary>For example <c>"not"@2 ~ "good"@3: 0.4127</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"\"{TokenI}\"@{I} ~ \"{TokenJ}\"@{J}: {Weight:G4}");
}
