using Safr.Kit.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Regularization;

/// <summary>
/// The SAFR training objective, the one place it is computed: from a <see cref="SafrOutput"/> (of
/// <see cref="SafrTransformer"/> or of any module of yours that returns one) and the labels, L = L_CE + lambda_imp L_imp + lambda_inter L_inter (+ beta times VMASK's information term,
/// which the SAFR release leaves out). The <see cref="RunMode"/> decides how L_imp averages: over every position, padding
/// included (paper, as released), or over the real tokens only, weighed as the release weighs them when
/// <see cref="PaddedLength"/> is given (fast; <see cref="SafrRegularizer.ImportanceLoss(Tensor, Tensor, long)"/>). The
/// trainer, the parity check and the metrics all use it. It reads the output's logits, X, attention and token mask,
/// and its VMASK logits when beta is not 0.
/// <code>
/// var objective = new SafrObjective(LambdaImportance: 1, LambdaInteraction: 1, RunMode.Paper);
/// using var loss = objective.Compute(model.call(batch.InputIds), batch.Labels);
/// loss.Total.backward();
/// </code>
/// </summary>
/// <param name="LambdaImportance">lambda_imp, the weight of L_imp (the polysemanticity of the masked embeddings X).</param>
/// <param name="LambdaInteraction">lambda_inter, the weight of L_inter (attention towards pairs that attend alike).</param>
/// <param name="Mode">Paper: L_imp over every position, as released; Fast: over real tokens only (weighed as released with <paramref name="PaddedLength"/>).</param>
/// <param name="VmaskBeta">beta, the weight of <see cref="Vmask.InformationLoss"/> (0 in the SAFR release).</param>
/// <param name="PaddedLength">
/// Fast mode: the length the release pads every text to (the trainer gives <see cref="Training.TrainingOptions.MaxLength"/>);
/// L_imp is then the sum of P_l over real tokens divided by B x PaddedLength, the release's weighting, so lambda_imp means
/// what it means in paper mode. Null: the plain mean over real tokens, which weighs L_imp about 1 / (share of real
/// tokens) times more (6.6 times on SST-2). Paper mode ignores it.
/// </param>
public sealed record SafrObjective(double LambdaImportance = 0, double LambdaInteraction = 0, RunMode Mode = RunMode.Paper, double VmaskBeta = 0, int? PaddedLength = null)
{
    /// <summary>
    /// Every term for one forward pass. A term whose weight is 0 is still computed, for the log, but outside the
    /// autograd graph, so it costs no backward pass; the VMASK term is computed only when beta is not 0.
    /// </summary>
    public SafrLoss Compute(SafrOutput output, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(labels);
        Validate();
        using var scope = NewDisposeScope();
        var crossEntropy = nn.functional.cross_entropy(output.Logits, labels);
        var importance = Term(LambdaImportance, () => ImportanceLoss(output, Mode, PaddedLength));
        var interaction = Term(LambdaInteraction, () => InteractionLoss(output));
        var information = VmaskBeta != 0 ? Vmask.InformationLoss(output.VmaskLogits
            ?? throw new ArgumentException("VmaskBeta weighs VMASK's information term, but this output has no VmaskLogits", nameof(output))) : null;
        var total = crossEntropy;
        if (LambdaImportance != 0) total = total + Weighted(importance, LambdaImportance);
        if (LambdaInteraction != 0) total = total + Weighted(interaction, LambdaInteraction);
        if (information is not null) total = total + Weighted(information, VmaskBeta);
        if (ReferenceEquals(total, crossEntropy)) total = crossEntropy.alias();
        var loss = new SafrLoss(total, crossEntropy, importance, interaction, information);
        scope.MoveToOuter(loss.Tensors);
        return loss;
    }

    /// <summary>
    /// L_imp of one pass: the mean polysemanticity P_l of X over every position (paper); over real tokens (fast), divided
    /// by B x <paramref name="paddedLength"/> when it is given, the release's weighting, else by their number.
    /// </summary>
    public static Tensor ImportanceLoss(SafrOutput output, RunMode mode, int? paddedLength = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!mode.ImportanceOverRealTokens()) return SafrRegularizer.ImportanceLoss(output.MaskedEmbeddings);
        return paddedLength is { } length
            ? SafrRegularizer.ImportanceLoss(output.MaskedEmbeddings, output.TokenMask, length)
            : SafrRegularizer.ImportanceLoss(output.MaskedEmbeddings, output.TokenMask);
    }

    /// <summary>L_inter of one pass: the release's term for one layer, the mean over layers for several.</summary>
    public static Tensor InteractionLoss(SafrOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var patterns = output.Attention;
        if (patterns.Count == 1) return SafrRegularizer.InteractionLoss(patterns[0]);
        using var scope = NewDisposeScope();
        var sum = SafrRegularizer.InteractionLoss(patterns[0]);
        for (var i = 1; i < patterns.Count; i++) sum = sum + SafrRegularizer.InteractionLoss(patterns[i]);
        using var layers = ((double)patterns.Count).ToScalar();  // held alive for the native call: see ScalarGarbage
        return scope.MoveToOuter(sum.div(layers));
    }

    /// <summary>Throws an ArgumentException naming the first weight that cannot work.</summary>
    public void Validate()
    {
        Check(LambdaImportance, nameof(LambdaImportance));
        Check(LambdaInteraction, nameof(LambdaInteraction));
        Check(VmaskBeta, nameof(VmaskBeta));
        if (!Enum.IsDefined(Mode)) throw new ArgumentException($"Mode {(int)Mode} is not a RunMode", nameof(Mode));
        if (PaddedLength < 1) throw new ArgumentException($"PaddedLength must be at least 1, got {PaddedLength}", nameof(PaddedLength));
    }

    private static void Check(double weight, string name)
    {
        if (!double.IsFinite(weight) || weight < 0) throw new ArgumentException($"{name} must be a finite non-negative number, got {weight}", name);
    }

    private static Tensor Term(double weight, Func<Tensor> compute)
    {
        if (weight != 0) return compute();
        using (no_grad()) return compute();
    }

    private static Tensor Weighted(Tensor term, double weight)
    {
        using var w = weight.ToScalar();  // held alive for the native call: see ScalarGarbage
        return term.mul(w);
    }
}

/// <summary>The terms of <see cref="SafrObjective"/> for one pass (0-d tensors); disposing frees them.</summary>
/// <param name="Total">What is minimised: CrossEntropy + lambda_imp Importance + lambda_inter Interaction (+ beta VmaskInformation).</param>
/// <param name="CrossEntropy">L_CE, the task loss.</param>
/// <param name="Importance">L_imp, unweighted (outside the graph when its lambda is 0).</param>
/// <param name="Interaction">L_inter, unweighted (outside the graph when its lambda is 0).</param>
/// <param name="VmaskInformation">VMASK's information term, unweighted; null when beta is 0.</param>
public sealed record SafrLoss(Tensor Total, Tensor CrossEntropy, Tensor Importance, Tensor Interaction, Tensor? VmaskInformation) : IDisposable
{
    internal Tensor[] Tensors => VmaskInformation is null ? [Total, CrossEntropy, Importance, Interaction] : [Total, CrossEntropy, Importance, Interaction, VmaskInformation];

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }
}
