using System.Globalization;
using Safr.Kit.Analysis;
using Safr.Kit.Runs;
using Safr.Kit.Tables;
using Safr.Kit.Metrics;
using Safr.Kit.Training;
using XPlot.Plotly;
using PlotLayout = XPlot.Plotly.Layout.Layout;

namespace Safr.Kit.Display;

/// <summary>
/// The figures the kit's displays are made of, built with XPlot.Plotly's trace and layout types and public so a
/// notebook can show, restyle or combine them (<see cref="Figure.Traces"/>, <see cref="Figure.Layout"/>,
/// <see cref="Figure.Chart"/>). Text taken from data (tokens, arm and ranking names) is escaped for Plotly
/// (<see cref="PlotlyText"/>); numbers that are not finite become gaps (null).
/// </summary>
public static class Charts
{
    private const string Orange = "#ff7f0e";
    private const string Blue = "#1f77b4";
    private const string Green = "#2ca02c";

    /// <summary>Plotly's default colours, for charts with one colour per series.</summary>
    internal static readonly string[] Palette = [Blue, Orange, Green, "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>White through light orange to dark orange: shares and probabilities in [0, 1].</summary>
    private static readonly object[][] ShareScale = [[0.0, "#ffffff"], [0.5, "#fdae6b"], [1.0, "#d94801"]];

    /// <summary>Blue, white, red: signed values, centred on zero by a range symmetric about it.</summary>
    private static readonly object[][] DivergingScale = [[0.0, "#2166ac"], [0.5, "#f7f7f7"], [1.0, "#b2182b"]];

    /// <summary>Train loss (left axis) and train and dev accuracy (right axis) per epoch.</summary>
    public static Figure TrainingCurves(IReadOnlyList<EpochRecord> history, string? title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = [.. history.Select(h => (double)h.Epoch)];
        var layout = new PlotLayout
        {
            xaxis = EpochAxis(history.Count == 0 ? 1 : history.Max(h => h.Epoch)),
            yaxis = new Yaxis { title = "loss" },
            yaxis2 = new Yaxis { title = "accuracy", overlaying = "y", side = "right", tickformat = ".0%", showgrid = false },
            height = 360,
            legend = HorizontalLegend(),
            margin = Margins(title, right: 70),
        };
        if (title is not null) layout.title = title;
        return new Figure(
            [
                Line(epochs, history.Select(h => h.Loss), "train loss", Blue),
                Line(epochs, history.Select(h => h.TrainAccuracy), "train accuracy", Green, dash: "dot", yaxis: "y2"),
                Line(epochs, history.Select(h => h.DevAccuracy), "dev accuracy", Orange, yaxis: "y2"),
            ],
            layout);
    }

    /// <summary>Dev accuracy per epoch, one line per run (named by the run, with its seed where it is not 0).</summary>
    public static Figure DevAccuracy(this IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        // Several seeds compare runs a point apart: one decimal on the axis.
        var tickFormat = all.Any(r => r.Spec.Seed != 0) ? ".1%" : ".0%";
        return DevAccuracy(all.Select(r => (r.Spec.Seed == 0 ? r.Name : $"{r.Name}, seed {r.Spec.Seed}", r.Training.History)), tickFormat);
    }

    /// <summary>One dev accuracy line per run, named by <paramref name="runs"/>' labels.</summary>
    private static Figure DevAccuracy(IEnumerable<(string Label, IReadOnlyList<EpochRecord> History)> runs, string tickFormat)
    {
        var all = runs.ToArray();
        const string title = "Dev accuracy per epoch";
        return new Figure(
            all.Select(r => Line(r.History.Select(h => (double)h.Epoch), r.History.Select(h => h.DevAccuracy), PlotlyText.Escape(r.Label))),
            new PlotLayout
            {
                title = title,
                xaxis = EpochAxis(all.SelectMany(r => r.History).Select(h => h.Epoch).DefaultIfEmpty(1).Max()),
                yaxis = new Yaxis { title = "dev accuracy", tickformat = tickFormat },
                height = 340,
                legend = HorizontalLegend(),
                margin = Margins(title),
            });
    }

    /// <summary>
    /// Comprehensiveness (solid) and sufficiency (dashed) per bin, one colour per ranking: a ranking is
    /// faithful where its comprehensiveness lies above random's and its sufficiency below.
    /// </summary>
    public static Figure Faithfulness(FaithfulnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var curves = report.Curves;
        Scatter Curve(int index, bool sufficiency)
        {
            var c = curves[index];
            return Line(c.Bins.Select(b => b * 100), sufficiency ? c.Sufficiency : c.Comprehensiveness,
                PlotlyText.Escape($"{c.Ranking} {(sufficiency ? "sufficiency" : "comprehensiveness")}"),
                Palette[index % Palette.Length], dash: sufficiency ? "dash" : null);
        }
        var bins = curves[0].Bins;
        const string title = "Faithfulness per bin (ERASER)";
        var x = new Xaxis
        {
            title = "top k% of each text's tokens",
            tickmode = "array",
            tickvals = Numbers(bins.Select(b => b * 100)),
            ticktext = bins.Select(Percent).ToArray(),
        };
        if (bins.All(b => b > 0)) x.type = "log";
        return new Figure(
            [.. curves.Select((_, i) => Curve(i, sufficiency: false)), .. curves.Select((_, i) => Curve(i, sufficiency: true))],
            new PlotLayout
            {
                title = title,
                xaxis = x,
                yaxis = new Yaxis { title = "drop in p(predicted class)" },
                height = 360,
                legend = HorizontalLegend(),
                margin = Margins(title),
            });
    }

    /// <summary>
    /// The token x neuron share of the <paramref name="maxNeurons"/> most active live FFN neurons (by total
    /// activation), each column labelled with the neuron's index and M (monosemantic) or P (polysemantic).
    /// </summary>
    public static Figure NeuronAllocation(AllocationReport report, int maxNeurons = 64)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNeurons, 1);
        var n = report.Neurons;
        var shown = ShownNeurons(n, maxNeurons);
        var live = n.NeuronCount - n.DeadCount;
        var tokens = report.Tokens;
        var title = PlotlyText.Escape($"Token x neuron allocation: the {shown.Length} most active of {live} live FFN neurons");
        return new Figure(
            [
                new Heatmap
                {
                    z = tokens.Select((_, t) => Numbers(shown.Select(k => n.Share[t][k]))).ToArray(),
                    colorscale = ShareScale, zmin = 0, zmax = 1, colorbar = new Colorbar { title = "share" },
                    text = tokens.Select((token, t) => shown.Select(k => PlotlyText.Escape(
                        string.Create(CultureInfo.InvariantCulture, $"{token} @{t}, neuron {k} ({Kind(n.Kind[k])}): share {n.Share[t][k]:0.###}, total {n.Total[k]:G4}"))).ToArray()).ToArray(),
                    hoverinfo = "text",
                },
            ],
            new PlotLayout
            {
                title = title,
                xaxis = new Xaxis
                {
                    title = "FFN neuron (M monosemantic, P polysemantic)",
                    tickmode = "array",
                    tickvals = Positions(shown.Length),
                    ticktext = shown.Select(k => NeuronLabel(n, k)).ToArray(),
                    zeroline = false,
                    showgrid = false,
                },
                yaxis = TokenYAxis(tokens, null),
                height = HeatmapHeight(tokens.Length),
                margin = Margins(title, left: TokenMargin(tokens)),
            });
    }

    /// <summary>A token x token matrix as a diverging heatmap centred on zero (red positive, blue negative).</summary>
    public static Figure TokenMatrix(TokenMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var tokens = matrix.Tokens;
        var scale = matrix.Values.SelectMany(r => r).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        if (scale == 0) scale = 1;  // all zero: white, on a range that still has a middle
        var title = PlotlyText.Escape(matrix.Title ?? "Token matrix");
        return new Figure(
            [
                new Heatmap
                {
                    z = matrix.Values.Select(row => Numbers(row)).ToArray(),
                    colorscale = DivergingScale, zmin = -scale, zmax = scale, colorbar = new Colorbar { title = "value" },
                    text = matrix.Values.Select((row, l) => row.Select((v, m) => PlotlyText.Escape(
                        string.Create(CultureInfo.InvariantCulture, $"{Token(tokens, l)} @{l} → {Token(tokens, m)} @{m}: {v:G4}"))).ToArray()).ToArray(),
                    hoverinfo = "text",
                },
            ],
            new PlotLayout
            {
                title = title,
                xaxis = TokenXAxis(tokens, "token m"),
                yaxis = TokenYAxis(tokens, "token l"),
                height = HeatmapHeight(tokens.Count) + TokenMargin(tokens) - 60,
                margin = Margins(title, left: TokenMargin(tokens), bottom: TokenMargin(tokens)),
            });
    }

    /// <summary>
    /// Test accuracy against the polysemanticity of important tokens: per configuration (<see cref="RunSpec.Configuration"/>),
    /// its mean as a large marker with the 95% intervals as error bars on both axes (none for a single seed), and each
    /// seed's run as a small faded marker of the same colour (one legend entry for both). A configuration is named by its
    /// run's name, with its dataset, mode and tokenizer where the runs have more than one of them.
    /// </summary>
    public static Figure AccuracyAgainstPolysemanticity(this IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        const string title = "Accuracy against interpretability (mean ± 95% interval per configuration; small: each seed)";
        var all = runs.ToArray();
        var summary = all.Summary();
        bool Varies(Func<RunSpec, string> part) => summary.Select(s => part(s.Configuration)).Distinct().Count() > 1;
        var (datasets, modes, tokenizers) = (Varies(s => s.DatasetName), Varies(s => s.Mode.ToString()), Varies(s => s.Tokenizer));
        string Label(ConfigurationSummary r) => string.Join(" / ", new[]
        {
            datasets ? r.Configuration.DatasetName : null, r.Name, modes ? r.Configuration.Mode.ToString().ToLowerInvariant() : null,
            tokenizers ? r.Configuration.Tokenizer : null,
        }.OfType<string>());
        // Two configurations under one label (a name reused with other lambdas) are told apart by their lambdas.
        var shared = summary.GroupBy(Label).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        string Name(ConfigurationSummary r) => shared.Contains(Label(r))
            ? string.Create(CultureInfo.InvariantCulture, $"{Label(r)} (λ_imp {r.Configuration.LambdaImportance:G}, λ_inter {r.Configuration.LambdaInteraction:G})")
            : Label(r);
        var traces = new List<Trace>();
        for (var i = 0; i < summary.Count; i++)
        {
            var row = summary[i];
            var (name, color) = (PlotlyText.Escape(Name(row)), Palette[i % Palette.Length]);
            var seeds = all.Where(r => r.Spec.Configuration == row.Configuration).ToArray();
            var (p, a) = (row[RunMetric.PolysemanticityImportant]!, row[RunMetric.TestAccuracy]!);
            traces.Add(new Scatter
            {
                x = Numbers([p.Mean]),
                y = Numbers([a.Mean]),
                error_x = new Error_x { type = "data", array = Numbers([p.HalfWidth]), visible = true, color = color },
                error_y = new Error_y { type = "data", array = Numbers([a.HalfWidth]), visible = true, color = color },
                name = name, legendgroup = name, mode = "markers",
                marker = new Marker { color = color, size = 12 },
            });
            traces.Add(new Scatter
            {
                x = Numbers(seeds.Select(c => c.Test.Polysemanticity.Important)),
                y = Numbers(seeds.Select(c => c.TestAccuracy)),
                text = seeds.Select(c => $"seed {c.Spec.Seed}").ToArray(),
                name = name + " (seeds)", legendgroup = name, showlegend = false, mode = "markers", opacity = 0.45,
                marker = new Marker { color = color, size = 6 },
            });
        }
        return new Figure(traces, AccuracyAgainstPolysemanticityLayout(title, height: 450));
    }

    /// <summary>The axes both accuracy-against-polysemanticity figures share: P_l of important tokens across, test accuracy up.</summary>
    private static PlotLayout AccuracyAgainstPolysemanticityLayout(string title, int height) => new()
    {
        title = title,
        xaxis = new Xaxis { title = "polysemanticity of important tokens (lower: less superposed)" },
        yaxis = new Yaxis { title = "test accuracy", tickformat = ".1%" },
        height = height,
        legend = HorizontalLegend(),
        margin = Margins(title),
    };

    /// <summary>A line with a marker at each point, in <paramref name="color"/> when given.</summary>
    internal static Scatter Line(IEnumerable<double> x, IEnumerable<double> y, string name, string? color = null, string? dash = null, string? yaxis = null)
    {
        var line = new Scatter { x = Numbers(x), y = Numbers(y), name = name, mode = "lines+markers" };
        if (color is not null || dash is not null)
        {
            var style = new XPlot.Plotly.Line();
            if (color is not null) style.color = color;
            if (dash is not null) style.dash = dash;
            line.line = style;
        }
        if (color is not null) line.marker = new Marker { color = color };
        if (yaxis is not null) line.yaxis = yaxis;
        return line;
    }

    /// <summary>The values for Plotly: JSON has no NaN or infinity, and Plotly draws a gap for null.</summary>
    internal static double?[] Numbers(IEnumerable<double> values) => [.. values.Select(v => double.IsFinite(v) ? v : (double?)null)];

    /// <summary>Live neurons by total activation, most active first (ties by index), at most <paramref name="max"/>.</summary>
    internal static int[] ShownNeurons(NeuronAllocation n, int max) =>
        [.. Enumerable.Range(0, n.NeuronCount).Where(k => n.Kind[k] != NeuronKind.Dead).OrderByDescending(k => n.Total[k]).ThenBy(k => k).Take(max)];

    /// <summary>A neuron's column label: its index and M (monosemantic) or P (polysemantic).</summary>
    internal static string NeuronLabel(NeuronAllocation n, int k) => $"{k} {Kind(n.Kind[k])[0]}";

    /// <summary>Tokens repeat, and Plotly merges equal category labels, so cells sit at 0, 1, 2, ... and the ticks carry the tokens.</summary>
    private static Xaxis TokenXAxis(IReadOnlyList<string> tokens, string title) => new()
    {
        title = title,
        tickmode = "array",
        tickvals = Positions(tokens.Count),
        ticktext = tokens.Select(PlotlyText.Escape).ToArray(),
        showgrid = false,
        zeroline = false,
    };

    /// <summary>As <see cref="TokenXAxis"/>, rows read from the top.</summary>
    private static Yaxis TokenYAxis(IReadOnlyList<string> tokens, string? title)
    {
        var axis = new Yaxis
        {
            tickmode = "array",
            tickvals = Positions(tokens.Count),
            ticktext = tokens.Select(PlotlyText.Escape).ToArray(),
            autorange = "reversed",
            showgrid = false,
            zeroline = false,
        };
        if (title is not null) axis.title = title;
        return axis;
    }

    private static double[] Positions(int count) => [.. Enumerable.Range(0, count).Select(i => (double)i)];

    /// <summary>Whole epochs only, about a dozen ticks at most.</summary>
    private static Xaxis EpochAxis(int lastEpoch) => new() { title = "epoch", tickformat = "d", dtick = Math.Max(1, Math.Ceiling(lastEpoch / 12.0)) };

    /// <summary>The legend in rows under the plot (its top below the x axis title) instead of a column beside it.</summary>
    internal static Legend HorizontalLegend() => new() { orientation = "h", y = -0.25, yanchor = "top" };

    /// <summary>Room for the title when there is one, and for tick labels (XPlot's axes have no automargin).</summary>
    internal static Margin Margins(string? title, double left = 60, double right = 30, double bottom = 50) =>
        new() { t = title is null ? 20 : 50, r = right, b = bottom, l = left };

    /// <summary>Pixels for an axis labelled with <paramref name="tokens"/>: about 7 per character of the longest.</summary>
    private static int TokenMargin(IReadOnlyList<string> tokens) => Math.Clamp(24 + 7 * tokens.Select(t => t.Length).DefaultIfEmpty(0).Max(), 60, 220);

    private static string Token(IReadOnlyList<string> tokens, int i) => i < tokens.Count ? tokens[i] : "?";

    private static string Kind(NeuronKind kind) => kind switch
    {
        NeuronKind.Monosemantic => "Monosemantic",
        NeuronKind.Polysemantic => "Polysemantic",
        _ => "Dead",
    };

    private static int HeatmapHeight(int rows) => Math.Clamp(140 + 22 * rows, 280, 1000);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%";
}
