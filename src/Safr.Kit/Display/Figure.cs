using System.Text;
using System.Text.Json;

namespace Safr.Kit.Display;

/// <summary>
/// A Plotly figure built in C#: traces and a layout, serialised to Plotly's figure JSON
/// (<c>{"data": [...], "layout": {...}}</c>) and rendered as a self-drawing HTML snippet. Displayed in a
/// notebook it draws itself.
/// <code>
/// var figure = new Figure { Data = [Trace.Line([1, 2, 3], [0.9, 0.5, 0.4], "loss")], Layout = new() { Title = "Training" } };
/// </code>
/// </summary>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record Figure
{
    public IReadOnlyList<Trace> Data { get; init; } = [];

    public Layout Layout { get; init; } = new();

    /// <summary>
    /// Compact JSON written with System.Text.Json's default encoder, which escapes &lt;, &gt;, &amp; and
    /// quotes as \uXXXX: the text can go inside a &lt;script&gt; element without closing it.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WritePropertyName("data");
            json.WriteStartArray();
            foreach (var trace in Data) trace.Write(json);
            json.WriteEndArray();
            json.WritePropertyName("layout");
            Layout.Write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The figure as HTML that draws itself, getting plotly.js as <see cref="Plots.Script"/> says.</summary>
    public string ToHtml() => ToHtml(Plots.Script);

    /// <summary>A &lt;div&gt; with a unique id and the &lt;script&gt; that draws into it (plotly.js included as <paramref name="script"/> says).</summary>
    public string ToHtml(PlotlyScript script) => new PlotlyHtml(script).Figure(this);

    public override string ToString() =>
        $"Figure{(Layout.Title is null ? "" : $" \"{Layout.Title}\"")}: {Data.Count} trace(s) ({string.Join(", ", Data.Select(t => t.Type))})";
}
