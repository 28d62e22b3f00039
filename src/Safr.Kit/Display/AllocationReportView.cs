using System.Globalization;
using System.Text;
using Safr.Kit.Analysis;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>
/// The one HTML rendering of an <see cref="AllocationReport"/>: what a notebook shows and, through
/// <see cref="SafrDisplay.ToPage"/>, the page <c>safr probe</c> writes. Its two matrices are Plotly heatmaps,
/// each with its numbers in a collapsed table too, so a page whose plotly.js cannot load still carries them.
/// </summary>
internal static class AllocationReportView
{
    /// <summary>Neuron columns shown: the most active live neurons, enough to see the pattern and still readable.</summary>
    public const int MaxNeurons = 64;

    public static string Html(AllocationReport r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        var n = r.Neurons;
        Heading(html, "SAFR allocation report");
        Paragraph(html, r.Text);
        Paragraph(html, F($"{r.Tokens.Length} tokens; layer {r.Layer}; {n.NeuronCount} FFN neurons: {n.MonosemanticCount} monosemantic, {n.PolysemanticCount} polysemantic, {n.DeadCount} dead."), Muted);
        Tokens(html, r);
        Neurons(html, r, plots);
        Overlap(html, r, plots);
        Pairs(html, r);
        return html.ToString();
    }

    private static void Tokens(StringBuilder html, AllocationReport r)
    {
        Heading(html, "Tokens shaded by VMASK keep probability", 4);
        var dominated = r.DominatedNeurons;
        TokenImportanceView.Spans(html, r.Tokens, r.KeepProbability,
            t => F($"keep {r.KeepProbability[t]:0.###}, P_l {r.Polysemanticity[t]:0.###}, dominates {dominated[t]} neuron(s)"));
        var tokens = new HtmlTable("token", "position", "keep probability", "P_l", "neurons dominated");
        for (var t = 0; t < r.Tokens.Length; t++)
            tokens.Row().Head(r.Tokens[t]).Cell(I(r.Positions[t])).Cell(Num(r.KeepProbability[t])).Cell(Num(r.Polysemanticity[t])).Cell(I(dominated[t]));
        Collapsed(html, "Per-token scores", tokens);
    }

    private static void Neurons(StringBuilder html, AllocationReport r, PlotlyHtml plots)
    {
        var n = r.Neurons;
        Heading(html, "FFN neurons", 4);
        html.Append(new HtmlTable("monosemantic", "polysemantic", "dead", "total").Row()
            .Cell(I(n.MonosemanticCount)).Cell(I(n.PolysemanticCount)).Cell(I(n.DeadCount)).Cell(I(n.NeuronCount)));
        Paragraph(html, "Rule: " + n.Rule, Muted + ";font-size:11px");
        var shown = Charts.ShownNeurons(n, MaxNeurons);
        if (shown.Length == 0)
        {
            Paragraph(html, "No neuron is active on this text.");
            return;
        }
        Paragraph(html, "Each cell is the token's share of the neuron's activation over the text; columns are neurons by total activation, marked M (monosemantic) or P (polysemantic).", Muted);
        html.Append(plots.Figure(Charts.NeuronAllocation(r, MaxNeurons)));
        var shares = new HtmlTable(["token", .. shown.Select(k => Charts.NeuronLabel(n, k))]);
        for (var t = 0; t < r.Tokens.Length; t++)
        {
            shares.Row().Head(r.Tokens[t]);
            foreach (var k in shown) shares.Cell(Num(n.Share[t][k], "0.###"));
        }
        shares.Row(title: "the neuron's total activation over the text").Head("total activation");
        foreach (var k in shown) shares.Cell(Num(n.Total[k], "G4"));
        Collapsed(html, "Shares per token and neuron", shares);
    }

    private static void Overlap(StringBuilder html, AllocationReport r, PlotlyHtml plots)
    {
        Heading(html, "Token overlap (inside L_imp, on the VMASK output)", 4);
        Paragraph(html, "Row l, column m: (x_l / (||x_l|| + 1e-5)) · x_m; red positive, blue negative, the diagonal is zero.", Muted);
        var overlap = r.ToOverlapMatrix();
        html.Append(plots.Figure(Charts.TokenMatrix(overlap)));
        Collapsed(html, "Overlap values", TokenMatrixView.Table(overlap));
    }

    private static void Pairs(StringBuilder html, AllocationReport r)
    {
        var source = r.Head is { } h ? $"head {h}" : "mean over heads";
        Heading(html, $"Correlated pairs (co-attention A Aᵀ, layer {r.Layer}, {source}, top {r.PairsPerToken} per token)", 4);
        if (r.Pairs.Length == 0)
        {
            Paragraph(html, "No pairs (a single token).");
            return;
        }
        var pairs = new HtmlTable("token i", "position", "token j", "position", "weight");
        foreach (var p in r.Pairs) pairs.Row().Head(p.TokenI).Cell(I(p.I)).Head(p.TokenJ).Cell(I(p.J)).Cell(Num(p.Weight, "G4"));
        html.Append(pairs);
    }

    /// <summary>A table behind a summary line: the exact numbers, out of the way of the figures.</summary>
    private static void Collapsed(StringBuilder html, string summary, HtmlTable table) =>
        html.Append("<details><summary style=\"cursor:pointer\">").Append(E(summary)).Append("</summary>\n").Append(table).Append("</details>\n");

    public static string Text(AllocationReport r) =>
        r + "\n" + string.Join(' ', r.Tokens.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{t}(keep {r.KeepProbability[i]:0.##})"))) +
        (r.Pairs.Length == 0 ? "" : "\npairs: " + string.Join("; ", r.Pairs.Select(p => p.ToString())));

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
