using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// What one forward pass gives SAFR, named as in the paper: the kit's one contract with a model. Any
/// <c>nn.Module&lt;Tensor, SafrOutput&gt;</c> (B x L token ids in, this out) goes into every building block: the
/// objective, the evaluator and metrics, the attributions, faithfulness, pair mining and the allocation probe.
/// <see cref="SafrTransformer"/> is one; a module of your own ends its forward with
/// <code>return new SafrOutput(logits, vmaskLogits, x, [attention], ids.ne(0));</code>
/// The optional members are what the released architecture also exposes; a building block that needs one says so.
/// </summary>
/// <param name="Logits">Class scores, B x C.</param>
/// <param name="VmaskLogits">
/// VMASK's logits over {drop, keep}, B x L x 2 (<see cref="Vmask"/>'s <see cref="VmaskOutput.Logits"/>). Null for a model
/// without VMASK; it then gives its own per-token keep probability as <see cref="Keep"/>.
/// </param>
/// <param name="MaskedEmbeddings">X, the VMASK-masked embeddings L_imp is computed on, B x L x d.</param>
/// <param name="Attention">A per layer, each B x H x L x L (softmax weights: rows sum to 1), which L_inter is computed on.</param>
/// <param name="TokenMask">Nonzero (true) for real tokens, 0 for padding (id 0), B x L: <c>ids.ne(0)</c>.</param>
public sealed record SafrOutput(
    Tensor Logits, Tensor? VmaskLogits, Tensor MaskedEmbeddings, IReadOnlyList<Tensor> Attention, Tensor TokenMask)
{
    /// <summary>
    /// The keep mask applied to the embeddings, B x L x 1 (or B x L): VMASK's hard sample in training, its keep probability
    /// in evaluation. Optional; a model without <see cref="VmaskLogits"/> gives its keep probability here.
    /// </summary>
    public Tensor? Keep { get; init; }

    /// <summary>Token embeddings (times sqrt(d) in the released model) before VMASK, B x L x d. Optional.</summary>
    public Tensor? Embeddings { get; init; }

    /// <summary>The last block's output before pooling, B x L x d. Optional.</summary>
    public Tensor? BlockOutput { get; init; }

    /// <summary>The pooled sequence vectors, B x d. Optional.</summary>
    public Tensor? Pooled { get; init; }

    /// <summary>
    /// Each token's keep probability, B x L: the importance score (VMASK's softmax over <see cref="VmaskLogits"/>; without
    /// them, <see cref="Keep"/>).
    /// </summary>
    public Tensor KeepProbability()
    {
        if (VmaskLogits is not null) return Vmask.KeepProbability(VmaskLogits);
        if (Keep is null)
            throw new InvalidOperationException("this output has neither VmaskLogits nor Keep: the model gives no per-token keep probability (importance)");
        // A model's own keep probability is B x L x 1 when it multiplies the embeddings, as VMASK's is.
        return Keep.dim() == 3 ? Keep.squeeze(-1) : Keep.alias();
    }
}
