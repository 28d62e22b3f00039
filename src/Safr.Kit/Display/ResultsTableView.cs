using System.Text;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>A <see cref="ResultsTable"/> as an HTML table; a row with a missing or extra cell is an error, not a shifted table.</summary>
internal static class ResultsTableView
{
    public static string Html(ResultsTable t)
    {
        ArgumentNullException.ThrowIfNull(t.Columns);
        ArgumentNullException.ThrowIfNull(t.Rows);
        var html = new StringBuilder();
        if (t.Title is not null) Heading(html, t.Title, 4);
        var table = new HtmlTable([.. t.Columns]);
        for (var r = 0; r < t.Rows.Count; r++)
        {
            var row = t.Rows[r] ?? throw new ArgumentException($"row {r} is null");
            if (row.Count != t.Columns.Count) throw new ArgumentException($"row {r} has {row.Count} cells for {t.Columns.Count} columns");
            table.Row().Head(row[0]);
            foreach (var cell in row.Skip(1)) table.Cell(cell);
        }
        html.Append(table);
        return html.ToString();
    }
}
