using Safr.Kit.Display;
using Safr.Kit.Tests.Data;
using static Safr.Kit.Tests.Display.HtmlProbe;

namespace Safr.Kit.Tests.Display;

/// <summary>Where plotly.js comes from: the CDN, the inlined package (once per page), and the fallback between them.</summary>
public class PlotlyScriptTests
{
    private const string InlinedMarker = "inlined by Safr.Kit: PlotlyScript.Embedded";
    private const string FallbackMarker = "Falling back to the CDN";

    private static Figure Line() => new([Charts.Line([1, 2], [3, 4], "line")], new XPlot.Plotly.Layout.Layout());

    [Fact]
    public void Cdn_mode_pins_the_packages_version_and_inlines_nothing()
    {
        Assert.Equal("https://cdn.plot.ly/plotly-2.35.3.min.js", Plots.CdnUrl);
        var html = Line().ToHtml(PlotlyScript.Cdn);
        Assert.Contains($"var cdn = \"{Plots.CdnUrl}\";", html);
        Assert.Contains("if (window.Plotly) { draw(); return; }", html);
        Assert.DoesNotContain(InlinedMarker, html);
        Assert.True(html.Length < 10_000);
    }

    [Fact]
    public void The_npm_manifest_pins_the_same_version()
    {
        var root = Checkout.RepositoryRoot;
        Assert.Contains($"\"plotly.js-dist-min\": \"{Plots.PlotlyJsVersion}\"", File.ReadAllText(Path.Combine(root, "tools", "plotly", "package.json")));
        Assert.Contains($"\"version\": \"{Plots.PlotlyJsVersion}\"", File.ReadAllText(Path.Combine(root, "tools", "plotly", "package-lock.json")));
    }

    [Fact]
    public void Embedded_mode_inlines_the_library_once_per_page_and_hides_amd_loaders()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "plotly.min.js");
        File.WriteAllText(path, "window.Plotly = { fake: '</SCRIPT>' };");
        var library = PlotlyHtml.Library((path, [path]));
        Assert.Contains(InlinedMarker, library);
        Assert.Contains("if (!window.Plotly) { (function (define, module, exports) {", library);
        Assert.Contains("window.Plotly = { fake: '<\\/script>' };", library);
        Assert.Equal(1, Count(library, "</script>"));

        // With the installed package (or, without it, the fallback comment): once for two figures.
        var page = Plots.ToHtml(PlotlyScript.Embedded, Line(), Line());
        Assert.Equal(1, Count(page, InlinedMarker) + Count(page, FallbackMarker));
        Assert.Equal(2, FigureIds(page).Count);
    }

    [Fact]
    public void Embedded_mode_without_the_package_falls_back_to_the_cdn_and_says_why()
    {
        var library = PlotlyHtml.Library((null, ["SAFR_PLOTLY_JS=/nowhere/plotly.min.js", "/opt/x/plotly.min.js"]));
        Assert.StartsWith("<!--", library);
        Assert.Contains(FallbackMarker, library);
        Assert.Contains("tools/plotly/install", library);
        Assert.Contains(Plots.CdnUrl, library);
        // The places it looked stay out of the page (a saved notebook names no folder of the machine that ran it).
        Assert.DoesNotContain("/nowhere/plotly.min.js", library);
        Assert.DoesNotContain("/opt/x", library);
        Assert.Contains("2 places", library);
        Assert.DoesNotContain("<script", library);
    }

    [Fact]
    public void The_library_is_looked_for_in_the_documented_order()
    {
        using var folder = new TempFolder();
        var named = Path.Combine(folder.Path, "named.js");
        File.WriteAllText(named, "");
        var kit = Directory.CreateDirectory(Path.Combine(folder.Path, "repo", "src", "bin")).FullName;
        var package = Path.Combine(folder.Path, "repo", "tools", "plotly", "node_modules", "plotly.js-dist-min");
        Directory.CreateDirectory(package);
        var installed = Path.Combine(package, "plotly.min.js");
        File.WriteAllText(installed, "");
        var elsewhere = Directory.CreateDirectory(Path.Combine(folder.Path, "elsewhere")).FullName;

        Assert.Equal(named, PlotlyJs.Locate(named, kit, elsewhere, elsewhere).Path);
        Assert.Equal(installed, PlotlyJs.Locate(Path.Combine(folder.Path, "missing.js"), kit, elsewhere, elsewhere).Path);  // a wrong SAFR_PLOTLY_JS does not stop the search
        Assert.Equal(installed, PlotlyJs.Locate(null, elsewhere, elsewhere, kit).Path);  // from the current directory too

        var beside = Path.Combine(kit, "plotly.min.js");
        File.WriteAllText(beside, "");
        Assert.Equal(beside, PlotlyJs.Locate(null, kit, elsewhere, elsewhere).Path);

        var (none, searched) = PlotlyJs.Locate("/nowhere.js", elsewhere, elsewhere, elsewhere);
        Assert.Null(none);
        Assert.Contains("SAFR_PLOTLY_JS=/nowhere.js", searched);
    }
}

[Collection("SafrDisplayGlobals")]
public class PlotlyScriptDefaultTests
{
    [Fact]
    public void Plots_Script_is_the_default_for_calls_that_name_no_mode()
    {
        var figure = new Figure([Charts.Line([1, 2], [3, 4], "line")], new XPlot.Plotly.Layout.Layout());
        var saved = Plots.Script;
        try
        {
            Plots.Script = PlotlyScript.Cdn;
            Assert.False(HasLibrary(figure.ToHtml()));
            Assert.False(HasLibrary(SafrDisplay.ToHtml(figure)));
            Plots.Script = PlotlyScript.Embedded;
            Assert.True(HasLibrary(figure.ToHtml()));
            Assert.True(HasLibrary(SafrDisplay.ToHtml(figure)));
            Assert.False(HasLibrary(figure.ToHtml(PlotlyScript.Cdn)));  // a call's own choice wins
        }
        finally
        {
            Plots.Script = saved;
        }
    }

    /// <summary>The inlined library, or the comment that stands in for it when the package is not installed.</summary>
    private static bool HasLibrary(string html) => html.Contains("inlined by Safr.Kit") || html.Contains("found no plotly.min.js");
}
