using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>What VMASK returns for a batch of embeddings.</summary>
/// <param name="MaskedEmbeddings">X, the embeddings times the keep mask (B x L x E).</param>
/// <param name="Keep">The keep mask (B x L x 1): a hard straight-through sample in training, the keep probability in evaluation.</param>
/// <param name="Logits">The scorer's logits over {drop, keep} (B x L x 2).</param>
public sealed record VmaskOutput(Tensor MaskedEmbeddings, Tensor Keep, Tensor Logits);

/// <summary>
/// Variational word masks (Chen and Ji, EMNLP 2020) as the SAFR release uses them: logits
/// p = W2 act(W1 e) over {drop, keep}; training multiplies each embedding by a hard straight-through
/// Gumbel-softmax sample of "keep", evaluation by the keep probability. Parameter names follow the
/// release (linear_layer, hidden2p).
/// </summary>
public sealed class Vmask : nn.Module<Tensor, VmaskOutput>
{
    /// <summary>Index of "keep" in the logits' last dimension, as released.</summary>
    public const int KeepIndex = 1;

    private readonly Linear linear_layer;
    private readonly Linear hidden2p;
    private readonly VmaskActivation _activation;

    public Vmask(long embedDim, long hiddenDim, VmaskActivation activation = VmaskActivation.Tanh) : base(nameof(Vmask))
    {
        linear_layer = nn.Linear(embedDim, hiddenDim);
        hidden2p = nn.Linear(hiddenDim, 2);
        _activation = activation;
        RegisterComponents();
    }

    /// <summary>Draws the training-time Gumbel noise from this generator (null: the global one, as released).</summary>
    public Generator? Generator { get; set; }

    /// <summary>The dtype of the scorer's two linear layers' products.</summary>
    public Precision Precision { get; set; }

    /// <summary>The scorer's logits over {drop, keep} for each embedding (B x L x 2).</summary>
    public Tensor Logits(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var hidden = PrecisionCasts.Linear(linear_layer, embeddings, Precision);
        var activated = _activation switch
        {
            VmaskActivation.Tanh => hidden.tanh(),
            VmaskActivation.Sigmoid => hidden.sigmoid(),
            _ => hidden.relu(),
        };
        return scope.MoveToOuter(PrecisionCasts.Linear(hidden2p, activated, Precision));
    }

    public override VmaskOutput forward(Tensor embeddings)
    {
        using var scope = NewDisposeScope();
        var logits = Logits(embeddings);
        var choice = training
            ? GumbelSoftmax(logits, dim: 2, hard: true, Generator)
            : logits.softmax(2);
        var keep = choice[TensorIndex.Colon, TensorIndex.Colon, KeepIndex..(KeepIndex + 1)];
        var masked = embeddings * keep;
        scope.MoveToOuter(masked, keep, logits);
        return new VmaskOutput(masked, keep, logits);
    }

    /// <summary>
    /// torch.nn.functional.gumbel_softmax(logits, tau=1, hard, dim) as PyTorch computes it: softmax(logits + g)
    /// with g = -log(Exponential(1)) noise; with <paramref name="hard"/>, its one-hot argmax carrying the soft
    /// sample's gradient (straight-through). Written here because TorchSharp has no gumbel_softmax, and VMASK
    /// needs the noise from a chosen generator for reproducible runs.
    /// </summary>
    public static Tensor GumbelSoftmax(Tensor logits, long dim, bool hard, Generator? generator = null)
    {
        using var scope = NewDisposeScope();
        var gumbels = -empty_like(logits).exponential_(1, generator).log();
        var soft = (logits + gumbels).softmax(dim);
        if (!hard) return scope.MoveToOuter(soft);
        var index = soft.argmax(dim, keepdim: true);
        var oneHot = zeros_like(logits).scatter_(dim, index, ones_like(index, logits.dtype));
        return scope.MoveToOuter(oneHot - soft.detach() + soft);
    }

    /// <summary>Each token's keep probability (B x L): VMASK's importance score.</summary>
    public static Tensor KeepProbability(Tensor logits)
    {
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(logits.softmax(-1).select(-1, KeepIndex));
    }

    /// <summary>
    /// VMASK's information term, mean(p_keep log p_keep + p_drop log p_drop) with 1e-8 inside the logs,
    /// as in the VMASK release: KL(q(R|x) || Bernoulli(0.5)) minus the constant log 2. The SAFR release
    /// does not use it; add beta times it to the loss to get VMASK's objective.
    /// </summary>
    public static Tensor InformationLoss(Tensor logits)
    {
        using var scope = NewDisposeScope();
        var p = logits.softmax(-1);
        using var epsilon = 1e-8.ToScalar();  // held alive for the native call: see ScalarGarbage
        return scope.MoveToOuter((p * p.add(epsilon).log()).sum(-1).mean());
    }
}
