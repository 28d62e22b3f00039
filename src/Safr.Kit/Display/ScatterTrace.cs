using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>A Plotly scatter trace: points, a line, or both (<see cref="Mode"/>).</summary>
public sealed record ScatterTrace(IReadOnlyList<double> X, IReadOnlyList<double> Y) : Trace
{
    public const string Markers = "markers";
    public const string Lines = "lines";
    public const string LinesAndMarkers = "lines+markers";

    public override string Type => "scatter";

    /// <summary>Plotly's mode: <see cref="Markers"/>, <see cref="Lines"/> or <see cref="LinesAndMarkers"/>.</summary>
    public string Mode { get; init; } = Markers;

    /// <summary>Line style: "solid", "dash", "dot", "dashdot".</summary>
    public string? Dash { get; init; }

    /// <summary>A CSS colour for the line and markers.</summary>
    public string? Color { get; init; }

    /// <summary>The y axis this trace is drawn against: null for the first, "y2" for <see cref="Layout.YAxis2"/>.</summary>
    public string? YAxis { get; init; }

    /// <summary>Per-point text, shown on hover with <c>%{text}</c>.</summary>
    public IReadOnlyList<string>? Text { get; init; }

    public string? HoverTemplate { get; init; }

    private protected override void WriteProperties(Utf8JsonWriter json)
    {
        FigureJson.Numbers(json, "x", X);
        FigureJson.Numbers(json, "y", Y);
        json.WriteString("mode", Mode);
        if (Dash is not null || Color is not null)
        {
            json.WritePropertyName("line");
            json.WriteStartObject();
            FigureJson.Optional(json, "dash", Dash);
            FigureJson.Optional(json, "color", Color);
            json.WriteEndObject();
        }
        FigureJson.Colored(json, "marker", Color);
        FigureJson.Optional(json, "yaxis", YAxis);
        FigureJson.Strings(json, "text", Text);
        FigureJson.Optional(json, "hovertemplate", HoverTemplate);
    }
}
