using System.Text;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>An <see cref="TokenMatrix"/> as a heatmap, after checking it is square and matches its tokens.</summary>
internal static class TokenMatrixView
{
    public static string Html(TokenMatrix m, PlotlyHtml plots)
    {
        ArgumentNullException.ThrowIfNull(m.Tokens);
        ArgumentNullException.ThrowIfNull(m.Values);
        if (m.Values.Count != m.Tokens.Count || m.Values.Any(row => row is null || row.Count != m.Tokens.Count))
            throw new ArgumentException($"the matrix must be {m.Tokens.Count} x {m.Tokens.Count}, one row and column per token");
        var html = new StringBuilder();
        if (m.Tokens.Count == 0) Paragraph(html, "No tokens.");
        else html.Append(plots.Figure(m.ToFigure()));
        return html.ToString();
    }

    /// <summary>The values as numbers, rows and columns named by the tokens: what the heatmap shows, readable without plotly.js.</summary>
    public static HtmlTable Table(TokenMatrix m)
    {
        var table = new HtmlTable(["row \\ column", .. m.Tokens]);
        for (var row = 0; row < m.Values.Count; row++)
        {
            table.Row().Head(m.Tokens[row]);
            foreach (var v in m.Values[row]) table.Cell(Num(v, "0.###"));
        }
        return table;
    }
}
