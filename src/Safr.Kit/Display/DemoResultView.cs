using System.Globalization;
using System.Text;
using Safr.Kit.Runs;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>
/// A <see cref="DemoResult"/>: the arms side by side, and under each non-baseline arm its change from the
/// baseline, green where SAFR's aims are met (accuracy and precision@k up, polysemanticity of important
/// tokens and L_inter down) and red where they are not.
/// </summary>
internal static class DemoResultView
{
    /// <summary>Each compared column: its header, value, format, and which direction is better (null: neither).</summary>
    private static readonly (string Header, Func<Row, double> Value, Func<double, string> Format, bool? HigherIsBetter)[] Columns =
    [
        ("test acc", a => a.Run.TestAccuracy, v => Pct(v), true),
        ("P_l important", a => a.Run.Test.Polysemanticity.Important, v => Num(v), false),
        ("P_l other", a => a.Run.Test.Polysemanticity.Other, v => Num(v), null),
        ("important tokens", a => a.Run.Test.Polysemanticity.ImportantTokens, v => Num(v, "0"), null),
        ("precision@k", a => a.PrecisionAtK, v => Num(v, "0.000"), true),
        ("L_inter", a => a.Run.Test.Interaction.Value, v => Num(v), false),
        ("epochs", a => a.Run.Training.Epochs, v => Num(v, "0"), null),
    ];

    /// <summary>A run of the demo with its precision@k, the one number the demo adds to its record.</summary>
    internal sealed record Row(RunRecord Run, double PrecisionAtK)
    {
        public string Name => Run.Name;
    }

    private static Row[] Arms(DemoResult r) => [.. r.Runs.Select((run, i) => new Row(run, r.PrecisionAtK[i]))];

    public static string Html(DemoResult r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        Heading(html, "Planted demo: baseline vs SAFR");
        Paragraph(html, r.Task.Dataset.Description, Muted);
        var arms = Arms(r);
        Paragraph(html, F($"Model: d_model {r.Config.DModel}, {r.Config.NumHeads} heads, {r.Config.NumLayers} layer(s), d_ff {r.Config.DFf}; {arms.Length} arms in {Num(r.Seconds, "0.0")} s."), Muted);
        var baseline = Baseline(arms);
        var table = new HtmlTable(["model", "λ_imp", "λ_inter", .. Columns.Select(c => c.Header)]);
        foreach (var arm in arms)
        {
            table.Row(ReferenceEquals(arm, baseline) ? null : Highlight).Head(arm.Name)
                .Cell(Num(arm.Run.Spec.LambdaImportance, "G3")).Cell(Num(arm.Run.Spec.LambdaInteraction, "G3"));
            foreach (var c in Columns) table.Cell(c.Format(c.Value(arm)));
            if (baseline is null || ReferenceEquals(arm, baseline)) continue;
            table.Row(null, $"{arm.Name} minus {baseline.Name}").Raw(E($"Δ vs {baseline.Name}"), header: true).Cell("").Cell("");
            foreach (var c in Columns) table.Raw(Delta(c.Value(arm) - c.Value(baseline), c.HigherIsBetter, c.Format));
        }
        html.Append(table);
        Paragraph(html, "P_l: mean polysemanticity of tokens VMASK keeps (keep probability > threshold) and of the others; SAFR aims to lower it for the important ones. " +
                        "precision@k: VMASK's top tokens against the planted ones. Green: better than the baseline; red: worse.", Muted);
        if (r.Runs.Any(a => a.Training.History.Count > 0)) html.Append(plots.Figure(r.Runs.DevAccuracy()));
        return html.ToString();
    }

    /// <summary>The arm with both lambdas 0, else the first.</summary>
    internal static Row? Baseline(IReadOnlyList<Row> arms) =>
        arms.FirstOrDefault(a => a.Run.Spec.IsBaseline) ?? arms.FirstOrDefault();

    public static string Text(DemoResult r)
    {
        var text = new StringBuilder(r.ToTable());
        var arms = Arms(r);
        var baseline = Baseline(arms);
        foreach (var arm in arms.Where(a => baseline is not null && !ReferenceEquals(a, baseline)))
            text.Append(CultureInfo.InvariantCulture, $"{arm.Name} vs {baseline!.Name}: ")
                .AppendJoin(", ", Columns.Select(c => $"{c.Header} {(c.Value(arm) - c.Value(baseline) > 0 ? "+" : "")}{c.Format(c.Value(arm) - c.Value(baseline))}"))
                .Append('\n');
        return text.ToString().TrimEnd('\n');
    }
}
