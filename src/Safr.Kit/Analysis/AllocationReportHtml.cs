using System.Globalization;
using System.Net;
using System.Text;

namespace Safr.Kit.Analysis;

/// <summary>
/// Renders an <see cref="AllocationReport"/> as one self-contained HTML page: inline CSS, no scripts,
/// every piece of text HTML-encoded (tokens come from user data).
/// </summary>
internal static class AllocationReportHtml
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 1.5em; color: #222; }
        h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
        .text { font-family: ui-monospace, monospace; line-height: 2.2; }
        .tok { padding: 0.15em 0.3em; margin: 0 0.1em; border-radius: 3px; border: 1px solid #ddd; }
        table { border-collapse: collapse; font-size: 0.8em; }
        th, td { border: 1px solid #e4e4e4; padding: 0.2em 0.35em; text-align: right; }
        th { background: #f6f6f6; font-weight: 600; }
        table.heat td { min-width: 1.6em; }
        .rule { max-width: 60em; color: #444; }
        """;

    public static string Render(AllocationReport report, int maxNeurons)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>SAFR allocation report</title>\n<style>\n")
            .Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>SAFR allocation report</h1>\n");
        html.Append("<p>").Append(E(report.Text)).Append("</p>\n");
        html.Append("<p>").Append(E(F($"{report.Tokens.Length} tokens; layer {report.Layer}; {report.Neurons.NeuronCount} FFN neurons."))).Append("</p>\n");

        Tokens(html, report);
        Counts(html, report.Neurons);
        Allocation(html, report, maxNeurons);
        Overlap(html, report);
        Pairs(html, report);

        return html.Append("</body>\n</html>\n").ToString();
    }

    private static void Tokens(StringBuilder html, AllocationReport r)
    {
        html.Append("<h2>Tokens shaded by VMASK keep probability</h2>\n<p>")
            .Append(E("The stronger the shade, the more likely VMASK keeps the token (its importance); hover for the scores."))
            .Append("</p>\n<p class=\"text\">");
        var dominated = r.DominatedNeurons;
        for (var t = 0; t < r.Tokens.Length; t++)
        {
            var title = F($"keep {r.KeepProbability[t]:0.###}, P_l {r.Polysemanticity[t]:0.###}, dominates {dominated[t]} neuron(s)");
            html.Append("<span class=\"tok\" style=\"background: ").Append(Rgba(255, 160, 0, r.KeepProbability[t]))
                .Append("\" title=\"").Append(E(title)).Append("\">").Append(E(r.Tokens[t])).Append("</span> ");
        }
        html.Append("</p>\n<table>\n<tr><th>token</th><th>keep probability</th><th>P_l</th><th>neurons dominated</th></tr>\n");
        for (var t = 0; t < r.Tokens.Length; t++)
            html.Append("<tr><th>").Append(E(r.Tokens[t])).Append("</th><td>").Append(F($"{r.KeepProbability[t]:0.####}"))
                .Append("</td><td>").Append(F($"{r.Polysemanticity[t]:0.####}")).Append("</td><td>").Append(dominated[t]).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    private static void Counts(StringBuilder html, NeuronAllocation n)
    {
        html.Append("<h2>FFN neurons</h2>\n<table>\n<tr><th>monosemantic</th><th>polysemantic</th><th>dead</th><th>total</th></tr>\n<tr><td>")
            .Append(n.MonosemanticCount).Append("</td><td>").Append(n.PolysemanticCount).Append("</td><td>").Append(n.DeadCount)
            .Append("</td><td>").Append(n.NeuronCount).Append("</td></tr>\n</table>\n");
        html.Append("<p class=\"rule\">Rule: ").Append(E(n.Rule)).Append("</p>\n");
    }

    private static void Allocation(StringBuilder html, AllocationReport r, int maxNeurons)
    {
        var n = r.Neurons;
        var shown = Enumerable.Range(0, n.NeuronCount)
            .Where(k => n.Kind[k] != NeuronKind.Dead)
            .OrderByDescending(k => n.Total[k]).ThenBy(k => k)
            .Take(maxNeurons).ToArray();
        var live = n.NeuronCount - n.DeadCount;
        html.Append("<h2>").Append(E(F($"Token x neuron allocation: the {shown.Length} most active of {live} live neurons"))).Append("</h2>\n");
        html.Append("<p>").Append(E("Each cell is the token's share of the neuron's activation over the text; columns are neurons by total activation, marked M (monosemantic) or P (polysemantic)."))
            .Append("</p>\n");
        if (shown.Length == 0)
        {
            html.Append("<p>No neuron is active on this text.</p>\n");
            return;
        }
        html.Append("<table class=\"heat\">\n<tr><th></th>");
        foreach (var k in shown) html.Append("<th title=\"").Append(E(F($"total activation {n.Total[k]:G4}"))).Append("\">").Append(k).Append("</th>");
        html.Append("</tr>\n<tr><th></th>");
        foreach (var k in shown) html.Append("<th>").Append(n.Kind[k] == NeuronKind.Monosemantic ? "M" : "P").Append("</th>");
        html.Append("</tr>\n");
        for (var t = 0; t < r.Tokens.Length; t++)
        {
            html.Append("<tr><th>").Append(E(r.Tokens[t])).Append("</th>");
            foreach (var k in shown)
            {
                var s = n.Share[t][k];
                html.Append("<td style=\"background: ").Append(Rgba(31, 119, 180, s)).Append("\" title=\"")
                    .Append(E(F($"{r.Tokens[t]}, neuron {k}: share {s:0.###}"))).Append("\"></td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Overlap(StringBuilder html, AllocationReport r)
    {
        html.Append("<h2>Token overlap (inside L_imp, on the VMASK output)</h2>\n<p>")
            .Append(E("Row l, column m: (x_l / (||x_l|| + 1e-5)) . x_m; red positive, blue negative, the diagonal is zero."))
            .Append("</p>\n<table class=\"heat\">\n<tr><th></th>");
        foreach (var token in r.Tokens) html.Append("<th>").Append(E(token)).Append("</th>");
        html.Append("</tr>\n");
        var scale = r.Overlap.SelectMany(row => row).Select(Math.Abs).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        for (var l = 0; l < r.Tokens.Length; l++)
        {
            html.Append("<tr><th>").Append(E(r.Tokens[l])).Append("</th>");
            foreach (var v in r.Overlap[l])
            {
                var alpha = scale > 0 ? Math.Abs(v) / scale : 0;
                var colour = v >= 0 ? Rgba(214, 39, 40, alpha) : Rgba(31, 119, 180, alpha);
                html.Append("<td style=\"background: ").Append(colour).Append("\">").Append(F($"{v:0.##}")).Append("</td>");
            }
            html.Append("</tr>\n");
        }
        html.Append("</table>\n");
    }

    private static void Pairs(StringBuilder html, AllocationReport r)
    {
        var source = r.Head is { } h ? $"head {h}" : "mean over heads";
        html.Append("<h2>").Append(E(F($"Correlated pairs (co-attention A A^T, layer {r.Layer}, {source}, top {r.PairsPerToken} per token)")))
            .Append("</h2>\n");
        if (r.Pairs.Length == 0)
        {
            html.Append("<p>No pairs (a single token).</p>\n");
            return;
        }
        html.Append("<table>\n<tr><th>token</th><th>token</th><th>weight</th></tr>\n");
        foreach (var p in r.Pairs)
            html.Append("<tr><td>").Append(E(p.TokenI)).Append("</td><td>").Append(E(p.TokenJ)).Append("</td><td>")
                .Append(F($"{p.Weight:G4}")).Append("</td></tr>\n");
        html.Append("</table>\n");
    }

    private static string Rgba(int red, int green, int blue, double alpha)
    {
        var a = double.IsFinite(alpha) ? Math.Clamp(alpha, 0, 1) : 0;
        return F($"rgba({red}, {green}, {blue}, {a:0.###})");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
