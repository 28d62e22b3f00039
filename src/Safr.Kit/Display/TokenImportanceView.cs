using System.Globalization;
using System.Text;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>Tokens as running text, each shaded by its score, the exact score on hover.</summary>
internal static class TokenImportanceView
{
    public static string Html(TokenImportance t)
    {
        var html = new StringBuilder();
        if (t.Title is not null) Heading(html, t.Title, 4);
        Spans(html, t.Tokens, t.Scores, i => F($"{t.Scores[i]:0.####}"));
        return html.ToString();
    }

    /// <summary>The shaded text; <paramref name="tooltip"/> gives each token's hover text.</summary>
    public static void Spans(StringBuilder html, IReadOnlyList<string> tokens, IReadOnlyList<double> scores, Func<int, string> tooltip)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(scores);
        if (tokens.Count != scores.Count)
            throw new ArgumentException($"{tokens.Count} tokens but {scores.Count} scores: one score per token is needed");
        var finite = scores.Where(double.IsFinite).ToArray();
        var probabilities = finite.All(s => s is >= 0 and <= 1);
        var scale = probabilities ? 1 : finite.Select(Math.Abs).DefaultIfEmpty(0).Max();
        html.Append("<div style=\"line-height:2.1;font-family:ui-monospace,SFMono-Regular,Menlo,monospace;margin:4px 0\">");
        for (var i = 0; i < tokens.Count; i++)
        {
            var s = scores[i];
            var alpha = scale > 0 && double.IsFinite(s) ? Math.Abs(s) / scale : 0;
            var colour = s >= 0 ? Rgba(255, 140, 0, alpha) : Rgba(31, 119, 180, alpha);
            html.Append("<span style=\"background:").Append(colour)
                .Append(";padding:1px 4px;margin:0 1px;border-radius:3px;border:1px solid rgba(128,128,128,0.3)\" title=\"")
                .Append(E(tooltip(i))).Append("\">").Append(E(tokens[i])).Append("</span> ");
        }
        html.Append("</div>\n");
        Paragraph(html, probabilities
            ? "Shade: the score, from 0 (none) to 1 (full); hover for the value."
            : string.Create(CultureInfo.InvariantCulture, $"Shade: |score| / {scale:G4} (the largest magnitude), orange positive, blue negative; hover for the value."), Muted + ";font-size:11px");
    }
}
