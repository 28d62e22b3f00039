using System.Text;
using Safr.Kit.Metrics;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>A <see cref="PolysemanticityByImportance"/> as a three-row table, with the gap the paper's claim is about.</summary>
internal static class PolysemanticityView
{
    public static string Html(PolysemanticityByImportance p)
    {
        var html = new StringBuilder();
        Heading(html, "Polysemanticity P_l by importance", 4);
        var table = new HtmlTable("tokens", "mean P_l", "count");
        table.Row().Head(F($"important (keep > {p.Threshold:G3})")).Cell(Num(p.Important)).Cell(F($"{p.ImportantTokens:N0}"));
        table.Row().Head("other").Cell(Num(p.Other)).Cell(F($"{p.OtherTokens:N0}"));
        table.Row().Head("all").Cell(Num(p.All)).Cell(F($"{p.Tokens:N0}"));
        table.Row().Head("other − important").Raw(Delta(p.Other - p.Important, true, x => Num(x))).Cell("");
        html.Append(table);
        Paragraph(html, "SAFR aims at important tokens that are less polysemantic than the rest (a positive gap).", Muted + ";font-size:11px");
        return html.ToString();
    }
}
