using System.Globalization;
using System.Text;
using Safr.Kit.Training;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>A <see cref="RunResult"/> (result.json): the outcome, the options that produced it, provenance, and the history.</summary>
internal static class RunResultView
{
    public static string Html(RunResult r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        Heading(html, $"Run on {r.Dataset}");
        Paragraph(html, r.DatasetDescription, Muted);
        var outcome = new HtmlTable("test accuracy", "best dev accuracy", "best epoch", "model epoch", "epochs", "ended", "s / epoch");
        outcome.Row().Raw($"<strong>{E(Pct(r.TestAccuracy))}</strong>").Cell(Pct(r.BestDevAccuracy)).Cell(I(r.BestEpoch)).Cell(I(r.ModelEpoch))
            .Cell(I(r.Epochs)).Cell(r.StoppedEarly ? "early stop" : "max epochs").Cell(Num(r.SecondsPerEpoch, "0.0"));
        html.Append(outcome);
        var o = r.Options;
        var options = new HtmlTable("λ_imp", "λ_inter", "seed", "batch", "learning rate", "max length", "padding", "paper compatible", "VMASK β");
        options.Row().Cell(Num(o.LambdaImportance, "G4")).Cell(Num(o.LambdaInteraction, "G4")).Cell(I(o.Seed)).Cell(I(o.BatchSize))
            .Cell(Num(o.LearningRate, "G4")).Cell(I(o.MaxLength)).Cell(o.Padding.ToString()).Cell(o.PaperCompatible ? "yes" : "no")
            .Cell(o.VmaskBeta is { } beta ? F($"{beta.Start:G3}, every {beta.EveryEpochs} epochs") : "none");
        html.Append(options);
        Paragraph(html, $"libtorch {r.LibTorchVersion}; source commit {r.SourceCommit ?? "unknown"}", Muted);
        TrainingResultView.History(html, r.History, r.BestEpoch, r.ModelEpoch, plots);
        return html.ToString();
    }

    public static string Text(RunResult r)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Run on {r.Dataset}: test accuracy {Pct(r.TestAccuracy)}, best dev accuracy {Pct(r.BestDevAccuracy)} at epoch {r.BestEpoch} of {r.Epochs} ({(r.StoppedEarly ? "early stop" : "max epochs")}), model epoch {r.ModelEpoch}, {Num(r.SecondsPerEpoch, "0.0")} s/epoch");
        text.Append(CultureInfo.InvariantCulture, $"\nlambda_imp {r.Options.LambdaImportance:G4}, lambda_inter {r.Options.LambdaInteraction:G4}, seed {r.Options.Seed}; libtorch {r.LibTorchVersion}, commit {r.SourceCommit ?? "unknown"}");
        foreach (var e in r.History) text.Append('\n').Append(e);
        return text.ToString();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
