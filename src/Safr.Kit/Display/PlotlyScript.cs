namespace Safr.Kit.Display;

/// <summary>Where a figure's HTML gets plotly.js from when the page does not already have <c>window.Plotly</c>.</summary>
public enum PlotlyScript
{
    /// <summary>
    /// The minified plotly.js-dist-min inlined once per page (about 4.5 MB): works offline and in saved
    /// notebooks, at the cost of size. Falls back to <see cref="Cdn"/> when the file is not installed.
    /// </summary>
    Embedded,

    /// <summary>A script tag for <see cref="Plots.CdnUrl"/>, loaded on demand: small output, needs the network.</summary>
    Cdn,
}
