using System.Text.Json;
using Safr.Kit.Display;
using Safr.Kit.Runs;
using XPlot.Plotly;
using static Safr.Kit.Tests.Display.HtmlProbe;
using PlotLayout = XPlot.Plotly.Layout.Layout;

namespace Safr.Kit.Tests.Display;

/// <summary>
/// Every chart the kit draws, read back through XPlot's own objects (trace types, the x, y and z values against
/// the source data, axes and titles); and a figure's HTML, which is XPlot's inline HTML under a fresh id.
/// </summary>
public class ChartTests
{
    private static double?[] N(params double[] values) => [.. values.Select(v => (double?)v)];

    private static double?[] N(IEnumerable<double> values) => [.. values.Select(v => (double?)v)];

    private static T Trace<T>(Figure figure, int index) where T : Trace => Assert.IsType<T>(figure.Traces[index]);

    private static double?[] Values(object values) => Assert.IsType<double?[]>(values);

    private static string[] Labels(object labels) => Assert.IsType<string[]>(labels);

    [Fact]
    public void TrainingCurves_plot_loss_on_the_left_and_both_accuracies_on_the_right_per_epoch()
    {
        var figure = Charts.TrainingCurves(Samples.History);
        Assert.Equal(3, figure.Traces.Count);
        var (loss, train, dev) = (Trace<Scatter>(figure, 0), Trace<Scatter>(figure, 1), Trace<Scatter>(figure, 2));
        Assert.Equal(["train loss", "train accuracy", "dev accuracy"], new[] { loss.name, train.name, dev.name });
        Assert.All(figure.Traces.Cast<Scatter>(), t => Assert.Equal(N(1, 2, 3), Values(t.x)));
        Assert.All(figure.Traces.Cast<Scatter>(), t => Assert.Equal("lines+markers", t.mode));
        Assert.Equal(N(Samples.History.Select(h => h.Loss)), Values(loss.y));
        Assert.Equal(N(Samples.History.Select(h => h.TrainAccuracy)), Values(train.y));
        Assert.Equal(N(0.7, 0.8, 0.78), Values(dev.y));
        Assert.False(loss.ShouldSerializeyaxis());
        Assert.Equal("y2", train.yaxis);
        Assert.Equal("y2", dev.yaxis);
        Assert.Equal("dot", train.line.dash);

        var layout = figure.Layout;
        Assert.Equal("Training curves", figure.Title);
        Assert.Equal("epoch", layout.xaxis.title);
        Assert.Equal("loss", layout.yaxis.title);
        Assert.Equal("accuracy", layout.yaxis2.title);
        Assert.Equal("y", layout.yaxis2.overlaying);
        Assert.Equal("right", layout.yaxis2.side);
        Assert.Equal(360, layout.height);
        Assert.Equal(360, figure.Chart.Height);  // XPlot's div is as tall as the plot

        Assert.Null(Charts.TrainingCurves(Samples.History, title: null).Title);
    }

    [Fact]
    public void DevAccuracy_draws_a_line_per_demo_arm_with_escaped_names()
    {
        var figure = Samples.Demo().Runs.DevAccuracy();
        Assert.Equal(["baseline", "SAFR &lt;1,1&gt;"], figure.Traces.Select(t => t.name));
        Assert.Equal(N(0.7, 0.8, 0.78), Values(Trace<Scatter>(figure, 0).y));
        Assert.Equal(N(1, 2), Values(Trace<Scatter>(figure, 1).x));
        Assert.Equal("dev accuracy", figure.Layout.yaxis.title);
        Assert.Equal("epoch", figure.Layout.xaxis.title);
    }

    [Fact]
    public void Experiment_dev_accuracy_curves_draw_a_line_per_arm_and_seed()
    {
        var arms = Samples.Arms();
        var figure = arms.DevAccuracy();
        Assert.Equal(["baseline", "SAFR &lt;1,1&gt;, seed 1", "SAFR &lt;1,1&gt;, seed 2"], figure.Traces.Select(t => t.name));
        for (var i = 0; i < arms.Length; i++)
        {
            var line = Trace<Scatter>(figure, i);
            Assert.Equal(N(arms[i].Training.History.Select(h => (double)h.Epoch)), Values(line.x));
            Assert.Equal(N(arms[i].Training.History.Select(h => h.DevAccuracy)), Values(line.y));
        }
        Assert.Equal("Dev accuracy per epoch", figure.Title);
    }

    [Fact]
    public void Accuracy_against_polysemanticity_puts_each_run_at_its_point_beside_its_configurations_mean()
    {
        var figure = Samples.Arms().AccuracyAgainstPolysemanticity();
        Assert.Equal(["baseline", "baseline (seeds)", "SAFR &lt;1,1&gt;", "SAFR &lt;1,1&gt; (seeds)"], figure.Traces.Select(t => t.name));
        var baseline = Trace<Scatter>(figure, 1);
        var safr = Trace<Scatter>(figure, 3);
        Assert.Equal("markers", safr.mode);
        Assert.Equal(N(0.5), Values(baseline.x));
        Assert.Equal(N(0.9), Values(baseline.y));
        Assert.Equal(N(0.3, 0.35), Values(safr.x));  // the two seeds
        Assert.Equal(new double?[] { null, 0.92 }, Values(safr.y));  // NaN accuracy: a gap
        Assert.Equal(N(Safr.Kit.Metrics.MeanInterval.Of([0.3, 0.35]).Mean), Values(Trace<Scatter>(figure, 2).x));  // the mean of the seeds' P_l
        Assert.Equal(new double?[] { null }, Values(Trace<Scatter>(figure, 2).y));  // a mean with a NaN in it: a gap too
        Assert.Equal("polysemanticity of important tokens (lower: less superposed)", figure.Layout.xaxis.title);
        Assert.Equal("test accuracy", figure.Layout.yaxis.title);
    }

    [Fact]
    public void Accuracy_against_polysemanticity_keeps_configurations_that_share_a_name_apart_and_names_their_lambdas()
    {
        var arms = Samples.Arms();
        var weaker = arms[2] with { Spec = arms[2].Spec with { LambdaImportance = 0.15 } };
        var figure = new[] { arms[0], arms[1], weaker }.AccuracyAgainstPolysemanticity();
        Assert.Equal(["baseline", "SAFR &lt;1,1&gt; (λ_imp 1, λ_inter 1)", "SAFR &lt;1,1&gt; (λ_imp 0.15, λ_inter 1)"], figure.Traces.Where((_, i) => i % 2 == 0).Select(t => t.name));
        Assert.Equal(N(0.35), Values(Trace<Scatter>(figure, 5).x));
    }

    [Fact]
    public void Faithfulness_draws_comprehensiveness_solid_and_sufficiency_dashed_one_colour_per_ranking()
    {
        var report = Samples.Faithfulness();
        var figure = Charts.Faithfulness(report);
        Assert.Equal(["VMASK comprehensiveness", "random comprehensiveness", "&lt;attention&gt; comprehensiveness",
                "VMASK sufficiency", "random sufficiency", "&lt;attention&gt; sufficiency"],
            figure.Traces.Select(t => t.name));
        var lines = figure.Traces.Cast<Scatter>().ToArray();
        for (var c = 0; c < 3; c++)
        {
            var curve = report.Curves[c];
            Assert.Equal(N(curve.Bins.Select(b => b * 100)), Values(lines[c].x));
            Assert.Equal(N(curve.Comprehensiveness), Values(lines[c].y));
            Assert.Equal(N(curve.Sufficiency), Values(lines[3 + c].y));
            Assert.False(lines[c].line.ShouldSerializedash());
            Assert.Equal("dash", lines[3 + c].line.dash);
            Assert.Equal(lines[c].line.color, lines[3 + c].line.color);
        }
        Assert.Equal(3, lines.Select(l => l.line.color).Distinct().Count());
        Assert.Equal("log", figure.Layout.xaxis.type);
        Assert.Equal(["1%", "5%", "10%", "20%", "50%"], Labels(figure.Layout.xaxis.ticktext));
        Assert.Equal("top k% of each text's tokens", figure.Layout.xaxis.title);
        Assert.Equal("drop in p(predicted class)", figure.Layout.yaxis.title);
    }

    [Fact]
    public void NeuronAllocation_is_a_token_by_neuron_heatmap_of_the_most_active_live_neurons()
    {
        var report = Samples.Allocation();
        var figure = Charts.NeuronAllocation(report);
        var heatmap = Trace<Heatmap>(figure, 0);
        Assert.Single(figure.Traces);
        // Live neurons by total activation: neuron 1 (2.0), 0 (1.0), 2 (0.7); neuron 3 is dead.
        int[] shown = [1, 0, 2];
        Assert.Equal(["1 M", "0 M", "2 P"], Labels(figure.Layout.xaxis.ticktext));
        var z = Assert.IsType<double?[][]>(heatmap.z);
        Assert.Equal(report.Tokens.Length, z.Length);
        for (var t = 0; t < z.Length; t++) Assert.Equal(N(shown.Select(k => report.Neurons.Share[t][k])), z[t]);
        Assert.Equal(N(0, 1, 0.1 / 0.7), z[0], (a, b) => Math.Abs(a!.Value - b!.Value) < 1e-12);
        Assert.Equal(0, heatmap.zmin);
        Assert.Equal(1, heatmap.zmax);
        Assert.Equal("share", heatmap.colorbar.title);
        Assert.Equal("text", heatmap.hoverinfo);
        Assert.StartsWith("not @0, neuron 1 (Monosemantic): share 0", Assert.IsType<string[][]>(heatmap.text)[0][0]);
        Assert.Equal(["not", "&lt;b&gt;", "good", "&lt;/script&gt;"], Labels(figure.Layout.yaxis.ticktext));
        Assert.Equal("reversed", figure.Layout.yaxis.autorange);
        Assert.Equal("FFN neuron (M monosemantic, P polysemantic)", figure.Layout.xaxis.title);
    }

    [Fact]
    public void TokenMatrix_is_a_diverging_heatmap_on_a_range_symmetric_about_zero()
    {
        var matrix = Samples.Allocation().ToOverlapMatrix();
        var figure = matrix.ToFigure();
        var heatmap = Trace<Heatmap>(figure, 0);
        var z = Assert.IsType<double?[][]>(heatmap.z);
        Assert.Equal(matrix.Values.Select(row => N(row)), z);
        Assert.Equal(-0.7, heatmap.zmin);
        Assert.Equal(0.7, heatmap.zmax);
        Assert.Equal("token m", figure.Layout.xaxis.title);
        Assert.Equal("token l", figure.Layout.yaxis.title);
        Assert.Equal(["not", "&lt;b&gt;", "good", "&lt;/script&gt;"], Labels(figure.Layout.xaxis.ticktext));
        Assert.Equal(N(0, 1, 2, 3), N(Assert.IsType<double[]>(figure.Layout.xaxis.tickvals)));
        Assert.Equal("Token overlap (inside L_imp, on the VMASK output)", figure.Title);

        var odd = Charts.TokenMatrix(new TokenMatrix(["a", "b"], [[double.NaN, 2], [double.PositiveInfinity, -0.5]]));
        var oddHeatmap = Trace<Heatmap>(odd, 0);
        Assert.Equal(new[] { new double?[] { null, 2 }, [null, -0.5] }, Assert.IsType<double?[][]>(oddHeatmap.z));
        Assert.Equal(2, oddHeatmap.zmax);
        var zeros = Trace<Heatmap>(Charts.TokenMatrix(new TokenMatrix(["a"], [[0.0]])), 0);
        Assert.Equal(1, zeros.zmax);  // nothing to scale by: still a range with a middle
    }

    [Fact]
    public void A_figures_html_is_xplots_inline_html_under_a_fresh_id()
    {
        var figure = Charts.TrainingCurves(Samples.History);
        var html = figure.ToHtml(PlotlyScript.Cdn);
        var id = Assert.Single(FigureIds(html));
        Assert.Contains($"<div id=\"{id}\" style=\"width: {Figure.DefaultWidth}px; height: 360px;\"></div>", html);  // XPlot's div
        Assert.Contains($"Plotly.newPlot('{id}', data, layout);", html);                                           // XPlot's call
        var (data, layout) = Assert.Single(XPlotScripts(html));
        var own = Assert.Single(XPlotScripts(figure.Chart.GetInlineHtml()));
        Assert.Equal(own.Data, data);
        Assert.Equal(own.Layout, layout);
        Assert.Equal(3, JsonDocument.Parse(data).RootElement.GetArrayLength());
        Assert.Equal(Plots.CdnUrl, figure.Chart.PlotlySrc);
    }

    [Fact]
    public void Every_rendering_gets_its_own_element_id()
    {
        var figure = Charts.TokenMatrix(Samples.Allocation().ToOverlapMatrix());
        var ids = FigureIds(figure.ToHtml(PlotlyScript.Cdn)).Concat(FigureIds(figure.ToHtml(PlotlyScript.Cdn)))
            .Concat(FigureIds(Plots.ToHtml(PlotlyScript.Cdn, figure, figure))).ToList();
        Assert.Equal(4, ids.Count);
        Assert.Equal(4, ids.Distinct().Count());
        var html = figure.ToHtml(PlotlyScript.Cdn);
        var id = Assert.Single(FigureIds(html));
        Assert.Contains($"var id = \"{id}\";", html);
        Assert.Contains($"Plotly.newPlot('{id}'", html);
    }

    [Fact]
    public void Raw_text_in_a_chart_built_outside_the_kit_cannot_end_the_script()
    {
        const string hostile = "</script><script>alert('x')</script> & <!--<script>";
        var figure = new Figure([new Bar { x = new[] { hostile }, y = new[] { 1.0 }, name = hostile }], new PlotLayout { title = hostile });
        var html = figure.ToHtml(PlotlyScript.Cdn);
        Assert.Equal(1, Count(html, "</script>"));  // the kit's own closing tag
        Assert.Equal(0, Count(html, "<!--"));
        var (data, layout) = Assert.Single(XPlotScripts(html));
        var unescaped = JsonDocument.Parse(data.Replace(@"<\!--", "<!--", StringComparison.Ordinal)).RootElement[0];
        Assert.Equal(hostile, unescaped.GetProperty("name").GetString());  // the same text once parsed
        Assert.Equal(hostile, JsonDocument.Parse(layout.Replace(@"<\!--", "<!--", StringComparison.Ordinal)).RootElement.GetProperty("title").GetString());
        Assert.Equal("Figure \"" + hostile + "\": 1 trace(s) (bar)", figure.ToString());
    }

    [Fact]
    public void Xplots_inline_html_must_be_a_div_and_one_script()
    {
        var (div, script) = PlotlyHtml.Split("<div id=\"a\" style=\"\"></div>\n  <script>\n var data = [\"</script>\"];\n</script>\n");
        Assert.Equal("<div id=\"a\" style=\"\"></div>", div);
        Assert.Equal("var data = [\"</script>\"];", script);
        Assert.Equal("var data = [\"<\\/script>\"];", PlotlyHtml.ScriptSafe(script));
        Assert.Throws<InvalidOperationException>(() => PlotlyHtml.Split("<p>no script</p>"));
        Assert.Throws<InvalidOperationException>(() => PlotlyHtml.Split("<div></div><script>x</script><p>after</p>"));
    }

    [Fact]
    public void Plotly_text_escaping_keeps_tags_literal()
    {
        Assert.Equal("&lt;b&gt;bold&lt;/b&gt; &amp;", PlotlyText.Escape("<b>bold</b> &"));
        Assert.Equal("", PlotlyText.Escape(null));
    }
}
