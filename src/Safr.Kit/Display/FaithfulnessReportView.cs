using System.Text;
using Safr.Kit.Metrics;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>
/// A <see cref="FaithfulnessReport"/>: AOPC for VMASK and random with VMASK's margin (green when VMASK is
/// the more faithful: higher comprehensiveness, lower sufficiency), the per-bin numbers and their curves.
/// </summary>
internal static class FaithfulnessReportView
{
    public static string Html(FaithfulnessReport r, PlotlyHtml plots)
    {
        var (v, random) = (r.Vmask, r.Random);
        if (v.Comprehensiveness.Count != v.Bins.Count || v.Sufficiency.Count != v.Bins.Count ||
            random.Comprehensiveness.Count != v.Bins.Count || random.Sufficiency.Count != v.Bins.Count)
            throw new ArgumentException("every curve needs one comprehensiveness and one sufficiency value per bin, over the same bins");
        var html = new StringBuilder();
        Heading(html, "Faithfulness (ERASER AOPC)");
        Paragraph(html, F($"{v.Examples:N0} examples{(r.EmptySkipped > 0 ? F($" ({r.EmptySkipped:N0} empty ones skipped)") : "")}; random ranking seed {r.Seed}."), Muted);

        var aopc = new HtmlTable("ranking", "AOPC comprehensiveness ↑", "AOPC sufficiency ↓");
        aopc.Row().Head(v.Ranking).Cell(Num(v.AopcComprehensiveness)).Cell(Num(v.AopcSufficiency));
        aopc.Row().Head(random.Ranking).Cell(Num(random.AopcComprehensiveness)).Cell(Num(random.AopcSufficiency));
        aopc.Row().Raw(E($"{v.Ranking} − {random.Ranking}"), header: true)
            .Raw(Delta(v.AopcComprehensiveness - random.AopcComprehensiveness, true, x => Num(x)))
            .Raw(Delta(v.AopcSufficiency - random.AopcSufficiency, false, x => Num(x)));
        html.Append(aopc);

        var bins = new HtmlTable("top k%", $"comprehensiveness {v.Ranking}", $"comprehensiveness {random.Ranking}", $"sufficiency {v.Ranking}", $"sufficiency {random.Ranking}");
        for (var b = 0; b < v.Bins.Count; b++)
            bins.Row().Cell(Num(v.Bins[b] * 100, "0.##") + "%")
                .Cell(Num(v.Comprehensiveness[b])).Cell(Num(random.Comprehensiveness[b]))
                .Cell(Num(v.Sufficiency[b])).Cell(Num(random.Sufficiency[b]));
        html.Append(bins);
        html.Append(plots.Figure(Charts.Faithfulness(r)));
        return html.ToString();
    }
}
