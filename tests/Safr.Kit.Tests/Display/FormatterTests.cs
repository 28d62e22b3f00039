using Safr.Kit.Analysis;
using Safr.Kit.Display;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Display;

// Inside the namespace, so that HtmlProbe.Tables is found before the namespaces Safr.Kit.Tables and Safr.Kit.Tests.Tables.
using static Safr.Kit.Tests.Display.HtmlProbe;

/// <summary>Each formatter, through the conventional dispatch, on hand-built results.</summary>
public class FormatterTests
{
    [Fact]
    public void TrainingResult_shows_a_row_per_epoch_and_curves_carrying_the_values()
    {
        var html = ConventionDispatcher.Html(Samples.Training());
        var rows = BodyRows(Assert.Single(Tables(html)));
        Assert.Equal(3, rows.Count);
        Assert.Contains(">0.9000<", rows[0]);
        Assert.Contains(">80.00%<", rows[1]);
        Assert.Contains("rgba(255,190,0", rows[1]);  // the best epoch is highlighted
        Assert.DoesNotContain("rgba(255,190,0", rows[0]);
        Assert.Contains("/runs/&lt;demo&gt;", html);

        // The chart ChartTests reads back through XPlot's objects, drawn from XPlot's own script.
        Assert.Equal(ScriptOf(Charts.TrainingCurves(Samples.History)), Assert.Single(XPlotScripts(html)));
        Assert.Single(FigureIds(html));
    }

    [Fact]
    public void TrainingResult_as_text_lists_the_epochs()
    {
        var text = ConventionDispatcher.Text(Samples.Training());
        Assert.StartsWith("3 epochs", text);
        Assert.Equal(4, text.Split('\n').Length);
    }

    [Fact]
    public void RunRecord_shows_outcome_spec_provenance_and_history()
    {
        var html = ConventionDispatcher.Html(Samples.Run());
        Assert.Contains("imp1-inter0.5 on sst2", html);
        Assert.Contains("SST-2 &lt;binary&gt; sentences", html);
        Assert.Contains("<strong>81.25%</strong>", html);
        Assert.Contains("abc123", html);
        var tables = Tables(html);
        Assert.Equal(3, tables.Count);
        Assert.Contains(">0.5<", tables[1]);  // lambda_inter
        Assert.Equal(3, BodyRows(tables[2]).Count);
        Assert.Equal(ScriptOf(Charts.TrainingCurves(Samples.History)), Assert.Single(XPlotScripts(html)));
        Assert.Contains("test accuracy 81.25%", ConventionDispatcher.Text(Samples.Run()));
    }

    [Fact]
    public void DemoResult_compares_the_arms_and_colours_the_change_from_the_baseline()
    {
        var html = ConventionDispatcher.Html(Samples.Demo());
        var rows = BodyRows(Assert.Single(Tables(html)));
        Assert.Equal(3, rows.Count);  // baseline, SAFR, and SAFR's change
        Assert.Contains(">baseline<", rows[0]);
        Assert.Contains("SAFR &lt;1,1&gt;", rows[1]);
        Assert.Contains("Δ vs baseline", rows[2]);
        Assert.Contains("color:#1a7f37;font-weight:600\" title=\"better\">+3.00%<", rows[2]);     // test accuracy up
        Assert.Contains("color:#1a7f37;font-weight:600\" title=\"better\">-0.2000<", rows[2]);    // P_l important down
        Assert.Contains("color:#cf222e;font-weight:600\" title=\"worse\">+0.0100<", rows[2]);     // L_inter up
        Assert.Equal(ScriptOf(Samples.Demo().Runs.DevAccuracy()), Assert.Single(XPlotScripts(html)));

        var text = ConventionDispatcher.Text(Samples.Demo());
        Assert.Contains("SAFR <1,1> vs baseline: test acc +3.00%", text);
    }

    [Fact]
    public void AllocationReport_has_highlighted_tokens_two_heatmaps_and_the_pairs()
    {
        var report = Samples.Allocation();
        var html = ConventionDispatcher.Html(report);
        Assert.Contains("title=\"keep 0.9, P_l 0.2, dominates 1 neuron(s)\">not</span>", html);
        Assert.Contains(">&lt;b&gt;</span>", html);
        Assert.Contains(">&lt;/script&gt;</span>", html);
        Assert.Contains("monosemantic", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(report.Rule), html);

        // The token x neuron heatmap (64 neurons at most) and the overlap matrix, as ChartTests checks them.
        Assert.Equal([ScriptOf(Charts.NeuronAllocation(report, 64)), ScriptOf(Charts.TokenMatrix(report.ToOverlapMatrix()))], XPlotScripts(html));

        // Every number behind the figures is also in a table: per-token scores, counts, shares, overlap, pairs.
        var tables = Tables(html);
        Assert.Equal(5, tables.Count);
        var scores = BodyRows(tables[0]);
        Assert.Equal(4, scores.Count);
        Assert.Matches(">not<.*>0<.*>0.9000<.*>0.2000<.*>1<", scores[0]);
        Assert.Matches(">2<.*>1<.*>1<.*>4<", BodyRows(tables[1])[0]);  // monosemantic, polysemantic, dead, total
        // Live neurons by total activation (2.0, 1.0, 0.7), labelled as the heatmap's columns; the last row is the totals.
        Assert.Matches(">token<.*>1 M<.*>0 M<.*>2 P<", tables[2][..tables[2].IndexOf("</thead>", StringComparison.Ordinal)]);
        var shares = BodyRows(tables[2]);
        Assert.Equal(5, shares.Count);
        Assert.Matches(">&lt;b&gt;<.*>0<.*>0<.*>0.286<", shares[1]);  // 0.2 of neuron 2's 0.7
        Assert.Matches(">total activation<.*>2<.*>1<.*>0.7<", shares[4]);
        var overlap = BodyRows(tables[3]);
        Assert.Equal(4, overlap.Count);
        Assert.Matches(">not<.*>0<.*>0.5<.*>-0.25<.*>0.1<", overlap[0]);
        Assert.Matches("&lt;/script&gt;.*>0.05<.*>-0.1<.*>0.7<.*>0<", overlap[3]);
        Assert.Contains("Each cell is the token&#39;s share of the neuron&#39;s activation", html);

        var pairs = BodyRows(tables[4]);
        Assert.Equal(2, pairs.Count);
        Assert.Contains("&lt;/script&gt;", pairs[1]);
        Assert.Equal(2, FigureIds(html).Distinct().Count());
        Assert.Contains("pairs: \"not\"@0 ~ \"good\"@2: 0.41", ConventionDispatcher.Text(report));
    }

    [Fact]
    public void AllocationReport_of_one_inactive_token_says_so_instead_of_drawing_a_neuron_heatmap()
    {
        var report = new AllocationReport("meh", ["meh"], [0], 0, null, [0.5], [0.0], [[0.0]],
            NeuronAllocation.FromActivations(new double[,] { { 0.0, 0.0 } }), 2, []);
        var html = ConventionDispatcher.Html(report);
        Assert.Contains("No neuron is active on this text.", html);
        Assert.Contains("No pairs (a single token).", html);
        Assert.Single(FigureIds(html));  // the overlap matrix only
        Assert.DoesNotContain("Shares per token and neuron", html);
    }

    [Fact]
    public void AllocationReport_as_a_page_is_one_standalone_document_with_the_report_once()
    {
        var page = SafrDisplay.ToPage("SAFR allocation <report>", PlotlyScript.Cdn, Samples.Allocation());
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<meta charset=\"utf-8\">", page);
        Assert.Contains("<title>SAFR allocation &lt;report&gt;</title>", page);
        Assert.Equal(1, Count(page, "class=\"safr-display\""));
        Assert.Contains(">not &lt;b&gt; good &lt;/script&gt;</p>", page);
        Assert.Equal(5, Tables(page).Count);
        Assert.Equal(2, FigureIds(page).Count);
        Assert.EndsWith("</body>\n</html>\n", page);
    }

    [Fact]
    public void FaithfulnessReport_shows_aopc_with_each_rankings_margin_over_random_the_bins_and_two_curves_per_ranking()
    {
        var html = ConventionDispatcher.Html(Samples.Faithfulness());
        var tables = Tables(html);
        Assert.Equal(2, tables.Count);
        var aopc = BodyRows(tables[0]);
        Assert.Equal(3 + 2, aopc.Count);                              // three rankings, two margins over random
        Assert.Contains(">0.3000<", aopc[0]);                        // VMASK AOPC comprehensiveness
        Assert.Contains("&lt;attention&gt;", aopc[2]);
        Assert.Contains("VMASK − random", aopc[3]);
        Assert.Contains("title=\"better\">+0.2700<", aopc[3]);        // VMASK - random comprehensiveness
        Assert.Contains("title=\"better\">-0.1700<", aopc[3]);        // VMASK - random sufficiency
        Assert.Contains("title=\"worse\">+0.0500<", aopc[4]);         // attention - random sufficiency
        var bins = BodyRows(tables[1]);
        Assert.Equal(5, bins.Count);
        Assert.Contains("comprehensiveness &lt;attention&gt;", tables[1]);
        Assert.Contains(">0.1500<", bins[4]);                        // attention's sufficiency at 50%
        Assert.Contains("2 empty ones skipped", html);

        Assert.Equal(ScriptOf(Charts.Faithfulness(Samples.Faithfulness())), Assert.Single(XPlotScripts(html)));
    }

    [Fact]
    public void FaithfulnessReport_without_a_random_ranking_shows_no_margins()
    {
        var only = Samples.Faithfulness() with { Curves = [Samples.Faithfulness()["VMASK"]] };
        Assert.Single(BodyRows(Tables(ConventionDispatcher.Html(only))[0]));
    }

    [Fact]
    public void Polysemanticity_and_interaction_are_small_tables()
    {
        var html = ConventionDispatcher.Html(new PolysemanticityByImportance(0.3, 0.5, 0.45, 120, 380, 0.5));
        var rows = BodyRows(Assert.Single(Tables(html)));
        Assert.Equal(4, rows.Count);
        Assert.Contains("important (keep &gt; 0.5)", rows[0]);
        Assert.Contains(">380<", rows[1]);
        Assert.Contains("title=\"better\">+0.2000<", rows[3]);
        Assert.Empty(XPlotScripts(html));
        Assert.Empty(FigureIds(html));

        var score = ConventionDispatcher.Html(new InteractionScore(0.0123456, 1000, 8));
        var row = Assert.Single(BodyRows(Assert.Single(Tables(score))));
        Assert.Contains(">0.012346<", row);
        Assert.Contains(">1,000<", row);
        Assert.StartsWith("Interaction score L_inter: 0.012346", ConventionDispatcher.Text(new InteractionScore(0.0123456, 1000, 8)));
    }

    [Fact]
    public void TokenImportance_shades_probabilities_as_they_are_and_other_scores_by_magnitude()
    {
        var probabilities = ConventionDispatcher.Html(new TokenImportance(["a", "b"], [0.25, 1], "keep"));
        Assert.Contains("rgba(255,140,0,0.25)", probabilities);
        Assert.Contains("rgba(255,140,0,1)", probabilities);

        var signed = ConventionDispatcher.Html(new TokenImportance(["up", "down"], [2, -4]));
        Assert.Contains("rgba(255,140,0,0.5)", signed);
        Assert.Contains("rgba(31,119,180,1)", signed);
        Assert.Contains("|score| / 4", signed);
    }

    [Fact]
    public void TokenMatrix_and_Figure_display_as_figures()
    {
        var matrix = Samples.Allocation().ToOverlapMatrix();
        var html = ConventionDispatcher.Format(matrix, "text/html");
        Assert.NotNull(html);
        Assert.Equal(ScriptOf(matrix.ToFigure()), Assert.Single(XPlotScripts(html)));

        // Any XPlot chart the kit's Figure holds displays through the same formatter.
        var figure = new Figure([new XPlot.Plotly.Bar { x = new[] { "a", "b" }, y = new[] { 1.0, 2 }, name = "bars" }], new XPlot.Plotly.Layout.Layout());
        var figureHtml = ConventionDispatcher.Format(figure, "text/html");
        Assert.NotNull(figureHtml);
        Assert.StartsWith("<div class=\"safr-display\"", figureHtml);
        Assert.Equal(ScriptOf(figure), Assert.Single(XPlotScripts(figureHtml)));
        Assert.Contains("\"type\":\"bar\"", figureHtml);
        Assert.Equal("Figure: 1 trace(s) (bar)", ConventionDispatcher.Format(figure, "text/plain"));
    }

    [Fact]
    public void A_broken_result_renders_an_error_box_and_is_still_handled()
    {
        var broken = new TrainingResult(null!, 1, 0.5, 1, false, null);
        var formatter = ConventionDispatcher.Formatters(typeof(SafrFormatterSource)).Cast<SafrFormatter>()
            .First(f => f.Type == typeof(TrainingResult) && f.MimeType == "text/html");
        using var writer = new StringWriter();
        Assert.True(formatter.Format(broken, writer));
        var html = writer.ToString();
        Assert.Contains("class=\"safr-display-error\"", html);
        Assert.Contains("border:2px solid #cf222e", html);
        Assert.Contains("Safr.Kit could not display Safr.Kit.Training.TrainingResult", html);
        Assert.Contains("NullReferenceException", html);

        var text = ConventionDispatcher.Text(broken);
        Assert.StartsWith("[Safr.Kit could not display Safr.Kit.Training.TrainingResult: NullReferenceException", text);
    }

    [Fact]
    public void Reports_with_null_or_mismatched_arrays_render_error_boxes()
    {
        var report = Samples.Allocation() with { KeepProbability = null!, Overlap = null! };
        Assert.Contains("could not display Safr.Kit.Analysis.AllocationReport", ConventionDispatcher.Html(report));

        var faithfulness = Samples.Faithfulness();
        var mismatched = faithfulness with { Curves = [faithfulness["VMASK"], faithfulness["random"] with { Sufficiency = [0.1] }] };
        Assert.Contains("could not display Safr.Kit.Metrics.FaithfulnessReport", ConventionDispatcher.Html(mismatched));

        Assert.Contains("2 tokens but 1 scores", ConventionDispatcher.Html(new TokenImportance(["a", "b"], [1.0])));
        Assert.Contains("must be 2 x 2", ConventionDispatcher.Html(new TokenMatrix(["a", "b"], [[0.0, 1.0]])));
    }

    [Fact]
    public void The_error_box_escapes_the_message()
    {
        var box = HtmlParts.ErrorBox(typeof(TokenImportance), new InvalidOperationException("<script>alert(1)</script> & more"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; more", box);
        Assert.DoesNotContain("<script>", box);
    }

    [Fact]
    public void Token_text_never_closes_a_script_or_becomes_markup()
    {
        var html = SafrDisplay.ToHtml(Samples.Allocation(), PlotlyScript.Cdn);
        Assert.Equal(Count(html, "<script>"), Count(html, "</script>"));  // every closing tag is one of ours
        Assert.DoesNotContain("<b>", html);
        var scripts = XPlotScripts(html);
        Assert.Equal(2, scripts.Count);
        foreach (var (data, layout) in scripts)
        {
            Assert.DoesNotContain("<", data + layout);  // tokens are entities for Plotly, so no markup reaches the script
            Assert.DoesNotContain(">", data + layout);
        }
    }

    [Fact]
    public void Display_throws_for_types_it_does_not_render()
    {
        var e = Assert.Throws<ArgumentException>(() => SafrDisplay.ToHtml(42));
        Assert.Contains("System.Int32", e.Message);
    }
}
