using System.Globalization;
using Safr.Kit.Analysis;
using Safr.Kit.Experiments;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Display;

/// <summary>
/// The figures the kit's displays are made of, public so a notebook can show, restyle or combine them.
/// Text taken from data (tokens, arm and ranking names) is escaped for Plotly (<see cref="PlotlyText"/>).
/// </summary>
public static class Charts
{
    private const string Orange = "#ff7f0e";
    private const string Blue = "#1f77b4";
    private const string Green = "#2ca02c";

    /// <summary>Plotly's default colours, for charts with one colour per series.</summary>
    private static readonly string[] Palette = [Blue, Orange, Green, "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    /// <summary>Train loss (left axis) and train and dev accuracy (right axis) per epoch.</summary>
    public static Figure TrainingCurves(IReadOnlyList<EpochRecord> history, string? title = "Training curves")
    {
        ArgumentNullException.ThrowIfNull(history);
        double[] epochs = [.. history.Select(h => (double)h.Epoch)];
        return new Figure
        {
            Data =
            [
                Trace.Line(epochs, [.. history.Select(h => h.Loss)], "train loss") with { Color = Blue },
                Trace.Line(epochs, [.. history.Select(h => h.TrainAccuracy)], "train accuracy") with { Color = Green, Dash = "dot", YAxis = "y2" },
                Trace.Line(epochs, [.. history.Select(h => h.DevAccuracy)], "dev accuracy") with { Color = Orange, YAxis = "y2" },
            ],
            Layout = new Layout
            {
                Title = title,
                XAxis = EpochAxis(history.Count == 0 ? 1 : history.Max(h => h.Epoch)),
                YAxis = new Axis { Title = "loss" },
                YAxis2 = new Axis { Title = "accuracy", Overlaying = "y", Side = "right", TickFormat = ".0%", ShowGrid = false },
                Height = 360,
                HorizontalLegend = true,
            },
        };
    }

    /// <summary>Each arm's dev accuracy per epoch.</summary>
    public static Figure DevAccuracy(DemoResult demo)
    {
        ArgumentNullException.ThrowIfNull(demo);
        return new Figure
        {
            Data = [.. demo.Arms.Select(a => Trace.Line(
                [.. a.Training.History.Select(h => (double)h.Epoch)], [.. a.Training.History.Select(h => h.DevAccuracy)], PlotlyText.Escape(a.Name)))],
            Layout = new Layout
            {
                Title = "Dev accuracy per epoch",
                XAxis = EpochAxis(demo.Arms.SelectMany(a => a.Training.History).Select(h => h.Epoch).DefaultIfEmpty(1).Max()),
                YAxis = new Axis { Title = "dev accuracy", TickFormat = ".0%" },
                Height = 340,
                HorizontalLegend = true,
            },
        };
    }

    /// <summary>
    /// Comprehensiveness (solid) and sufficiency (dashed) per bin, one colour per ranking: a ranking is
    /// faithful where its comprehensiveness lies above random's and its sufficiency below.
    /// </summary>
    public static Figure Faithfulness(FaithfulnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var curves = report.Curves;
        ScatterTrace Curve(int index, bool sufficiency)
        {
            var c = curves[index];
            return Trace.Line([.. c.Bins.Select(b => b * 100)], sufficiency ? c.Sufficiency : c.Comprehensiveness,
                    PlotlyText.Escape($"{c.Ranking} {(sufficiency ? "sufficiency" : "comprehensiveness")}"))
                with { Color = Palette[index % Palette.Length], Dash = sufficiency ? "dash" : null };
        }
        var bins = curves[0].Bins;
        return new Figure
        {
            Data = [.. curves.Select((_, i) => Curve(i, sufficiency: false)), .. curves.Select((_, i) => Curve(i, sufficiency: true))],
            Layout = new Layout
            {
                Title = "Faithfulness per bin (ERASER)",
                XAxis = new Axis { Title = "top k% of each text's tokens", AxisType = bins.All(b => b > 0) ? "log" : null, TickValues = [.. bins.Select(b => b * 100)], TickText = [.. bins.Select(b => Percent(b))] },
                YAxis = new Axis { Title = "drop in p(predicted class)" },
                Height = 360,
                HorizontalLegend = true,
            },
        };
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
        return new Figure
        {
            Data =
            [
                new HeatmapTrace([.. tokens.Select((_, t) => (IReadOnlyList<double>)[.. shown.Select(k => n.Share[t][k])])])
                {
                    Colorscale = Colorscale.Share, ZMin = 0, ZMax = 1, ColorbarTitle = "share", Gap = 1,
                    Text = [.. tokens.Select((token, t) => (IReadOnlyList<string>)[.. shown.Select(k => PlotlyText.Escape(
                        string.Create(CultureInfo.InvariantCulture, $"{token} @{t}, neuron {k} ({Kind(n.Kind[k])}): share {n.Share[t][k]:0.###}, total {n.Total[k]:G4}")))])],
                    HoverTemplate = "%{text}<extra></extra>",
                },
            ],
            Layout = new Layout
            {
                Title = PlotlyText.Escape($"Token x neuron allocation: the {shown.Length} most active of {live} live FFN neurons"),
                XAxis = new Axis
                {
                    Title = "FFN neuron (M monosemantic, P polysemantic)",
                    TickValues = [.. shown.Select((_, i) => (double)i)],
                    TickText = [.. shown.Select(k => $"{k} {Kind(n.Kind[k])[0]}")],
                    ZeroLine = false,
                    ShowGrid = false,
                },
                YAxis = TokenAxis(tokens, null, reversed: true),
                Height = HeatmapHeight(tokens.Length),
            },
        };
    }

    /// <summary>A token x token matrix as a diverging heatmap centred on zero (red positive, blue negative).</summary>
    public static Figure TokenMatrix(TokenMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var tokens = matrix.Tokens;
        var scale = matrix.Values.SelectMany(r => r).Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
        return new Figure
        {
            Data =
            [
                new HeatmapTrace(matrix.Values)
                {
                    Colorscale = Colorscale.Diverging, ZMid = 0, ZMin = scale > 0 ? -scale : null, ZMax = scale > 0 ? scale : null,
                    ColorbarTitle = "value", Gap = 1,
                    Text = [.. matrix.Values.Select((row, l) => (IReadOnlyList<string>)[.. row.Select((v, m) => PlotlyText.Escape(
                        string.Create(CultureInfo.InvariantCulture, $"{Token(tokens, l)} @{l} → {Token(tokens, m)} @{m}: {v:G4}")))])],
                    HoverTemplate = "%{text}<extra></extra>",
                },
            ],
            Layout = new Layout
            {
                Title = PlotlyText.Escape(matrix.Title ?? "Token matrix"),
                XAxis = TokenAxis(tokens, "token m", reversed: false),
                YAxis = TokenAxis(tokens, "token l", reversed: true),
                Height = HeatmapHeight(tokens.Count),
            },
        };
    }

    /// <summary>Live neurons by total activation, most active first (ties by index), at most <paramref name="max"/>.</summary>
    internal static int[] ShownNeurons(NeuronAllocation n, int max) =>
        [.. Enumerable.Range(0, n.NeuronCount).Where(k => n.Kind[k] != NeuronKind.Dead).OrderByDescending(k => n.Total[k]).ThenBy(k => k).Take(max)];

    /// <summary>Tokens repeat, and Plotly merges equal category labels, so cells sit at 0, 1, 2, ... and the ticks carry the tokens.</summary>
    private static Axis TokenAxis(IReadOnlyList<string> tokens, string? title, bool reversed) => new()
    {
        Title = title,
        TickValues = [.. tokens.Select((_, i) => (double)i)],
        TickText = [.. tokens.Select(PlotlyText.Escape)],
        Reversed = reversed,  // rows read from the top
        ShowGrid = false,
        ZeroLine = false,
    };

    /// <summary>Whole epochs only, about a dozen ticks at most.</summary>
    private static Axis EpochAxis(int lastEpoch) => new() { Title = "epoch", TickFormat = "d", TickStep = Math.Max(1, Math.Ceiling(lastEpoch / 12.0)) };

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
