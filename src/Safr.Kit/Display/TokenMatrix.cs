using System.Globalization;
using System.Text;

namespace Safr.Kit.Display;

/// <summary>
/// A token x token matrix (the token overlap inside L_imp, co-attention, ...) displayed as a diverging
/// heatmap centred on zero, rows and columns named by the tokens (which may repeat).
/// </summary>
/// <param name="Values">Values[row][column], <see cref="Tokens"/>.Count square.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TokenMatrix(IReadOnlyList<string> Tokens, IReadOnlyList<IReadOnlyList<double>> Values, string? Title = null)
{
    public Figure ToFigure() => Charts.TokenMatrix(this);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Title ?? "Token matrix").Append(CultureInfo.InvariantCulture, $" ({Tokens.Count} x {Tokens.Count})");
        var width = Math.Clamp(Tokens.Count == 0 ? 6 : Tokens.Max(t => t.Length), 6, 12);
        for (var row = 0; row < Values.Count; row++)
        {
            text.Append('\n').Append((row < Tokens.Count ? Tokens[row] : "?").PadRight(width)[..width]);
            foreach (var v in Values[row]) text.Append(CultureInfo.InvariantCulture, $" {v,8:0.###}");
        }
        return text.ToString();
    }
}
