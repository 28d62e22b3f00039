using System.Diagnostics;
using Safr.Kit.Display;
using Safr.Kit.Runs;
using Safr.Kit.Tests.Data;

namespace Safr.Kit.Tests.Display;

/// <summary>
/// The real thing: a page with every figure the kit draws (XPlot charts: the token x neuron and token overlap
/// heatmaps, training curves, ERASER curves, dev accuracy per arm and per run, accuracy against
/// polysemanticity; plotly.js inlined) opened in headless Chromium with the network cut off. Plotly must have
/// drawn every figure, and no script may have failed, which also proves that token text like
/// "&lt;/script&gt;" did not break out of a script.
/// Needs chromium and the npm package; ./safr test installs both, and this test fails saying how when
/// one is missing.
/// </summary>
public class BrowserTests
{
    private const string ErrorHook = """
        <script>
        function safrRecord(message) {
          var root = document.documentElement;
          root.setAttribute("data-errors", (root.getAttribute("data-errors") || "") + message + " | ");
        }
        window.onerror = function (message, source, line) { safrRecord(message + " at " + source + ":" + line); };
        window.addEventListener("unhandledrejection", function (e) { safrRecord("unhandled rejection: " + e.reason); });
        </script>
        """;

    private const string Finish = """
        <script>document.documentElement.setAttribute("data-plotly", window.Plotly ? window.Plotly.version : "missing");</script>
        """;

    [Fact]
    public void Embedded_figures_draw_in_headless_chromium_without_network()
    {
        var chromium = FindChromium() ?? throw new Xunit.Sdk.XunitException(
            "chromium is not installed: the browser test needs it. Install it with `sudo apt-get install -y chromium` " +
            "(./safr test installs it), or name a Chromium or Chrome binary in SAFR_CHROMIUM.");
        _ = Plots.FindPlotlyJs() ?? throw new Xunit.Sdk.XunitException(
            "plotly.js-dist-min is not installed: run tools/plotly/install (npm ci in tools/plotly; ./safr test runs it), " +
            $"or point {Plots.PlotlyJsEnvironmentVariable} at a plotly.min.js {Plots.PlotlyJsVersion}.");

        using var folder = new TempFolder();
        var arms = Samples.Arms();
        var page = SafrDisplay.ToPage("Safr.Kit browser test", PlotlyScript.Embedded, Samples.Allocation(), Samples.Training(), Samples.Faithfulness(),
            Samples.Demo(), arms.DevAccuracy(), arms.AccuracyAgainstPolysemanticity());
        // What each figure's plot area must hold once drawn: heatmap cells, line paths, marker points.
        string[] drawn = ["class=\"hm\"", "class=\"hm\"", "js-line", "js-line", "js-line", "js-line", "class=\"point\""];
        Assert.Equal(1, HtmlProbe.Count(page, "inlined by Safr.Kit"));
        page = page.Replace("<head>\n", "<head>\n" + ErrorHook + "\n", StringComparison.Ordinal).Replace("</body>", Finish + "</body>", StringComparison.Ordinal);
        var file = Path.Combine(folder.Path, "page.html");
        File.WriteAllText(file, page);
        var ids = HtmlProbe.FigureIds(page);
        Assert.Equal(drawn.Length, ids.Count);

        var dom = DumpDom(chromium, file, Path.Combine(folder.Path, "profile"));

        Assert.DoesNotContain("data-errors=", dom);
        Assert.Contains($"data-plotly=\"{Plots.PlotlyJsVersion}\"", dom);  // the inlined copy, not a download
        for (var i = 0; i < ids.Count; i++)
        {
            var start = dom.IndexOf($"<div id=\"{ids[i]}\"", StringComparison.Ordinal);
            Assert.True(start >= 0, $"figure {ids[i]} is missing from the DOM");
            var end = dom.IndexOf("<script", start, StringComparison.Ordinal);  // the figure's own script follows its div
            var figure = dom[start..(end < 0 ? dom.Length : end)];
            Assert.Contains("js-plotly-plot", figure[..figure.IndexOf('>')]);
            Assert.Contains("class=\"main-svg\"", figure);
            Assert.DoesNotContain("could not", figure);
            Assert.Contains(drawn[i], figure);
        }
    }

    private static string DumpDom(string chromium, string file, string profile)
    {
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--disable-extensions", "--user-data-dir=" + profile,
                     "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",  // no network: plotly.js must come from the page
                     "--virtual-time-budget=10000", "--dump-dom", new Uri(file).AbsoluteUri,
                 })
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{chromium} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{chromium} did not finish within 3 minutes");
        }
        var dom = stdout.Result;
        if (process.ExitCode != 0 || !dom.Contains("</html>", StringComparison.Ordinal))
            throw new Xunit.Sdk.XunitException($"{chromium} exited with {process.ExitCode} and no DOM; its stderr ends:\n{Tail(stderr.Result)}");
        return dom;
    }

    private static string Tail(string text) => text.Length <= 3000 ? text : text[^3000..];

    /// <summary>SAFR_CHROMIUM, else the first Chromium or Chrome on PATH.</summary>
    private static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("SAFR_CHROMIUM") is { Length: > 0 } named) return named;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return (from name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
                from dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                let candidate = Path.Combine(dir, name)
                where File.Exists(candidate)
                select candidate).FirstOrDefault();
    }
}
