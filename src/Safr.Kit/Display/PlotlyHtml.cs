using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Safr.Kit.Display;

/// <summary>
/// Writes figures into one HTML fragment (a "page"): plotly.js goes in at most once, before the first
/// figure, and every figure gets a unique element id. Each figure's script draws with window.Plotly when
/// the page has it (an earlier output in the same notebook, or the inlined library) and otherwise loads
/// <see cref="Plots.CdnUrl"/> once, however many figures wait for it.
/// </summary>
internal sealed partial class PlotlyHtml(PlotlyScript script)
{
    private bool _libraryWritten;

    public PlotlyScript Script { get; } = script;

    public string Figure(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var json = figure.ToJson();  // first: a figure that cannot be written leaves nothing behind
        var html = new StringBuilder();
        if (!_libraryWritten)
        {
            html.Append(Library(Script));
            _libraryWritten = true;
        }
        var id = "safr-plot-" + Guid.NewGuid().ToString("N");
        var height = figure.Layout.Height ?? 450;
        html.Append("<div id=\"").Append(id).Append("\" class=\"safr-plot\" style=\"width:100%;min-height:")
            .Append(height).Append("px\"></div>\n");
        html.Append("<script>\n(function () {\n")
            .Append("var id = \"").Append(id).Append("\";\n")
            .Append("var figure = ").Append(json).Append(";\n")
            .Append("var cdn = \"").Append(Plots.CdnUrl).Append("\";\n")
            .Append(DrawScript)
            .Append("})();\n</script>\n");
        return html.ToString();
    }

    /// <summary>What goes before the first figure: the inlined library, or nothing for the CDN (each figure loads it on demand).</summary>
    private static string Library(PlotlyScript script) => script == PlotlyScript.Cdn ? "" : Library(PlotlyJs.Locate());

    /// <summary>The inlined library from <paramref name="found"/>, or a comment saying it fell back to the CDN and why.</summary>
    internal static string Library((string? Path, IReadOnlyList<string> Searched) found)
    {
        var (path, searched) = found;
        if (path is null)
        {
            var where = string.Join("; ", searched).Replace("--", "- -", StringComparison.Ordinal);
            return $"<!-- Safr.Kit: PlotlyScript.Embedded found no plotly.min.js (looked at: {WebUtility.HtmlEncode(where)}); " +
                   $"run tools/plotly/install. Falling back to the CDN: {Plots.CdnUrl} -->\n";
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

    private const string DrawScript = """
        var config = { responsive: true, displaylogo: false };
        function fail(message) {
          var el = document.getElementById(id);
          if (el) { el.style.minHeight = ""; el.style.color = "#cf222e"; el.textContent = message; }
        }
        function draw() {
          var el = document.getElementById(id);
          if (!el) return;
          try {
            Promise.resolve(window.Plotly.newPlot(el, figure.data, figure.layout, config))
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
