using System.Text.Json;
using Safr.Kit.Model;
using Safr.Kit.Optim;
using TorchSharp;
using Safr.Kit.Serialization;
using static TorchSharp.torch;

namespace Safr.Kit.Parity;

/// <summary>
/// Checks this port against values the released PyTorch code computed, from a folder laid out as
/// fixtures/official: regularizers (L_imp, L_inter and their gradients), the whole model in
/// eval mode (activations, losses, every parameter's gradient) and two Adam steps. The model's size is
/// read from the fixture's config, so any configuration the release accepts can be checked.
/// </summary>
public static class ReleaseParity
{
    /// <summary>Tolerances the issue sets: float64 must agree to 1e-9, float32 to 1e-5.</summary>
    public static double ToleranceFor(ScalarType dtype) => dtype == ScalarType.Float64 ? 1e-9 : 1e-5;

    private static readonly string[] Cases = ["regularizers", "model", "adam"];

    /// <summary>The fixture files a complete check reads: each case's .safetensors and .json.</summary>
    public static readonly IReadOnlyList<string> FixtureFiles = [.. Cases.SelectMany(c => new[] { $"{c}.safetensors", $"{c}.json" })];

    /// <summary>
    /// Compares every quantity of the fixtures in <paramref name="fixtureDirectory"/> at <paramref name="dtype"/>.
    /// A missing fixture file is not skipped: the report names it and fails, as it fails when nothing was compared.
    /// </summary>
    public static ParityReport Run(string fixtureDirectory, ScalarType dtype)
    {
        if (!Directory.Exists(fixtureDirectory)) throw new DirectoryNotFoundException($"parity: no fixture folder at {fixtureDirectory}");
        var missing = FixtureFiles.Where(f => !File.Exists(Path.Combine(fixtureDirectory, f))).ToArray();
        var errors = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var informational = new SortedDictionary<string, double>(StringComparer.Ordinal);
        using (var scope = NewDisposeScope())
        {
            Regularizers(fixtureDirectory, dtype, errors);
            ModelAndAdam(fixtureDirectory, dtype, errors, informational);
        }
        return new ParityReport(dtype == ScalarType.Float64 ? "float64" : dtype.ToString().ToLowerInvariant(), ToleranceFor(dtype), errors, informational, missing);
    }

    private static void Regularizers(string dir, ScalarType dtype, IDictionary<string, double> errors)
    {
        if (!HasCase(dir, "regularizers")) return;  // named in the report's Missing
        var t = SafeTensors.Load(Path.Combine(dir, "regularizers.safetensors"));
        var json = ReadJson(Path.Combine(dir, "regularizers.json"));

        var x = t["x"].to(dtype).requires_grad_();
        var imp = Regularization.SafrRegularizer.ImportanceLoss(x);
        errors["regularizers.polysemanticity_loss"] = ScalarError(imp, json.GetProperty("polysemanticity_loss").GetDouble());
        imp.backward();
        errors["regularizers.x_grad"] = TensorError(x.grad!, t["x_grad"]);

        var scores = t["attn_scores"].to(dtype).requires_grad_();
        var inter = Regularization.SafrRegularizer.InteractionLoss(scores.softmax(-1));
        errors["regularizers.interference_loss"] = ScalarError(inter, json.GetProperty("interference_loss").GetDouble());
        inter.backward();
        errors["regularizers.attn_scores_grad"] = TensorError(scores.grad!, t["attn_scores_grad"]);
    }

    private static void ModelAndAdam(string dir, ScalarType dtype, IDictionary<string, double> errors, IDictionary<string, double> informational)
    {
        if (!HasCase(dir, "model")) return;  // named in the report's Missing
        using var fixture = ReleaseModelFixture.Load(dir, dtype);
        var (t, json, model, inputIds, labels) = (fixture.Tensors, fixture.Json, fixture.Model, fixture.InputIds, fixture.Labels);
        var (lambdaImp, lambdaInter) = (fixture.LambdaImportance, fixture.LambdaInteraction);

        // The objective training uses, in the release's (paper) mode.
        var objective = new Regularization.SafrObjective(lambdaImp, lambdaInter, RunMode.Paper);
        var o = model.call(inputIds);
        var loss = objective.Compute(o, labels);
        var total = loss.Total;
        errors["model.logits"] = TensorError(o.Logits, t["logits"]);
        errors["model.vmask_logits"] = TensorError(o.VmaskLogits!, t["vmask_logits"]);  // SafrTransformer fills every member
        errors["model.x_vmask"] = TensorError(o.MaskedEmbeddings, t["x_vmask"]);
        errors["model.attn"] = TensorError(o.Attention[0], t["attn"]);
        errors["model.block_out"] = TensorError(o.BlockOutput!, t["block_out"]);
        errors["model.ce_loss"] = ScalarError(loss.CrossEntropy, json.GetProperty("ce_loss").GetDouble());
        errors["model.polysemanticity_loss"] = ScalarError(loss.Importance, json.GetProperty("polysemanticity_loss").GetDouble());
        errors["model.interference_loss"] = ScalarError(loss.Interaction, json.GetProperty("interference_loss").GetDouble());
        errors["model.total_loss"] = ScalarError(total, json.GetProperty("total_loss").GetDouble());
        total.backward();
        // Some gradients are zero in exact arithmetic (the key bias: softmax ignores a shift shared by a
        // row of scores), so both sides hold rounding noise and a relative error means nothing. Those are
        // measured against the norm of the whole reference gradient instead.
        var gradientScale = Math.Sqrt(t.Where(kv => kv.Key.StartsWith("grad.", StringComparison.Ordinal))
            .Sum(kv => Math.Pow(kv.Value.to(ScalarType.Float64).norm().item<double>(), 2)));
        foreach (var (name, p) in model.named_parameters())
            errors[$"model.grad.{name}"] = p.grad is { } g ? TensorError(g, t[$"grad.{name}"], gradientScale) : double.PositiveInfinity;

        if (!HasCase(dir, "adam")) return;  // named in the report's Missing
        var adam = SafeTensors.Load(Path.Combine(dir, "adam.safetensors"));
        var adamJson = ReadJson(Path.Combine(dir, "adam.json"));
        var betas = adamJson.GetProperty("betas");
        // The trainer's optimizer (the fused kernel), against the release's torch.optim.Adam.
        using var optimizer = new FusedAdam(model.parameters(), lr: adamJson.GetProperty("lr").GetDouble(),
            beta1: betas[0].GetDouble(), beta2: betas[1].GetDouble(), eps: adamJson.GetProperty("eps").GetDouble());
        optimizer.Step();
        optimizer.ZeroGrad();
        var afterStep1 = objective.Compute(model.call(inputIds), labels).Total;
        errors["adam.total_loss_after_step1"] = ScalarError(afterStep1, adamJson.GetProperty("total_loss_after_step1").GetDouble());
        afterStep1.backward();
        optimizer.Step();
        foreach (var (name, p) in model.named_parameters())
        {
            var error = TensorError(p, adam[$"param.{name}"]);
            var noiseDriven = t[$"grad.{name}"].to(ScalarType.Float64).norm().item<double>() < 1e-6 * gradientScale;
            if (noiseDriven && dtype != ScalarType.Float64) informational[$"adam.param.{name}"] = error;
            else errors[$"adam.param.{name}"] = error;
        }
    }

    /// <summary>Whether a fixture case has both its files (CASE.safetensors and CASE.json).</summary>
    private static bool HasCase(string dir, string name) =>
        File.Exists(Path.Combine(dir, $"{name}.safetensors")) && File.Exists(Path.Combine(dir, $"{name}.json"));

    internal static JsonElement ReadJson(string path) =>
        File.Exists(path) ? JsonDocument.Parse(File.ReadAllText(path)).RootElement
            : throw new FileNotFoundException($"parity: {path} is missing (each .safetensors case has a .json beside it)", path);

    /// <summary>
    /// ||ours - reference||_2 / ||reference||_2 over the whole tensor, computed in float64; where the
    /// reference's norm is below 1e-6 of <paramref name="scale"/> (an analytically zero quantity), the
    /// difference is divided by <paramref name="scale"/> instead.
    /// </summary>
    public static double TensorError(Tensor ours, Tensor reference, double scale = 0)
    {
        using var scope = NewDisposeScope();
        var a = ours.detach().to(ScalarType.Float64);
        var b = reference.to(ScalarType.Float64);
        if (!a.shape.SequenceEqual(b.shape)) return double.PositiveInfinity;
        var norm = b.norm().item<double>();
        var diff = (a - b).norm().item<double>();
        if (norm < 1e-6 * scale) return diff / scale;
        return norm == 0 ? diff : diff / norm;
    }

    private static double ScalarError(Tensor ours, double reference)
    {
        var value = ours.to(ScalarType.Float64).item<double>();
        return Math.Abs(value - reference) / Math.Abs(reference);
    }
}
