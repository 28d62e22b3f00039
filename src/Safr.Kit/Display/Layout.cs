using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>A figure's Plotly layout: title, axes and size.</summary>
public sealed record Layout
{
    public string? Title { get; init; }

    public Axis? XAxis { get; init; }

    public Axis? YAxis { get; init; }

    /// <summary>A second y axis; give it <c>Overlaying = "y", Side = "right"</c> and set traces' YAxis to "y2".</summary>
    public Axis? YAxis2 { get; init; }

    /// <summary>Pixels; null lets Plotly choose (450).</summary>
    public int? Height { get; init; }

    /// <summary>Pixels; null fills the container (the figure is responsive).</summary>
    public int? Width { get; init; }

    /// <summary>"group", "stack" or "overlay" for several bar traces.</summary>
    public string? BarMode { get; init; }

    /// <summary>Lays the legend out in a row under the plot instead of a column beside it.</summary>
    public bool HorizontalLegend { get; init; }

    internal void Write(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        FigureJson.Title(json, Title);
        XAxis?.Write(json, "xaxis");
        YAxis?.Write(json, "yaxis");
        YAxis2?.Write(json, "yaxis2");
        if (Height is { } h) json.WriteNumber("height", h);
        if (Width is { } w) json.WriteNumber("width", w);
        FigureJson.Optional(json, "barmode", BarMode);
        if (HorizontalLegend)
        {
            json.WritePropertyName("legend");
            json.WriteStartObject();
            json.WriteString("orientation", "h");
            json.WriteNumber("y", -0.2);
            json.WriteEndObject();
        }
        json.WritePropertyName("margin");
        json.WriteStartObject();
        json.WriteNumber("t", Title is null ? 20 : 50);
        json.WriteNumber("r", 30);
        json.WriteNumber("b", 50);
        json.WriteNumber("l", 60);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
