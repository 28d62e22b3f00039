using System.Globalization;
using System.Net;
using System.Text;

namespace Safr.Kit.Display;

/// <summary>
/// The pieces every view is made of. Styles are inline attributes, so output looks the same wherever it is
/// pasted and never restyles the rest of a notebook; colours are translucent so they read in light and
/// dark themes. Every piece of text goes through <see cref="E"/>.
/// </summary>
internal static class HtmlParts
{
    public const string Font = "font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.45";
    public const string TableStyle = "border-collapse:collapse;margin:6px 0 10px 0;font-size:12px";
    public const string Cell = "border:1px solid rgba(128,128,128,0.35);padding:3px 8px;text-align:right;font-variant-numeric:tabular-nums";
    public const string HeaderCell = Cell + ";background:rgba(128,128,128,0.12);font-weight:600";
    public const string Highlight = "background:rgba(255,190,0,0.22)";
    public const string Good = "#1a7f37";
    public const string Bad = "#cf222e";
    public const string Muted = "opacity:0.75";

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>A number with <paramref name="format"/>, "NaN" / "∞" spelled out rather than formatted.</summary>
    public static string Num(double value, string format = "0.0000") =>
        double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "∞" : "-∞") : value.ToString(format, CultureInfo.InvariantCulture);

    public static string Pct(double value, int decimals = 2) =>
        double.IsFinite(value) ? (value * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%" : Num(value);

    /// <summary>The outer box of one displayed value.</summary>
    public static string Wrap(string body) => $"<div class=\"safr-display\" style=\"{Font}\">\n{body}</div>\n";

    public static void Heading(StringBuilder html, string text, int level = 3) =>
        html.Append("<h").Append(level).Append(" style=\"margin:10px 0 4px 0\">").Append(E(text)).Append("</h").Append(level).Append(">\n");

    public static void Paragraph(StringBuilder html, string text, string? style = null)
    {
        html.Append("<p style=\"margin:4px 0").Append(style is null ? "" : ";" + style).Append("\">").Append(E(text)).Append("</p>\n");
    }

    /// <summary>A signed difference coloured by whether it is an improvement; grey when the direction has no better side.</summary>
    /// <param name="higherIsBetter">True or false for a metric with a better direction, null for none.</param>
    public static string Delta(double delta, bool? higherIsBetter, Func<double, string> format)
    {
        var text = (delta > 0 ? "+" : "") + format(delta);
        if (!double.IsFinite(delta) || delta == 0 || higherIsBetter is null) return $"<span style=\"{Muted}\">{E(text)}</span>";
        var better = delta > 0 == higherIsBetter.Value;
        return $"<span style=\"color:{(better ? Good : Bad)};font-weight:600\" title=\"{(better ? "better" : "worse")}\">{E(text)}</span>";
    }

    /// <summary>A background for a value in [0, 1] (clamped); NaN gives none.</summary>
    public static string Rgba(int red, int green, int blue, double alpha)
    {
        var a = double.IsFinite(alpha) ? Math.Clamp(alpha, 0, 1) : 0;
        return F($"rgba({red},{green},{blue},{a:0.###})");
    }

    /// <summary>
    /// A red-bordered box saying which value could not be shown and why: a formatter must never throw into
    /// the notebook, and an empty output would hide the problem.
    /// </summary>
    public static string ErrorBox(Type type, Exception e) =>
        $"<div class=\"safr-display-error\" style=\"{Font};border:2px solid {Bad};border-radius:4px;padding:6px 10px;margin:4px 0\">" +
        $"<strong style=\"color:{Bad}\">Safr.Kit could not display {E(type.FullName ?? type.Name)}</strong><br>" +
        $"<code>{E(e.GetType().Name)}: {E(e.Message)}</code></div>\n";
}
