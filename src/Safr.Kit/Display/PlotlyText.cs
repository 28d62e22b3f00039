using System.Net;

namespace Safr.Kit.Display;

/// <summary>
/// Plotly renders titles, tick labels, names and hover text as a subset of HTML (&lt;b&gt;, &lt;br&gt;, links).
/// Text from data (tokens, run names) is entity-encoded so that it shows as written: "&lt;b&gt;" stays a token.
/// </summary>
public static class PlotlyText
{
    public static string Escape(string? text) => WebUtility.HtmlEncode(text ?? "");
}
