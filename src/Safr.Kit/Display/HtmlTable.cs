using System.Text;

namespace Safr.Kit.Display;

/// <summary>
/// A small table builder for the views. Header and plain cells take text and encode it; <see cref="Raw"/>
/// cells take HTML the view has already built (and encoded).
/// </summary>
internal sealed class HtmlTable
{
    private readonly StringBuilder _html = new();
    private bool _rowOpen;

    public HtmlTable(params string[] headers)
    {
        _html.Append("<table style=\"").Append(HtmlParts.TableStyle).Append("\">\n<thead><tr>");
        foreach (var h in headers) _html.Append("<th style=\"").Append(HtmlParts.HeaderCell).Append("\">").Append(HtmlParts.E(h)).Append("</th>");
        _html.Append("</tr></thead>\n<tbody>\n");
    }

    /// <summary>Starts a row; <paramref name="style"/> (for example <see cref="HtmlParts.Highlight"/>) applies to the whole row.</summary>
    public HtmlTable Row(string? style = null, string? title = null)
    {
        EndRow();
        _html.Append("<tr");
        if (style is not null) _html.Append(" style=\"").Append(style).Append('"');
        if (title is not null) _html.Append(" title=\"").Append(HtmlParts.E(title)).Append('"');
        _html.Append('>');
        _rowOpen = true;
        return this;
    }

    /// <summary>A row header cell (left-aligned, bold).</summary>
    public HtmlTable Head(string text) => Raw(HtmlParts.E(text), header: true);

    public HtmlTable Cell(string text) => Raw(HtmlParts.E(text));

    public HtmlTable Raw(string html, bool header = false)
    {
        if (!_rowOpen) Row();
        var tag = header ? "th" : "td";
        _html.Append('<').Append(tag).Append(" style=\"").Append(header ? HtmlParts.HeaderCell + ";text-align:left" : HtmlParts.Cell)
            .Append("\">").Append(html).Append("</").Append(tag).Append('>');
        return this;
    }

    public override string ToString()
    {
        EndRow();
        return _html.ToString() + "</tbody>\n</table>\n";
    }

    private void EndRow()
    {
        if (!_rowOpen) return;
        _html.Append("</tr>\n");
        _rowOpen = false;
    }
}
