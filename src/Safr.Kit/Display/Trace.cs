using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>
/// One Plotly trace (an entry of the figure's "data"). Text fields (names, hover text) are Plotly's
/// pseudo-HTML, so text that comes from data should pass through <see cref="PlotlyText.Escape"/>.
/// </summary>
public abstract record Trace
{
    private protected Trace() { }

    /// <summary>The legend entry.</summary>
    public string? Name { get; init; }

    /// <summary>Plotly's trace type ("heatmap", "scatter", "bar").</summary>
    public abstract string Type { get; }

    public static HeatmapTrace Heatmap(IReadOnlyList<IReadOnlyList<double>> z, IReadOnlyList<string>? x = null, IReadOnlyList<string>? y = null, Colorscale? colorscale = null) =>
        new(z) { X = x, Y = y, Colorscale = colorscale };

    /// <summary>A line with a marker at each point.</summary>
    public static ScatterTrace Line(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null) =>
        new(x, y) { Name = name, Mode = ScatterTrace.LinesAndMarkers };

    /// <param name="mode">Plotly's mode: "markers", "lines", "lines+markers", optionally with "+text".</param>
    public static ScatterTrace Scatter(IReadOnlyList<double> x, IReadOnlyList<double> y, string? name = null, string mode = ScatterTrace.Markers) =>
        new(x, y) { Name = name, Mode = mode };

    public static BarTrace Bar(IReadOnlyList<string> x, IReadOnlyList<double> y, string? name = null) => new(x, y) { Name = name };

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", Type);
        FigureJson.Optional(json, "name", Name);
        WriteProperties(json);
        json.WriteEndObject();
    }

    private protected abstract void WriteProperties(Utf8JsonWriter json);
}
