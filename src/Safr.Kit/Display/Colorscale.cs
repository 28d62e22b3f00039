using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>
/// A heatmap's colours: one of Plotly's named scales ("Viridis", "Blues", ...) or explicit stops from 0 to 1.
/// A string converts implicitly, so <c>Colorscale = "Viridis"</c> works.
/// </summary>
public sealed record Colorscale
{
    private Colorscale(string? name, IReadOnlyList<(double Position, string Color)>? stops) => (Name, Stops) = (name, stops);

    /// <summary>A Plotly named scale, or null when <see cref="Stops"/> is set.</summary>
    public string? Name { get; }

    /// <summary>(position in [0, 1], CSS colour) pairs, or null for a named scale.</summary>
    public IReadOnlyList<(double Position, string Color)>? Stops { get; }

    public static Colorscale Named(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new Colorscale(name, null);
    }

    public static Colorscale FromStops(params (double Position, string Color)[] stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        if (stops.Length < 2) throw new ArgumentException("a colour scale needs at least two stops", nameof(stops));
        return new Colorscale(null, stops);
    }

    public static implicit operator Colorscale(string name) => Named(name);

    /// <summary>White through light orange to dark orange: shares and probabilities in [0, 1].</summary>
    public static Colorscale Share { get; } = FromStops((0, "#ffffff"), (0.5, "#fdae6b"), (1, "#d94801"));

    /// <summary>Blue, white, red: signed values centred on zero (set the trace's ZMid to 0).</summary>
    public static Colorscale Diverging { get; } = FromStops((0, "#2166ac"), (0.5, "#f7f7f7"), (1, "#b2182b"));

    internal void Write(Utf8JsonWriter json)
    {
        if (Name is not null)
        {
            json.WriteStringValue(Name);
            return;
        }
        json.WriteStartArray();
        foreach (var (position, color) in Stops!)
        {
            json.WriteStartArray();
            FigureJson.Number(json, position);
            json.WriteStringValue(color);
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
