namespace Safr.Kit.Display;

/// <summary>Settings and helpers shared by every figure: where plotly.js comes from, and pages of several figures.</summary>
public static class Plots
{
    /// <summary>The plotly.js version pinned in tools/plotly/package.json; the CDN URL uses the same one.</summary>
    public const string PlotlyJsVersion = "2.35.3";

    /// <summary>Names plotly.min.js directly, ahead of every other place <see cref="FindPlotlyJs"/> looks.</summary>
    public const string PlotlyJsEnvironmentVariable = "SAFR_PLOTLY_JS";

    /// <summary>plotly.js on Plotly's CDN, at <see cref="PlotlyJsVersion"/>.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-" + PlotlyJsVersion + ".min.js";

    /// <summary>
    /// How figures get plotly.js unless a call says otherwise. <see cref="PlotlyScript.Embedded"/> by
    /// default, so output works offline; set <see cref="PlotlyScript.Cdn"/> to keep saved notebooks small.
    /// </summary>
    public static PlotlyScript Script { get; set; } = PlotlyScript.Embedded;

    /// <summary>Several figures as one HTML fragment, plotly.js included at most once.</summary>
    public static string ToHtml(PlotlyScript script, params IEnumerable<Figure> figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var html = new PlotlyHtml(script);
        return string.Concat(figures.Select(html.Figure));
    }

    /// <summary>The plotly.min.js that <see cref="PlotlyScript.Embedded"/> inlines, or null when none is installed.</summary>
    public static string? FindPlotlyJs() => PlotlyJs.Locate().Path;
}
