using Safr.Kit.Analysis;
using Safr.Kit.Runs;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Display;

/// <summary>
/// Renders the kit's results as HTML (tables, highlighted text, Plotly figures) and plain text: what the
/// notebook formatters show, callable directly to save a result as a page or embed it elsewhere.
/// Unlike the formatters, these throw when a value cannot be rendered.
/// </summary>
public static class SafrDisplay
{
    /// <summary>Every type rendered here; <see cref="SafrFormatterSource"/> makes formatters for exactly these.</summary>
    public static IReadOnlyList<Type> DisplayedTypes { get; } =
    [
        typeof(TrainingResult), typeof(RunRecord), typeof(DemoResult), typeof(AllocationReport), typeof(FaithfulnessReport),
        typeof(PolysemanticityByImportance), typeof(InteractionScore), typeof(TokenImportance), typeof(TokenMatrix), typeof(Figure), typeof(ResultsTable),
    ];

    /// <summary>An HTML fragment for <paramref name="value"/>, plotly.js included as <see cref="Plots.Script"/> says.</summary>
    public static string ToHtml(object value) => ToHtml(value, Plots.Script);

    /// <summary>An HTML fragment for <paramref name="value"/>; its figures share one copy of plotly.js.</summary>
    public static string ToHtml(object value, PlotlyScript script) => Render(value, new PlotlyHtml(script));

    private static string Render(object value, PlotlyHtml plots)
    {
        ArgumentNullException.ThrowIfNull(value);
        return HtmlParts.Wrap(value switch
        {
            TrainingResult r => TrainingResultView.Html(r, plots),
            RunRecord r => RunRecordView.Html(r, plots),
            DemoResult r => DemoResultView.Html(r, plots),
            AllocationReport r => AllocationReportView.Html(r, plots),
            FaithfulnessReport r => FaithfulnessReportView.Html(r, plots),
            PolysemanticityByImportance p => PolysemanticityView.Html(p),
            InteractionScore s => InteractionScoreView.Html(s),
            TokenImportance t => TokenImportanceView.Html(t),
            TokenMatrix m => TokenMatrixView.Html(m, plots),
            Figure f => plots.Figure(f),
            ResultsTable t => ResultsTableView.Html(t),
            _ => throw Unsupported(value),
        });
    }

    /// <summary>Plain text for <paramref name="value"/> (what a console or a text-only frontend shows).</summary>
    public static string ToText(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value switch
        {
            TrainingResult r => TrainingResultView.Text(r),
            RunRecord r => RunRecordView.Text(r),
            DemoResult r => DemoResultView.Text(r),
            AllocationReport r => AllocationReportView.Text(r),
            _ when DisplayedTypes.Any(t => t.IsInstanceOfType(value)) => value.ToString() ?? "",
            _ => throw Unsupported(value),
        };
    }

    /// <summary>A standalone HTML page (UTF-8, with a title) holding the values one after another, for saving or a browser.</summary>
    public static string ToPage(string title, PlotlyScript script, params IEnumerable<object> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var plots = new PlotlyHtml(script);
        var body = string.Concat(values.Select(v => Render(v, plots)));
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + HtmlParts.E(title) + "</title>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
    }

    private static ArgumentException Unsupported(object value) =>
        new($"Safr.Kit has no display for {value.GetType().FullName}; it renders {string.Join(", ", DisplayedTypes.Select(t => t.Name))}", nameof(value));
}
