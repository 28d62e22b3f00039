using System.Text;
using Safr.Kit.Training;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>A <see cref="TrainingResult"/>: the summary, the epochs as a table (best epoch highlighted) and the curves.</summary>
internal static class TrainingResultView
{
    public static string Html(TrainingResult r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        Heading(html, "Training result");
        Paragraph(html, F($"{r.Epochs} epochs ({(r.StoppedEarly ? "stopped early: patience ran out" : "ran to MaxEpochs")}); best dev accuracy {Pct(r.BestDevAccuracy)} at epoch {r.BestEpoch}; the model holds epoch {r.ModelEpoch}; {Num(r.SecondsPerEpoch, "0.0")} s per epoch."));
        if (r.RunFolder is not null) Paragraph(html, "Run folder: " + r.RunFolder, Muted);
        History(html, r.History, r.BestEpoch, r.ModelEpoch, plots);
        return html.ToString();
    }

    /// <summary>The epoch table and the training curves (shared with <see cref="RunRecordView"/>).</summary>
    public static void History(StringBuilder html, IReadOnlyList<EpochRecord> history, int bestEpoch, int modelEpoch, PlotlyHtml plots)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            Paragraph(html, "No epoch has finished.");
            return;
        }
        var table = new HtmlTable("epoch", "loss", "CE", "L_imp", "L_inter", "train acc", "dev acc", "seconds", "");
        foreach (var e in history)
        {
            var marks = (e.Epoch == bestEpoch ? "best" : "") + (e.Epoch == modelEpoch ? (e.Epoch == bestEpoch ? ", model" : "model") : "");
            table.Row(e.Epoch == bestEpoch ? Highlight : null, e.Improved ? "dev accuracy improved" : null)
                .Cell(e.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Cell(Num(e.Loss)).Cell(Num(e.CrossEntropy)).Cell(Num(e.Importance)).Cell(Num(e.Interaction))
                .Cell(Pct(e.TrainAccuracy)).Cell(Pct(e.DevAccuracy)).Cell(Num(e.Seconds, "0.0"))
                .Cell((e.Improved ? "★ " : "") + marks);
        }
        html.Append(table);
        html.Append(plots.Figure(Charts.TrainingCurves(history)));
    }

    public static string Text(TrainingResult r)
    {
        var text = new StringBuilder(r.ToString());
        foreach (var e in r.History) text.Append('\n').Append(e);
        return text.ToString();
    }
}
