using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Safr.Kit.Display;

/// <summary>
/// Writes figures into one HTML fragment (a "page"): plotly.js goes in at most once, before the first
/// figure, and every figure gets a unique element id. Each figure is XPlot's own inline HTML
/// (<see cref="Figure.InlineHtml"/>): its &lt;div&gt;, then its script (<c>var data = ...; var layout = ...;
/// Plotly.newPlot(...)</c>). That script expects a global Plotly, which a notebook front end does not provide
/// (XPlot.Plotly.Interactive, not on our feed, would add a require.js loader), so the kit runs it inside a
/// function that draws with window.Plotly when the page has it (an earlier output in the same notebook, or
/// the inlined library) and otherwise loads the chart's <see cref="XPlot.Plotly.PlotlyChart.PlotlySrc"/>
/// (<see cref="Plots.CdnUrl"/>) once, however many figures wait for it.
/// </summary>
internal sealed partial class PlotlyHtml(PlotlyScript script)
{
    private const string ScriptOpen = "<script>";
    private const string ScriptClose = "</script>";

    private bool _libraryWritten;

    public PlotlyScript Script { get; } = script;

    public string Figure(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var id = "safr-plot-" + Guid.NewGuid().ToString("N");
        var (div, drawing) = Split(figure.InlineHtml(id));  // first: a figure that cannot be written leaves nothing behind
        var html = new StringBuilder();
        if (!_libraryWritten)
        {
            html.Append(Library(Script));
            _libraryWritten = true;
        }
        html.Append(div).Append('\n');
        html.Append("<script>\n(function () {\n")
            .Append("var id = \"").Append(id).Append("\";\n")
            .Append("var cdn = \"").Append(figure.Chart.PlotlySrc).Append("\";\n")
            .Append(PlotOpen).Append(ScriptSafe(drawing)).Append(PlotClose)
            .Append(DrawScript)
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    /// <summary>
    /// XPlot's inline HTML, "&lt;div ...&gt;&lt;/div&gt; &lt;script&gt; JS &lt;/script&gt;", as the div and the JS.
    /// XPlot writes data into the script as it is (a "&lt;/script&gt;" in a name would end it), so the script is
    /// the text between the first opening tag and the last closing one.
    /// </summary>
    internal static (string Div, string Script) Split(string inline)
    {
        var open = inline.IndexOf(ScriptOpen, StringComparison.Ordinal);
        var close = inline.LastIndexOf(ScriptClose, StringComparison.Ordinal);
        if (open < 0 || close < open || !inline[..open].TrimStart().StartsWith("<div ", StringComparison.Ordinal) || inline[(close + ScriptClose.Length)..].Trim().Length > 0)
            throw new InvalidOperationException("XPlot's inline HTML is not the expected <div> followed by one <script>: " + (inline.Length > 200 ? inline[..200] + "..." : inline));
        return (inline[..open].Trim(), inline[(open + ScriptOpen.Length)..close].Trim());
    }

    /// <summary>
    /// JS that can sit inside a &lt;script&gt; element: "&lt;/" (which could close it) and "&lt;!--" (which
    /// changes how the HTML parser finds the end) only occur inside XPlot's JSON strings, where "&lt;\/" and
    /// "&lt;\!--" mean the same text.
    /// </summary>
    internal static string ScriptSafe(string js) =>
        js.Replace("</", @"<\/", StringComparison.Ordinal).Replace("<!--", @"<\!--", StringComparison.Ordinal);

    /// <summary>What goes before the first figure: the inlined library, or nothing for the CDN (each figure loads it on demand).</summary>
    private static string Library(PlotlyScript script) => script == PlotlyScript.Cdn ? "" : Library(PlotlyJs.Locate());

    /// <summary>The inlined library from <paramref name="found"/>, or a comment saying it fell back to the CDN and why.</summary>
    internal static string Library((string? Path, IReadOnlyList<string> Searched) found)
    {
        var (path, searched) = found;
        if (path is null)
        {
            // The places searched stay out of the page: a saved notebook must not name the folders of the machine that ran it.
            return $"<!-- Safr.Kit: PlotlyScript.Embedded found no plotly.min.js ({searched.Count} places: beside the Safr.Kit package, beside the program, " +
                   $"under tools/plotly above them; SAFR_PLOTLY_JS names one); run tools/plotly/install. Falling back to the CDN: {Plots.CdnUrl} -->\n";
        }
        // The UMD wrapper registers with require.js (or CommonJS) when it sees define/module/exports, and
        // then never sets window.Plotly: shadow them so it takes its browser-global branch.
        // "</script" may not occur inside a script element; "<\/script" means the same in JS strings,
        // regular expressions and comments.
        var code = ScriptEnd().Replace(PlotlyJs.Read(path), @"<\/script");
        return new StringBuilder(code.Length + 400)
            .Append("<script>\n/* plotly.js-dist-min ").Append(Plots.PlotlyJsVersion).Append(" (MIT), inlined by Safr.Kit: PlotlyScript.Embedded */\n")
            .Append("if (!window.Plotly) { (function (define, module, exports) {\n")
            .Append(code)
            .Append("\n}).call(window); }\n</script>\n")
            .ToString();
    }

    [GeneratedRegex("</script", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScriptEnd();

    /// <summary>
    /// Around XPlot's script: a local Plotly whose newPlot is window.Plotly's, so that the script runs as
    /// written once the library is there and its promise (which XPlot's script drops) reports failures.
    /// </summary>
    private const string PlotOpen = """
        function plot() {
        var drawn, Plotly = { newPlot: function () { return drawn = window.Plotly.newPlot.apply(window.Plotly, arguments); } };

        """;

    private const string PlotClose = """

        return drawn;
        }

        """;

    private const string DrawScript = """
        function fail(message) {
          var el = document.getElementById(id);
          if (el) { el.style.height = "auto"; el.style.color = "#cf222e"; el.textContent = message; }
        }
        function draw() {
          var el = document.getElementById(id);
          if (!el) return;
          try {
            Promise.resolve(plot())
              .catch(function (e) { fail("plotly.js could not draw this figure: " + e); });
          } catch (e) { fail("plotly.js could not draw this figure: " + e); }
        }
        if (window.Plotly) { draw(); return; }
        var loading = window.safrPlotlyLoading;
        if (!loading) {
          loading = window.safrPlotlyLoading = { waiting: [] };
          var tag = document.createElement("script");
          tag.src = cdn;
          tag.charset = "utf-8";
          // plotly.js sets window.Plotly only when no AMD loader (require.js) is on the page.
          var amd = window.define;
          window.define = undefined;
          tag.onload = function () {
            window.define = amd;
            var waiting = loading.waiting; loading.waiting = [];
            waiting.forEach(function (w) { w.draw(); });
          };
          tag.onerror = function () {
            window.define = amd;
            window.safrPlotlyLoading = null;
            var waiting = loading.waiting; loading.waiting = [];
            waiting.forEach(function (w) { w.fail("plotly.js could not be loaded from " + cdn + " (offline? use PlotlyScript.Embedded after tools/plotly/install)"); });
          };
          document.head.appendChild(tag);
        }
        loading.waiting.push({ draw: draw, fail: fail });

        """;
}
