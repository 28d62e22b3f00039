using System.Globalization;
using System.Text;

namespace Safr.Kit.Display;

/// <summary>
/// A plain table of results for a notebook (one row per model, configuration or seed): columns and text
/// cells, shown as an HTML table, or as aligned text where HTML is not available.
/// <code>new ResultsTable(["model", "test acc"], [["baseline", "82.1 %"], ["SAFR", "81.7 %"]], "SST-2")</code>
/// It stays beside the DataFrames of <c>Safr.Kit.Tables</c> (<c>records.Frame()</c>) for what they do not
/// do: a title, and numbers already rounded and shown with their units ("81.70 %", "0.8123 ± 0.0101"), in the kit's
/// own HTML and text. A DataFrame holds the values themselves, typed and at full precision, for filtering, grouping
/// and CSV; its notebook rendering has no title and prints raw doubles.
/// </summary>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record ResultsTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, string? Title = null)
{
    /// <summary>Formats numbers the way result tables show them: invariant culture, <paramref name="format"/> (default F4).</summary>
    public static string Number(double value, string format = "F4") => value.ToString(format, CultureInfo.InvariantCulture);

    public string ToHtml() => SafrDisplay.ToHtml(this);

    public override string ToString()
    {
        var widths = Columns.Select((c, i) => Math.Max(c.Length, Rows.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        var text = new StringBuilder();
        if (Title is not null) text.AppendLine(Title);
        text.AppendLine(string.Join("  ", Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in Rows) text.AppendLine(string.Join("  ", row.Select((c, i) => i < widths.Length ? c.PadRight(widths[i]) : c)).TrimEnd());
        return text.ToString();
    }
}
