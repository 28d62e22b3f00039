using System.Globalization;
using Microsoft.Data.Analysis;

namespace Safr.Kit.Display;

/// <summary>
/// A text's tokens with one score each (VMASK keep probability, an attribution, ...), displayed as the text
/// with every token shaded by its score. Scores all within [0, 1] shade as they are (probabilities);
/// otherwise they are scaled by the largest magnitude, positive orange and negative blue.
/// <code>
/// new TokenImportance(report.Tokens, report.KeepProbability, "VMASK keep probability")
/// </code>
/// </summary>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TokenImportance(IReadOnlyList<string> Tokens, IReadOnlyList<double> Scores, string? Title = null)
{
    /// <summary>Self-contained HTML (no scripts).</summary>
    public string ToHtml() => SafrDisplay.ToHtml(this);

    /// <summary>One row per token: Index (int), Token (string), Score (double). The title is not a column.</summary>
    public DataFrame ToDataFrame()
    {
        if (Scores.Count != Tokens.Count) throw new ArgumentException($"{Tokens.Count} tokens but {Scores.Count} scores");
        return new DataFrame(
            new Int32DataFrameColumn("Index", Enumerable.Range(0, Tokens.Count)),
            new StringDataFrameColumn("Token", Tokens),
            new DoubleDataFrameColumn("Score", Scores));
    }

    /// <summary>For example <c>not(0.91) a(0.12) good(0.88)</c>.</summary>
    public override string ToString() =>
        (Title is null ? "" : Title + ": ") +
        string.Join(' ', Tokens.Select((t, i) => i < Scores.Count ? string.Create(CultureInfo.InvariantCulture, $"{t}({Scores[i]:0.###})") : t));
}
