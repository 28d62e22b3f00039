using Safr.Kit.Model;

namespace Safr.Kit.Regularization;

/// <summary>One product of a training step: its name and its FLOPs forward and backward.</summary>
public sealed record FlopPart(string Name, long Forward, long Backward)
{
    public long Total => Forward + Backward;
}

/// <summary>
/// The FLOPs of one SAFR training step (forward, <see cref="SafrObjective"/>, backward) of a <see cref="SafrTransformer"/>
/// on a batch of B texts padded to length L, counted analytically from the config, product by product as the code
/// computes them. What is counted: every matrix product, at 2 FLOPs per multiply-add (2 m n k for [m, k] x [k, n]):
/// VMASK's scorer (d -> hidden -> 2), per layer the Q, K, V and output projections, Q Kᵀ and A V over every head,
/// the feed-forward layer (d -> d_ff -> d), the classifier on the pooled vector, L_imp's token overlap
/// (B products [L, d] x [d, L], once, on X) and L_inter's co-attention A Aᵀ (B H products [L, L] x [L, L] per layer).
/// Every position of the padded batch counts, as the code computes them all (masking does not skip work).
/// Not counted: embedding lookups and their gradient's scatter, biases, softmax, LayerNorm, dropout, the Gumbel
/// noise, pooling, norms and the elementwise parts of the losses, and Adam's update: all linear in the tensors'
/// sizes, small beside the products but memory-bound, so they take a larger share of the time than of the FLOPs.
/// Backward rule: 2 x the forward for every product, since here both operands of every product need a gradient
/// (weights train, and every activation descends from the trainable embedding): one product for each operand's
/// gradient, each as large as the forward's. So a step is 3 x the forward. A regularizer whose lambda is 0 is still
/// computed forward (the objective logs it) but outside the graph, so it has no backward.
/// </summary>
public sealed record TrainingStepFlops(long Batch, long Length, IReadOnlyList<FlopPart> Parts)
{
    public long Forward => Parts.Sum(p => p.Forward);
    public long Backward => Parts.Sum(p => p.Backward);
    public long Total => Forward + Backward;

    /// <summary>The count for <paramref name="batch"/> texts padded to <paramref name="length"/> (paper: the max length; fast: the batch's longest text).</summary>
    public static TrainingStepFlops Of(SafrTransformerConfig config, long batch, long length, SafrObjective? objective = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        objective ??= new SafrObjective(LambdaImportance: 1, LambdaInteraction: 1);
        var (d, heads, layers) = (config.DModel, config.NumHeads, config.NumLayers);
        var tokens = batch * length;  // rows of every token-wise linear layer
        // 2 m n k for [m, k] x [k, n], times how many such products.
        static long Product(long count, long m, long k, long n) => checked(2 * count * m * k * n);
        FlopPart Part(string name, long forward, bool trains = true) => new(name, forward, trains ? 2 * forward : 0);
        return new TrainingStepFlops(batch, length,
        [
            Part("VMASK scorer", Product(1, tokens, d, config.MaskHiddenDim) + Product(1, tokens, config.MaskHiddenDim, 2)),
            Part("Q, K, V, out projections", layers * Product(4, tokens, d, d)),
            Part("attention scores Q Kᵀ", layers * Product(batch * heads, length, d / heads, length)),
            Part("attention context A V", layers * Product(batch * heads, length, length, d / heads)),
            Part("feed-forward", layers * (Product(1, tokens, d, config.DFf) + Product(1, tokens, config.DFf, d))),
            Part("classifier", Product(1, batch, d, config.NumClasses)),
            Part("L_imp token overlap", Product(batch, length, d, length), objective.LambdaImportance != 0),
            Part("L_inter co-attention A Aᵀ", layers * Product(batch * heads, length, length, length), objective.LambdaInteraction != 0),
        ]);
    }
}
