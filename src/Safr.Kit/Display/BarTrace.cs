using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>A Plotly bar trace: one bar per category in <see cref="X"/>.</summary>
public sealed record BarTrace(IReadOnlyList<string> X, IReadOnlyList<double> Y) : Trace
{
    public override string Type => "bar";

    /// <summary>A CSS colour for the bars.</summary>
    public string? Color { get; init; }

    /// <summary>Per-bar text, shown on hover with <c>%{text}</c>.</summary>
    public IReadOnlyList<string>? Text { get; init; }

    private protected override void WriteProperties(Utf8JsonWriter json)
    {
        FigureJson.Strings(json, "x", X);
        FigureJson.Numbers(json, "y", Y);
        FigureJson.Colored(json, "marker", Color);
        FigureJson.Strings(json, "text", Text);
    }
}
