using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>
/// A Plotly heatmap: <see cref="Z"/>[row][column], rows along y. Plotly merges equal category labels, so
/// for axes whose labels repeat (a text's tokens) leave <see cref="X"/>/<see cref="Y"/> null (cells sit at
/// 0, 1, 2, ...) and name the cells with the axis's <see cref="Axis.TickText"/> instead.
/// </summary>
public sealed record HeatmapTrace(IReadOnlyList<IReadOnlyList<double>> Z) : Trace
{
    public override string Type => "heatmap";

    /// <summary>Column labels (unique), or null for 0, 1, 2, ...</summary>
    public IReadOnlyList<string>? X { get; init; }

    /// <summary>Row labels (unique), or null for 0, 1, 2, ...</summary>
    public IReadOnlyList<string>? Y { get; init; }

    public Colorscale? Colorscale { get; init; }

    public double? ZMin { get; init; }

    public double? ZMax { get; init; }

    /// <summary>The value at the colour scale's middle (0 for signed data with a diverging scale).</summary>
    public double? ZMid { get; init; }

    /// <summary>Per-cell text, same shape as <see cref="Z"/>; shown on hover with <c>%{text}</c>.</summary>
    public IReadOnlyList<IReadOnlyList<string>>? Text { get; init; }

    /// <summary>Plotly's hovertemplate, for example <c>"%{text}&lt;extra&gt;&lt;/extra&gt;"</c>.</summary>
    public string? HoverTemplate { get; init; }

    public string? ColorbarTitle { get; init; }

    /// <summary>Pixels between cells.</summary>
    public double? Gap { get; init; }

    private protected override void WriteProperties(Utf8JsonWriter json)
    {
        json.WritePropertyName("z");
        json.WriteStartArray();
        foreach (var row in Z)
        {
            json.WriteStartArray();
            foreach (var v in row) FigureJson.Number(json, v);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        FigureJson.Strings(json, "x", X);
        FigureJson.Strings(json, "y", Y);
        if (Colorscale is not null)
        {
            json.WritePropertyName("colorscale");
            Colorscale.Write(json);
        }
        FigureJson.Optional(json, "zmin", ZMin);
        FigureJson.Optional(json, "zmax", ZMax);
        FigureJson.Optional(json, "zmid", ZMid);
        if (Text is not null)
        {
            json.WritePropertyName("text");
            json.WriteStartArray();
            foreach (var row in Text)
            {
                json.WriteStartArray();
                foreach (var s in row) json.WriteStringValue(s);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        FigureJson.Optional(json, "hovertemplate", HoverTemplate);
        if (ColorbarTitle is not null)
        {
            json.WritePropertyName("colorbar");
            json.WriteStartObject();
            FigureJson.Title(json, ColorbarTitle);
            json.WriteEndObject();
        }
        FigureJson.Optional(json, "xgap", Gap);
        FigureJson.Optional(json, "ygap", Gap);
    }
}
