using System.Text.RegularExpressions;

namespace Safr.Kit.Tests.Display;

/// <summary>Reads the pieces tests check back out of rendered HTML: tables, their rows, and each figure's XPlot script.</summary>
internal static partial class HtmlProbe
{
    /// <summary>
    /// Each figure's data and layout as XPlot wrote them into its script (<c>var data = [...];</c> and
    /// <c>var layout = {...};</c>, one line each), in order: what a page draws, to compare with a chart's own.
    /// </summary>
    public static IReadOnlyList<(string Data, string Layout)> XPlotScripts(string html)
    {
        var lines = html.Split('\n').Select(l => l.Trim()).ToArray();
        string[] Values(string prefix) => [.. lines.Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Select(l => l[prefix.Length..].TrimEnd(';'))];
        var data = Values("var data = ");
        var layouts = Values("var layout = ");
        Assert.Equal(data.Length, layouts.Length);
        return [.. data.Zip(layouts)];
    }

    /// <summary>The data and layout XPlot writes for <paramref name="figure"/>'s chart, with no kit code around them.</summary>
    public static (string Data, string Layout) ScriptOf(Safr.Kit.Display.Figure figure) => Assert.Single(XPlotScripts(figure.Chart.GetInlineHtml()));

    public static IReadOnlyList<string> FigureIds(string html) => [.. FigureDiv().Matches(html).Select(m => m.Groups[1].Value)];

    public static IReadOnlyList<string> Tables(string html) => [.. Table().Matches(html).Select(m => m.Value)];

    /// <summary>The body rows of a table (the header row is in thead).</summary>
    public static IReadOnlyList<string> BodyRows(string table)
    {
        var body = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        return [.. Row().Matches(body).Select(m => m.Value)];
    }

    public static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    [GeneratedRegex("<div id=\"(safr-plot-[0-9a-f]{32})\"")]
    private static partial Regex FigureDiv();

    [GeneratedRegex("<table[^>]*>.*?</table>", RegexOptions.Singleline)]
    private static partial Regex Table();

    [GeneratedRegex("<tr[ >].*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();
}
