using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>One Plotly axis (layout.xaxis, yaxis, yaxis2): its title, ticks and range.</summary>
public sealed record Axis
{
    public string? Title { get; init; }

    /// <summary>Where ticks go; with <see cref="TickText"/>, labels that may repeat (tokens) on a numeric axis.</summary>
    public IReadOnlyList<double>? TickValues { get; init; }

    /// <summary>The label at each of <see cref="TickValues"/> (Plotly pseudo-HTML: escape data with <see cref="PlotlyText.Escape"/>).</summary>
    public IReadOnlyList<string>? TickText { get; init; }

    /// <summary>d3 format for tick labels, for example ".0%".</summary>
    public string? TickFormat { get; init; }

    /// <summary>The distance between ticks (Plotly's dtick), for example 1 for whole epochs; null lets Plotly choose.</summary>
    public double? TickStep { get; init; }

    /// <summary>Draws the axis from high to low (rows of a matrix top to bottom).</summary>
    public bool Reversed { get; init; }

    /// <summary>A fixed [min, max], or null for Plotly's autorange.</summary>
    public IReadOnlyList<double>? Range { get; init; }

    /// <summary>"linear", "log", "category", or null to let Plotly infer it.</summary>
    public string? AxisType { get; init; }

    /// <summary>For a second y axis: "y", so it shares the plot area of the first.</summary>
    public string? Overlaying { get; init; }

    /// <summary>"left", "right", "top" or "bottom".</summary>
    public string? Side { get; init; }

    public bool? ShowGrid { get; init; }

    /// <summary>Whether to draw the line at 0 (off for axes whose values are positions, such as a heatmap's tokens).</summary>
    public bool? ZeroLine { get; init; }

    internal void Write(Utf8JsonWriter json, string name)
    {
        json.WritePropertyName(name);
        json.WriteStartObject();
        FigureJson.Title(json, Title);
        if (TickValues is not null) json.WriteString("tickmode", "array");
        FigureJson.Numbers(json, "tickvals", TickValues);
        FigureJson.Strings(json, "ticktext", TickText);
        FigureJson.Optional(json, "tickformat", TickFormat);
        FigureJson.Optional(json, "dtick", TickStep);
        if (Reversed) json.WriteString("autorange", "reversed");
        FigureJson.Numbers(json, "range", Range);
        FigureJson.Optional(json, "type", AxisType);
        FigureJson.Optional(json, "overlaying", Overlaying);
        FigureJson.Optional(json, "side", Side);
        FigureJson.Optional(json, "showgrid", ShowGrid);
        FigureJson.Optional(json, "zeroline", ZeroLine);
        json.WriteBoolean("automargin", true);
        json.WriteEndObject();
    }
}
