using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>
/// Writing helpers for Plotly's figure JSON. JSON has no NaN or infinity, and Plotly draws a gap for null,
/// so non-finite numbers are written as null rather than failing the whole figure.
/// </summary>
internal static class FigureJson
{
    public static void Number(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteNullValue();
    }

    public static void Numbers(Utf8JsonWriter json, string name, IReadOnlyList<double>? values)
    {
        if (values is null) return;
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var v in values) Number(json, v);
        json.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter json, string name, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var v in values) json.WriteStringValue(v);
        json.WriteEndArray();
    }

    public static void Optional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null) json.WriteString(name, value);
    }

    public static void Optional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is not { } v) return;
        json.WritePropertyName(name);
        Number(json, v);
    }

    public static void Optional(Utf8JsonWriter json, string name, bool? value)
    {
        if (value is { } v) json.WriteBoolean(name, v);
    }

    /// <summary>An object holding only a colour, such as <c>"marker": {"color": ...}</c>; nothing when there is no colour.</summary>
    public static void Colored(Utf8JsonWriter json, string name, string? color)
    {
        if (color is null) return;
        json.WritePropertyName(name);
        json.WriteStartObject();
        json.WriteString("color", color);
        json.WriteEndObject();
    }

    /// <summary>Plotly's title object: <c>"title": {"text": ...}</c> (the string form is deprecated).</summary>
    public static void Title(Utf8JsonWriter json, string? text)
    {
        if (text is null) return;
        json.WritePropertyName("title");
        json.WriteStartObject();
        json.WriteString("text", text);
        json.WriteEndObject();
    }
}
