using System.Text.Json;
using Safr.Kit.Display;
using static Safr.Kit.Tests.Display.HtmlProbe;

namespace Safr.Kit.Tests.Display;

/// <summary>The figure model writes Plotly's figure JSON: the keys plotly.js reads, and nothing a page could trip on.</summary>
public class FigureJsonTests
{
    private static Figure Sample() => new()
    {
        Data =
        [
            Trace.Heatmap([[1, 2], [3, double.NaN]], ["c0", "c1"], ["r0", "r1"], "Viridis") with { ZMid = 0, ColorbarTitle = "v" },
            Trace.Line([1, 2, 3], [0.5, 0.25, 0.125], "loss") with { Dash = "dash" },
            Trace.Scatter([1, 2], [3, 4], "points"),
            Trace.Bar(["a", "b"], [5, 6], "bars"),
        ],
        Layout = new Layout { Title = "Sample", XAxis = new Axis { Title = "x title" }, YAxis = new Axis { Title = "y title", Reversed = true }, Height = 300 },
    };

    [Fact]
    public void Traces_and_layout_use_plotlys_schema_keys()
    {
        var json = JsonDocument.Parse(Sample().ToJson()).RootElement;
        Assert.Equal(["data", "layout"], json.EnumerateObject().Select(p => p.Name));
        var data = json.GetProperty("data");

        var heatmap = data[0];
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        Assert.Equal([1.0, 2], Numbers(heatmap.GetProperty("z")[0]));
        Assert.Equal(JsonValueKind.Null, heatmap.GetProperty("z")[1][1].ValueKind);  // NaN: a gap, not an invalid document
        Assert.Equal(["c0", "c1"], Strings(heatmap.GetProperty("x")));
        Assert.Equal(["r0", "r1"], Strings(heatmap.GetProperty("y")));
        Assert.Equal("Viridis", heatmap.GetProperty("colorscale").GetString());
        Assert.Equal(0, heatmap.GetProperty("zmid").GetDouble());
        Assert.Equal("v", heatmap.GetProperty("colorbar").GetProperty("title").GetProperty("text").GetString());

        var line = data[1];
        Assert.Equal("scatter", line.GetProperty("type").GetString());
        Assert.Equal("lines+markers", line.GetProperty("mode").GetString());
        Assert.Equal("loss", line.GetProperty("name").GetString());
        Assert.Equal([1.0, 2, 3], Numbers(line.GetProperty("x")));
        Assert.Equal([0.5, 0.25, 0.125], Numbers(line.GetProperty("y")));
        Assert.Equal("dash", line.GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal("markers", data[2].GetProperty("mode").GetString());

        var bar = data[3];
        Assert.Equal("bar", bar.GetProperty("type").GetString());
        Assert.Equal(["a", "b"], Strings(bar.GetProperty("x")));
        Assert.Equal([5.0, 6], Numbers(bar.GetProperty("y")));

        var layout = json.GetProperty("layout");
        Assert.Equal("Sample", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("x title", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("y title", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal(300, layout.GetProperty("height").GetInt32());
    }

    [Fact]
    public void Named_and_explicit_colour_scales()
    {
        var stops = JsonDocument.Parse(new Figure { Data = [Trace.Heatmap([[0.0]], colorscale: Colorscale.Diverging)] }.ToJson())
            .RootElement.GetProperty("data")[0].GetProperty("colorscale");
        Assert.Equal(3, stops.GetArrayLength());
        Assert.Equal(0, stops[0][0].GetDouble());
        Assert.Equal("#2166ac", stops[0][1].GetString());
        Assert.Throws<ArgumentException>(() => Colorscale.FromStops((0, "red")));
    }

    [Fact]
    public void Json_escapes_html_so_it_can_sit_inside_a_script_element()
    {
        const string hostile = "</script><script>alert('x')</script> & <!--";
        var figure = new Figure { Data = [Trace.Bar([hostile], [1], hostile)], Layout = new Layout { Title = hostile } };
        var json = figure.ToJson();
        Assert.DoesNotContain("<", json);
        Assert.DoesNotContain(">", json);
        Assert.DoesNotContain("&", json);
        Assert.Contains("\\u003C/script\\u003E", json);
        var parsed = JsonDocument.Parse(json).RootElement;
        Assert.Equal(hostile, parsed.GetProperty("data")[0].GetProperty("name").GetString());
        Assert.Equal(hostile, parsed.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());

        var html = figure.ToHtml(PlotlyScript.Cdn);
        Assert.Equal(1, Count(html, "</script>"));
        Assert.Equal(hostile, Figures(html)[0].GetProperty("data")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Plotly_text_escaping_keeps_tags_literal()
    {
        Assert.Equal("&lt;b&gt;bold&lt;/b&gt; &amp;", PlotlyText.Escape("<b>bold</b> &"));
        Assert.Equal("", PlotlyText.Escape(null));
    }

    [Fact]
    public void Every_figure_gets_its_own_element_id()
    {
        var figure = Sample();
        var ids = FigureIds(figure.ToHtml(PlotlyScript.Cdn)).Concat(FigureIds(figure.ToHtml(PlotlyScript.Cdn)))
            .Concat(FigureIds(Plots.ToHtml(PlotlyScript.Cdn, figure, figure))).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(4, ids.Distinct().Count());
        var html = figure.ToHtml(PlotlyScript.Cdn);
        var id = Assert.Single(FigureIds(html));
        Assert.Contains($"var id = \"{id}\";", html);
    }
}
