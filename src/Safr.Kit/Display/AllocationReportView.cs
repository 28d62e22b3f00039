using System.Globalization;
using System.Text;
using Safr.Kit.Analysis;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>
/// An <see cref="AllocationReport"/> in a notebook: the sections of <see cref="AllocationReport.ToHtml"/>
/// (which is a whole standalone page, head and page-wide styles included, so it is not embedded here) with
/// its two matrices as interactive Plotly heatmaps instead of coloured tables.
/// </summary>
internal static class AllocationReportView
{
    /// <summary>As many neuron columns as <see cref="AllocationReport.ToHtml"/> shows by default.</summary>
    public const int MaxNeurons = 64;

    public static string Html(AllocationReport r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        var n = r.Neurons;
        Heading(html, "SAFR allocation report");
        Paragraph(html, r.Text);
        Paragraph(html, F($"{r.Tokens.Length} tokens; layer {r.Layer}; {n.NeuronCount} FFN neurons: {n.MonosemanticCount} monosemantic, {n.PolysemanticCount} polysemantic, {n.DeadCount} dead."), Muted);

        Heading(html, "Tokens shaded by VMASK keep probability", 4);
        var dominated = r.DominatedNeurons;
        TokenImportanceView.Spans(html, r.Tokens, r.KeepProbability,
            t => F($"keep {r.KeepProbability[t]:0.###}, P_l {r.Polysemanticity[t]:0.###}, dominates {dominated[t]} neuron(s)"));
        var tokens = new HtmlTable("token", "position", "keep probability", "P_l", "neurons dominated");
        for (var t = 0; t < r.Tokens.Length; t++)
            tokens.Row().Head(r.Tokens[t]).Cell(I(r.Positions[t])).Cell(Num(r.KeepProbability[t])).Cell(Num(r.Polysemanticity[t])).Cell(I(dominated[t]));
        html.Append("<details><summary style=\"cursor:pointer\">Per-token scores</summary>\n").Append(tokens).Append("</details>\n");

        Heading(html, "FFN neurons", 4);
        html.Append(new HtmlTable("monosemantic", "polysemantic", "dead", "total").Row()
            .Cell(I(n.MonosemanticCount)).Cell(I(n.PolysemanticCount)).Cell(I(n.DeadCount)).Cell(I(n.NeuronCount)));
        Paragraph(html, "Rule: " + n.Rule, Muted + ";font-size:11px");
        if (Charts.ShownNeurons(n, MaxNeurons).Length == 0) Paragraph(html, "No neuron is active on this text.");
        else html.Append(plots.Figure(Charts.NeuronAllocation(r, MaxNeurons)));

        Heading(html, "Token overlap (inside L_imp, on the VMASK output)", 4);
        Paragraph(html, "Row l, column m: (x_l / (||x_l|| + 1e-5)) · x_m; red positive, blue negative, the diagonal is zero.", Muted);
        html.Append(plots.Figure(Charts.TokenMatrix(r.ToOverlapMatrix())));

        var source = r.Head is { } h ? $"head {h}" : "mean over heads";
        Heading(html, $"Correlated pairs (co-attention A Aᵀ, layer {r.Layer}, {source}, top {r.PairsPerToken} per token)", 4);
        if (r.Pairs.Length == 0) Paragraph(html, "No pairs (a single token).");
        else
        {
            var pairs = new HtmlTable("token i", "position", "token j", "position", "weight");
            foreach (var p in r.Pairs) pairs.Row().Head(p.TokenI).Cell(I(p.I)).Head(p.TokenJ).Cell(I(p.J)).Cell(Num(p.Weight, "G4"));
            html.Append(pairs);
        }
        return html.ToString();
    }

    public static string Text(AllocationReport r) =>
        r + "\n" + string.Join(' ', r.Tokens.Select((t, i) => string.Create(CultureInfo.InvariantCulture, $"{t}(keep {r.KeepProbability[i]:0.##})"))) +
        (r.Pairs.Length == 0 ? "" : "\npairs: " + string.Join("; ", r.Pairs.Select(p => p.ToString())));

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
