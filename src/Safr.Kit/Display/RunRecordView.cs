using System.Globalization;
using System.Text;
using Safr.Kit.Runs;
using static Safr.Kit.Display.HtmlParts;

namespace Safr.Kit.Display;

/// <summary>A <see cref="RunRecord"/> (record.json): the outcome, the run that produced it, provenance, and the history.</summary>
internal static class RunRecordView
{
    public static string Html(RunRecord r, PlotlyHtml plots)
    {
        var html = new StringBuilder();
        var t = r.Training;
        Heading(html, $"{r.Name} on {r.Spec.DatasetName}");
        if (r.DatasetDescription is not null) Paragraph(html, r.DatasetDescription, Muted);
        var outcome = new HtmlTable("test accuracy", "P_l important", "P_l other", "L_inter", "AOPC comp. (VMASK)", "best dev accuracy", "model epoch", "epochs", "ended", "seconds");
        outcome.Row().Raw($"<strong>{E(Pct(r.TestAccuracy))}</strong>").Cell(Num(r.Test.Polysemanticity.Important)).Cell(Num(r.Test.Polysemanticity.Other))
            .Cell(Num(r.Test.Interaction.Value)).Cell(r.Test.Faithfulness is { } f ? Num(f.Curves[0].AopcComprehensiveness, "0.000") : "")
            .Cell(Pct(t.BestDevAccuracy)).Cell(I(t.ModelEpoch)).Cell(I(t.Epochs)).Cell(t.StoppedEarly ? "early stop" : "max epochs").Cell(Num(r.Seconds, "0.0"));
        html.Append(outcome);
        var s = r.Spec;
        var spec = new HtmlTable("mode", "λ_imp", "λ_inter", "seed", "batch", "learning rate", "max length", "tokens", "paper compatible", "VMASK β");
        spec.Row().Cell(s.Mode.ToString().ToLowerInvariant()).Cell(Num(s.LambdaImportance, "G4")).Cell(Num(s.LambdaInteraction, "G4")).Cell(I(s.Seed)).Cell(I(s.BatchSize))
            .Cell(Num(s.LearningRate, "G4")).Cell(I(s.EffectiveMaxLength)).Cell(s.Tokenizer).Cell(s.PaperCompatible ? "yes" : "no")
            .Cell(s.VmaskBeta == 0 ? "none" : Num(s.VmaskBeta, "G3"));
        html.Append(spec);
        Paragraph(html, $"libtorch {r.LibTorchVersion ?? "unknown"}; source commit {r.SourceCommit ?? "unknown"}", Muted);
        if (t.History.Count > 0) TrainingResultView.History(html, t.History, t.BestEpoch, t.ModelEpoch, plots);
        return html.ToString();
    }

    public static string Text(RunRecord r)
    {
        var t = r.Training;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{r.Name} on {r.Spec.DatasetName}: test accuracy {Pct(r.TestAccuracy)}, P_l important {Num(r.Test.Polysemanticity.Important)}, best dev accuracy {Pct(t.BestDevAccuracy)} at epoch {t.BestEpoch} of {t.Epochs} ({(t.StoppedEarly ? "early stop" : "max epochs")}), model epoch {t.ModelEpoch}, {Num(r.Seconds, "0.0")} s");
        text.Append('\n').Append(r.Spec).Append(CultureInfo.InvariantCulture, $"\nlibtorch {r.LibTorchVersion ?? "unknown"}, commit {r.SourceCommit ?? "unknown"}");
        foreach (var e in t.History) text.Append('\n').Append(e);
        return text.ToString();
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
