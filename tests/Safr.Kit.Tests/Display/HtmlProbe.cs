using System.Text.Json;
using System.Text.RegularExpressions;

namespace Safr.Kit.Tests.Display;

/// <summary>Reads the pieces tests check back out of rendered HTML: tables, their rows, and each figure's JSON.</summary>
internal static partial class HtmlProbe
{
    /// <summary>The figures' JSON, in order: each figure script holds it on one line "var figure = {...};".</summary>
    public static IReadOnlyList<JsonElement> Figures(string html) =>
        [.. html.Split('\n').Where(l => l.StartsWith("var figure = ", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["var figure = ".Length..].TrimEnd(';')).RootElement.Clone())];

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

    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    public static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [GeneratedRegex("<div id=\"(safr-plot-[0-9a-f]{32})\"")]
    private static partial Regex FigureDiv();

    [GeneratedRegex("<table[^>]*>.*?</table>", RegexOptions.Singleline)]
    private static partial Regex Table();

    [GeneratedRegex("<tr[ >].*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Row();
}
