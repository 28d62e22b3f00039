using XPlot.Plotly;

namespace Safr.Kit.Display;

/// <summary>
/// A Plotly figure built with XPlot.Plotly: XPlot's traces and layout, and the <see cref="PlotlyChart"/> made of
/// them, whose own HTML is what a notebook shows (through the kit's formatters, <see cref="SafrDisplay"/>).
/// <see cref="Traces"/> and <see cref="Layout"/> are the objects the chart draws, so changing them (or calling
/// the chart's With* methods) changes the figure.
/// <code>
/// var figure = new Figure([new Scatter { x = new[] { 1, 2, 3 }, y = new[] { 0.9, 0.5, 0.4 }, name = "loss" }], new Layout.Layout { title = "Training" });
/// </code>
/// </summary>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed class Figure
{
    /// <summary>XPlot's default chart width; the height follows the layout's.</summary>
    public const int DefaultWidth = 900;

    /// <summary>Plotly's default height, for layouts that set none.</summary>
    public const int DefaultHeight = 450;

    private readonly Lock _rendering = new();

    public Figure(IEnumerable<Trace> traces, Layout.Layout layout)
    {
        ArgumentNullException.ThrowIfNull(traces);
        ArgumentNullException.ThrowIfNull(layout);
        Traces = [.. traces];
        if (Traces.Any(t => t is null)) throw new ArgumentException("a figure's traces may not be null", nameof(traces));
        Layout = layout;
        Chart = XPlot.Plotly.Chart.Plot(Traces, layout);
        Chart.WithPlotlySrc(Plots.CdnUrl);  // the pinned plotly.js, not XPlot's plotly-latest (frozen at 1.x)
        Chart.WithSize(DefaultWidth, layout.ShouldSerializeheight() ? (int)Math.Ceiling(layout.height) : DefaultHeight);
    }

    /// <summary>The traces, in drawing order (XPlot's <see cref="Scatter"/>, <see cref="Heatmap"/>, <see cref="Bar"/>, ...).</summary>
    public IReadOnlyList<Trace> Traces { get; }

    public Layout.Layout Layout { get; }

    /// <summary>
    /// The XPlot chart of <see cref="Traces"/> and <see cref="Layout"/>; its <see cref="PlotlyChart.PlotlySrc"/> is
    /// <see cref="Plots.CdnUrl"/>. Rendering gives it a fresh <see cref="PlotlyChart.Id"/> each time, so that one
    /// figure shown twice draws twice.
    /// </summary>
    public PlotlyChart Chart { get; }

    /// <summary>The layout's title, or null.</summary>
    public string? Title => Layout.ShouldSerializetitle() ? Layout.title : null;

    /// <summary>The figure as HTML that draws itself, getting plotly.js as <see cref="Plots.Script"/> says.</summary>
    public string ToHtml() => ToHtml(Plots.Script);

    /// <summary>The chart's own HTML (its &lt;div&gt; and drawing script), plotly.js included as <paramref name="script"/> says.</summary>
    public string ToHtml(PlotlyScript script) => new PlotlyHtml(script).Figure(this);

    /// <summary>
    /// XPlot's inline HTML for the chart under element id <paramref name="id"/>: a &lt;div&gt; and a
    /// &lt;script&gt; that calls Plotly.newPlot.
    /// </summary>
    internal string InlineHtml(string id)
    {
        lock (_rendering)  // the id is the chart's state: one rendering at a time
        {
            Chart.WithId(id);
            return Chart.GetInlineHtml();
        }
    }

    public override string ToString() =>
        $"Figure{(Title is null ? "" : $" \"{Title}\"")}: {Traces.Count} trace(s) ({string.Join(", ", Traces.Select(TraceType))})";

    /// <summary>Plotly's type name of an XPlot trace ("scatter", "heatmap", ...): XPlot names each trace class after it.</summary>
    private static string TraceType(Trace trace) => trace.GetType().Name.ToLowerInvariant();
}
