using Safr.Kit.Metrics;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>An <see cref="InteractionScore"/> as a one-row table.</summary>
internal static class InteractionScoreView
{
    public static string Html(InteractionScore s) =>
        new HtmlTable("interaction score L_inter ↓", "examples", "batches").Row()
            .Cell(Num(s.Value, "0.000000")).Cell(F($"{s.Examples:N0}")).Cell(F($"{s.Batches:N0}")).ToString();
}
