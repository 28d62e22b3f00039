using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Analysis;

/// <summary>
/// Reads activations out of any TorchSharp module with <see cref="HookPoint"/>s, without editing it,
/// TransformerLens-style: forward hooks on the hook points copy what passes through them during one
/// forward pass, and are removed when the pass ends (also when it throws). <see cref="Capture(Tensor, IEnumerable{string})"/>
/// returns the raw named activations; <see cref="Analyze"/> turns one text's activations into an
/// <see cref="AllocationReport"/> (token overlap, per-token scores, FFN neuron allocation, correlated
/// pairs), and <see cref="Run"/> does both for a text and any module with the kit's contract
/// (<c>nn.Module&lt;Tensor, SafrOutput&gt;</c>: X, the attention and the keep probabilities come from its
/// <see cref="SafrOutput"/>, the FFN neurons from a hook point).
/// </summary>
/// <example><code>
/// using var probe = new AllocationProbe(model);
/// var report = probe.Run(vocabulary, "a gripping , funny film");
/// File.WriteAllText("allocation.html", SafrDisplay.ToPage("SAFR allocation report", PlotlyScript.Embedded, report));  // Safr.Kit.Display
/// </code></example>
public sealed class AllocationProbe : IDisposable
{
    private readonly nn.Module _model;
    private bool _disposed;

    /// <param name="model">
    /// A <see cref="SafrTransformer"/> or any module of yours: one returning <see cref="SafrOutput"/> for <see cref="Run"/>,
    /// any module with <see cref="HookPoint"/>s for <see cref="Capture(Func{object}, IEnumerable{string})"/> and <see cref="Analyze"/>.
    /// </param>
    public AllocationProbe(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        HookPointNames = [.. Hooks.PointsOf(model).Keys];
    }

    /// <summary>The model's hook point names, in module order (see <see cref="HookNames"/>).</summary>
    public IReadOnlyList<string> HookPointNames { get; }

    /// <summary>
    /// Runs the model on <paramref name="inputIds"/> (B x L, in whatever mode the model is in) and
    /// returns detached copies of the activations at <paramref name="names"/> (all hook points when null).
    /// The copies join the dispose scope open at the call, if any; disposing the result frees them too.
    /// </summary>
    public ActivationCache Capture(Tensor inputIds, IEnumerable<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        return Capture(() => Forward(inputIds), names);
    }

    private object Forward(Tensor inputIds) => _model switch
    {
        nn.Module<Tensor, SafrOutput> module => module.call(inputIds),
        nn.Module<Tensor, Tensor> module => module.call(inputIds),
        _ => throw new InvalidOperationException(
            $"Capture(inputIds) calls a Module<Tensor, SafrOutput> or a Module<Tensor, Tensor>; this probe holds a {_model.GetType().Name}: use Capture(() => model.call(...))"),
    };

    /// <summary>
    /// Runs <paramref name="forward"/> (a forward pass of the model, however it is called: a user's module
    /// may take any inputs) and returns detached copies of the activations at <paramref name="names"/>
    /// (all hook points when null). The tensors the forward makes are freed when it returns; the copies
    /// join the dispose scope open at the call, if any, and disposing the result frees them too.
    /// </summary>
    public ActivationCache Capture(Func<object?> forward, IEnumerable<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ObjectDisposedException.ThrowIf(_disposed, this);
        // The forward's own tensors go with this scope; the copies move out to the caller's (or to no scope).
        using var scope = NewDisposeScope();
        var (_, cache) = Hooks.RunWithCache(_model, forward, names);
        scope.MoveToOuter(cache.Values);
        return cache;
    }

    /// <summary>
    /// The allocation report for one text, from one forward pass in evaluation mode (<see cref="EvaluationScope"/>: no
    /// gradients, the model's mode restored afterwards): X (<see cref="SafrOutput.MaskedEmbeddings"/>), the attention of
    /// <paramref name="layer"/>, the token mask and keep probabilities from the output, the FFN neurons from the hook
    /// point <paramref name="neuronsAt"/>.
    /// </summary>
    /// <param name="vocabulary">Encodes the text with its tokenizer (cut to the model's MaxSeqLength when it has one) and names the tokens: words, or subwords such as GPT-2's "Ġmovie".</param>
    /// <param name="text">The text; it must encode to at least one token.</param>
    /// <param name="layer">The block whose FFN neurons and attention are analysed.</param>
    /// <param name="monosemanticShare">In (0, 1]: the share of a neuron's activation its dominant token needs for the neuron to be monosemantic (<see cref="NeuronAllocation"/>).</param>
    /// <param name="pairsPerToken">Top-k partners per token for the correlated pairs.</param>
    /// <param name="head">One attention head for the pairs, or null for the mean over heads.</param>
    /// <param name="neuronsAt">The hook point of the FFN activations (B x L x d_ff); default <see cref="HookNames.PostRelu"/> of <paramref name="layer"/>.</param>
    public AllocationReport Run(Vocabulary vocabulary, string text, int layer = 0,
        double monosemanticShare = NeuronAllocation.DefaultMonosemanticShare, int pairsPerToken = 3, int? head = null, string? neuronsAt = null)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(text);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var model = _model as nn.Module<Tensor, SafrOutput> ?? throw new InvalidOperationException(
            $"Run reads a model's SafrOutput; this probe holds a {_model.GetType().Name}: use Capture and Analyze");
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        if (!(monosemanticShare > 0 && monosemanticShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(monosemanticShare), monosemanticShare, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(pairsPerToken, 1);
        if (model is SafrTransformer { Config: var config })  // the kit's model says its shape before any pass
        {
            if (layer >= config.NumLayers)
                throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the model has {config.NumLayers} layer(s)");
            if (head is { } h && (h < 0 || h >= config.NumHeads))
                throw new ArgumentOutOfRangeException(nameof(head), head, $"the model has {config.NumHeads} heads");
        }

        var ids = vocabulary.Encode(text, (int)Math.Min(ModelInput.MaxLength(model) ?? int.MaxValue, int.MaxValue));
        if (ids.Length == 0) throw new ArgumentException("the text encodes to no tokens", nameof(text));
        if (model is SafrTransformer safr && ids.Max() >= safr.Config.VocabSize)
            throw new ArgumentException($"the vocabulary gives id {ids.Max()}, beyond the model's VocabSize {safr.Config.VocabSize}", nameof(vocabulary));
        var tokens = ids.Select(id => vocabulary[id]).ToArray();
        if (ids.All(id => id == Vocabulary.PadId)) throw new ArgumentException("the text holds only padding tokens", nameof(text));

        using var evaluation = new EvaluationScope(model);
        using var scope = NewDisposeScope();
        var input = tensor(ids.Select(id => (long)id).ToArray(), [1, ids.Length], device: ModelInput.DeviceOf(model));
        var neurons = neuronsAt ?? HookNames.PostRelu(layer);
        var (output, cache) = Hooks.RunWithCache(model, () => model.call(input), [neurons]);
        if (layer >= output.Attention.Count)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, $"the model has {output.Attention.Count} layer(s)");
        var attention = output.Attention[layer];
        if (head is { } k && (k < 0 || k >= attention.size(1)))
            throw new ArgumentOutOfRangeException(nameof(head), head, $"the model has {attention.size(1)} heads");
        return Report(output.MaskedEmbeddings, cache[neurons], attention, tokens, output.TokenMask, output.KeepProbability(),
            layer, text, monosemanticShare, pairsPerToken, head);
    }

    /// <summary>
    /// The allocation report for the first example of a capture, from the activations at
    /// <see cref="HookNames.MaskedEmbed"/> (X, the embeddings L_imp sees), <see cref="HookNames.PostRelu"/> and
    /// <see cref="HookNames.AttentionPattern"/> of <paramref name="layer"/>: any model whose hook points carry
    /// those names can be analysed, a user's own TorchSharp module included.
    /// </summary>
    /// <param name="capture">Activations of one pass (the first example is analysed).</param>
    /// <param name="tokens">The token strings at the sequence positions (padding included, if any).</param>
    /// <param name="tokenMask">B x L, true at real tokens; null: every position is real.</param>
    /// <param name="keepProbability">B x L importance per token (VMASK's keep probability); null: 1 everywhere (nothing masked).</param>
    /// <param name="embeddingsAt">Where X (B x L x d) was captured; default <see cref="HookNames.MaskedEmbed"/>.</param>
    /// <param name="neuronsAt">Where the FFN activations (B x L x d_ff) were captured; default <see cref="HookNames.PostRelu"/> of <paramref name="layer"/>.</param>
    /// <param name="attentionAt">Where the attention (B x H x L x L) was captured; default <see cref="HookNames.AttentionPattern"/> of <paramref name="layer"/>.</param>
    public static AllocationReport Analyze(ActivationCache capture, IReadOnlyList<string> tokens, Tensor? tokenMask = null,
        Tensor? keepProbability = null, int layer = 0, string? text = null,
        double monosemanticShare = NeuronAllocation.DefaultMonosemanticShare, int pairsPerToken = 3, int? head = null,
        string? embeddingsAt = null, string? neuronsAt = null, string? attentionAt = null)
    {
        ArgumentNullException.ThrowIfNull(capture);
        return Report(capture[embeddingsAt ?? HookNames.MaskedEmbed], capture[neuronsAt ?? HookNames.PostRelu(layer)],
            capture[attentionAt ?? HookNames.AttentionPattern(layer)], tokens, tokenMask, keepProbability,
            layer, text, monosemanticShare, pairsPerToken, head);
    }

    /// <summary>The report from the first example's X (B x L x d), FFN activations (B x L x d_ff) and attention (B x H x L x L).</summary>
    private static AllocationReport Report(Tensor embeddings, Tensor activations, Tensor attention, IReadOnlyList<string> tokens,
        Tensor? tokenMask, Tensor? keepProbability, int layer, string? text, double monosemanticShare, int pairsPerToken, int? head)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!(monosemanticShare > 0 && monosemanticShare <= 1))
            throw new ArgumentOutOfRangeException(nameof(monosemanticShare), monosemanticShare, "must be in (0, 1]");
        ArgumentOutOfRangeException.ThrowIfLessThan(pairsPerToken, 1);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var length = (int)embeddings.size(1);
        if (tokens.Count != length)
            throw new ArgumentException($"{tokens.Count} token(s) given for {length} sequence position(s)", nameof(tokens));
        var device = embeddings.device;
        var mask = (tokenMask ?? ones(embeddings.size(0), length, dtype: ScalarType.Bool, device: device)).to(device);
        var real = mask.select(0, 0).ne(0).cpu().data<bool>().ToArray();
        var positions = Enumerable.Range(0, length).Where(i => real[i]).ToArray();
        if (positions.Length == 0) throw new ArgumentException("the text holds only padding tokens", nameof(tokens));
        var index = tensor(positions.Select(p => (long)p).ToArray()).to(device);

        var x = embeddings.detach().index_select(1, index);
        var overlap = Rows(SafrRegularizer.TokenOverlap(x).select(0, 0));
        var polysemanticity = Values(SafrRegularizer.TokenPolysemanticity(x).select(0, 0));
        var keep = keepProbability is null ? [.. positions.Select(_ => 1.0)]
            : Values(keepProbability.detach().to(device).select(0, 0).index_select(0, index));
        var neurons = NeuronAllocation.FromActivations(activations.detach().select(0, 0).index_select(0, index), monosemanticShare);
        // Pairs are mined over sequence positions; the report indexes its real tokens.
        var pairs = AttentionPairMiner.TopK(attention, mask, [.. tokens], pairsPerToken, 0, head)
            .Select(p => p with { I = Array.IndexOf(positions, p.I), J = Array.IndexOf(positions, p.J) })
            .ToArray();
        return new AllocationReport(text ?? string.Join(' ', positions.Select(p => tokens[p])), [.. positions.Select(p => tokens[p])], positions, layer, head,
            keep, polysemanticity, overlap, neurons, pairsPerToken, pairs);
    }

    /// <summary>The probe cannot be used afterwards (its hooks live only during a pass, so none are left to remove).</summary>
    public void Dispose() => _disposed = true;

    private static double[] Values(Tensor vector) => vector.to(float64).cpu().data<double>().ToArray();

    private static double[][] Rows(Tensor matrix)
    {
        var (rows, columns) = ((int)matrix.size(0), (int)matrix.size(1));
        var values = Values(matrix);
        return [.. Enumerable.Range(0, rows).Select(r => values.AsSpan(r * columns, columns).ToArray())];
    }
}
