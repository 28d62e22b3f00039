using System.Globalization;
using Safr.Kit.Tables;
using XPlot.Plotly;
using PlotLayout = XPlot.Plotly.Layout.Layout;

namespace Safr.Kit.Display;

/// <summary>
/// A dataset's accuracy–interpretability frontier (<see cref="Frontier"/>) as a figure: test accuracy against one
/// interpretability measure, one point per configuration at its means with 95 % intervals on both axes, the baseline a
/// black diamond, the recommended configuration a star.
/// </summary>
public static class FrontierCharts
{
    /// <summary>Test accuracy (up) against <paramref name="measure"/> (across; default: P_l of important tokens).</summary>
    public static Figure Figure(this Frontier frontier, RunMetric? measure = null)
    {
        ArgumentNullException.ThrowIfNull(frontier);
        measure ??= RunMetric.PolysemanticityImportant;
        var title = PlotlyText.Escape($"{frontier.Dataset}: accuracy against {Label(measure)} (mean ± 95% interval per configuration)");
        var traces = new List<Trace>();
        var colour = 0;
        foreach (var point in frontier.Points)
        {
            var (x, y) = (point.Summary[measure], point.Summary[RunMetric.TestAccuracy]);
            if (x is null || y is null) continue;
            var recommended = ReferenceEquals(point, frontier.Recommended);
            var color = point.IsBaseline ? "#000000" : Charts.Palette[colour++ % Charts.Palette.Length];
            var name = point.IsBaseline ? "baseline"
                : string.Create(CultureInfo.InvariantCulture, $"λ_imp {point.LambdaImportance:G}, λ_inter {point.LambdaInteraction:G}{(recommended ? " (recommended)" : "")}");
            traces.Add(new Scatter
            {
                x = Charts.Numbers([x.Mean]),
                y = Charts.Numbers([y.Mean]),
                error_x = new Error_x { type = "data", array = Charts.Numbers([x.HalfWidth]), visible = true, color = color },
                error_y = new Error_y { type = "data", array = Charts.Numbers([y.HalfWidth]), visible = true, color = color },
                text = new[] { string.Create(CultureInfo.InvariantCulture, $"{point.Summary.Runs} seeds") },
                name = PlotlyText.Escape(name), mode = "markers",
                marker = new Marker { color = color, size = point.IsBaseline || recommended ? 16 : 11, symbol = point.IsBaseline ? "diamond" : recommended ? "star" : "circle" },
            });
        }
        return new Figure(traces, new PlotLayout
        {
            title = title,
            xaxis = new Xaxis { title = PlotlyText.Escape(Label(measure)) },
            yaxis = new Yaxis { title = "test accuracy", tickformat = ".1%" },
            height = 450,
            legend = Charts.HorizontalLegend(),
            margin = Charts.Margins(title),
        });
    }

    private static string Label(RunMetric measure) =>
        measure == RunMetric.PolysemanticityImportant ? "polysemanticity of important tokens (lower: less superposed)"
        : measure == RunMetric.VmaskComprehensiveness ? "VMASK's AOPC comprehensiveness (higher: more faithful)"
        : measure.Name;
}
