using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>Everything one forward pass of <see cref="SafrTransformer"/> produces, named as in the paper.</summary>
/// <param name="Logits">Class scores, B x C.</param>
/// <param name="VmaskLogits">VMASK's logits over {drop, keep}, B x L x 2.</param>
/// <param name="Keep">The VMASK keep mask applied to the embeddings, B x L x 1.</param>
/// <param name="Embeddings">Token embeddings times sqrt(d), before VMASK, B x L x d.</param>
/// <param name="MaskedEmbeddings">X, the VMASK-masked embeddings L_imp is computed on, B x L x d.</param>
/// <param name="Attention">A per layer, each B x H x L x L.</param>
/// <param name="BlockOutput">The last block's output before pooling, B x L x d.</param>
/// <param name="Pooled">The pooled sequence vectors, B x d.</param>
/// <param name="TokenMask">1 for real tokens, 0 for padding (id 0), B x L.</param>
public sealed record SafrOutput(
    Tensor Logits, Tensor VmaskLogits, Tensor Keep, Tensor Embeddings, Tensor MaskedEmbeddings,
    IReadOnlyList<Tensor> Attention, Tensor BlockOutput, Tensor Pooled, Tensor TokenMask)
{
    /// <summary>Each token's VMASK keep probability, B x L: the importance score.</summary>
    public Tensor KeepProbability() => Vmask.KeepProbability(VmaskLogits);
}
