using System.Text;
using Safr.Kit.Attribution;
using Safr.Kit.Metrics;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>
/// A <see cref="FaithfulnessReport"/>: AOPC per ranking, each ranking's margin over the random one when the
/// report has one (green when it is the more faithful: higher comprehensiveness, lower sufficiency), the
/// per-bin numbers and their curves.
/// </summary>
internal static class FaithfulnessReportView
{
    public static string Html(FaithfulnessReport r, PlotlyHtml plots)
    {
        var curves = r.Curves;
        var bins = curves[0].Bins;
        if (curves.Any(c => c.Bins.Count != bins.Count || !c.Bins.SequenceEqual(bins) || c.Comprehensiveness.Count != bins.Count || c.Sufficiency.Count != bins.Count))
            throw new ArgumentException("every curve needs one comprehensiveness and one sufficiency value per bin, over the same bins");
        var html = new StringBuilder();
        Heading(html, "Faithfulness (ERASER AOPC)");
        Paragraph(html, F($"{curves[0].Examples:N0} examples{(r.EmptySkipped > 0 ? F($" ({r.EmptySkipped:N0} empty ones skipped)") : "")}."), Muted);

        var aopc = new HtmlTable("ranking", "AOPC comprehensiveness ↑", "AOPC sufficiency ↓");
        foreach (var c in curves) aopc.Row().Head(c.Ranking).Cell(Num(c.AopcComprehensiveness)).Cell(Num(c.AopcSufficiency));
        if (curves.FirstOrDefault(c => c.Ranking == RandomAttribution.RankingName) is { } random)
            foreach (var c in curves.Where(c => c.Ranking != random.Ranking))
                aopc.Row().Raw(E($"{c.Ranking} − {random.Ranking}"), header: true)
                    .Raw(Delta(c.AopcComprehensiveness - random.AopcComprehensiveness, true, x => Num(x)))
                    .Raw(Delta(c.AopcSufficiency - random.AopcSufficiency, false, x => Num(x)));
        html.Append(aopc);

        var perBin = new HtmlTable(["top k%", .. curves.Select(c => $"comprehensiveness {c.Ranking}"), .. curves.Select(c => $"sufficiency {c.Ranking}")]);
        for (var b = 0; b < bins.Count; b++)
        {
            var row = perBin.Row().Cell(Num(bins[b] * 100, "0.##") + "%");
            foreach (var c in curves) row.Cell(Num(c.Comprehensiveness[b]));
            foreach (var c in curves) row.Cell(Num(c.Sufficiency[b]));
        }
        html.Append(perBin);
        html.Append(plots.Figure(Charts.Faithfulness(r)));
        return html.ToString();
    }
}
