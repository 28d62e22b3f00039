using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// The released SAFR classifier (CustomTransformer): embedding times sqrt(d) (no padding index),
/// VMASK, sinusoidal positions added after the mask, dropout, post-LayerNorm blocks whose attention
/// ignores padded keys, pooling, and a linear head. Parameter names are the release's, so its
/// state_dict loads as is. Hook points (hook_embed, hook_masked_embed (X), layers.N.attention.hook_pattern (A),
/// layers.N.ff.hook_pre_relu / hook_post_relu, layers.N.hook_block_out, hook_pooled) expose activations.
/// It is an <c>nn.Module&lt;Tensor, SafrOutput&gt;</c>, the contract every building block takes, and fills every
/// optional member of <see cref="SafrOutput"/>.
/// </summary>
public sealed class SafrTransformer : nn.Module<Tensor, SafrOutput>
{
    // Field order is registration order, which is state_dict order: as in the release.
    private readonly Embedding embedding;
    private readonly Vmask vmask;
    private readonly PositionalEncoding pos_encoder;
    private readonly ModuleList<TransformerBlock> layers;
    private readonly Linear fc;
    private readonly Dropout dropout;
    private readonly HookPoint hook_embed = new();
    private readonly HookPoint hook_masked_embed = new();
    private readonly HookPoint hook_pooled = new();

    public SafrTransformer(SafrTransformerConfig config) : base(nameof(SafrTransformer))
    {
        config.Validate();
        Config = config;
        embedding = nn.Embedding(config.VocabSize, config.DModel);
        vmask = new Vmask(config.DModel, config.MaskHiddenDim, config.Activation);
        pos_encoder = new PositionalEncoding(config.DModel, config.MaxSeqLength);
        layers = nn.ModuleList(Enumerable.Range(0, (int)config.NumLayers)
            .Select(_ => new TransformerBlock(config.DModel, config.NumHeads, config.DFf, config.Dropout)).ToArray());
        fc = nn.Linear(config.DModel, config.NumClasses);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public SafrTransformerConfig Config { get; }

    /// <summary>The VMASK layer (to set its Generator, or score tokens).</summary>
    public Vmask VmaskLayer => vmask;

    /// <summary>
    /// The dtype of every matrix product (<see cref="Model.Precision"/>): <see cref="Precision.Fp32"/> by default; a trainer sets
    /// its options' precision here. Not part of <see cref="Config"/> or the weights: a bf16-trained model loads as float32.
    /// </summary>
    public Precision Precision
    {
        get => _precision;
        set
        {
            _precision = value;
            vmask.Precision = value;
            foreach (var layer in layers) layer.Precision = value;
        }
    }

    private Precision _precision;

    /// <summary>
    /// One forward pass that also caches the activations at the named hook points (all of them when
    /// <paramref name="names"/> is null), as TransformerLens's run_with_cache:
    /// <c>var (output, cache) = model.RunWithCache(ids); cache["pattern", 0]</c>.
    /// </summary>
    public (SafrOutput Output, ActivationCache Cache) RunWithCache(Tensor inputIds, IEnumerable<string>? names = null) =>
        Hooks.RunWithCache(this, () => call(inputIds), names);

    /// <summary>Caches the hook points whose names pass <paramref name="filter"/> (e.g. <c>n => n.EndsWith("hook_pattern")</c>).</summary>
    public (SafrOutput Output, ActivationCache Cache) RunWithCache(Tensor inputIds, Func<string, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return RunWithCache(inputIds, Hooks.PointsOf(this).Keys.Where(filter));
    }

    /// <summary>
    /// One forward pass with hooks that may replace the activation at named hook points (return null to leave it),
    /// as TransformerLens's run_with_hooks: <c>model.RunWithHooks(ids, (HookNames.MaskedEmbed, x => x * 0))</c>.
    /// </summary>
    public SafrOutput RunWithHooks(Tensor inputIds, params (string Name, Func<Tensor, Tensor?> Hook)[] hooks) =>
        Hooks.RunWithHooks(this, () => call(inputIds), hooks);

    /// <param name="inputIds">B x L token ids, PAD = 0; L may not exceed MaxSeqLength.</param>
    public override SafrOutput forward(Tensor inputIds)
    {
        if (inputIds.dim() != 2) throw new ArgumentException($"input ids must be B x L, got shape [{string.Join(", ", inputIds.shape)}]", nameof(inputIds));
        if (inputIds.size(1) > Config.MaxSeqLength)
            throw new ArgumentException($"sequence length {inputIds.size(1)} exceeds MaxSeqLength {Config.MaxSeqLength}", nameof(inputIds));
        using var scope = NewDisposeScope();
        using var zero = 0.ToScalar();  // scalars held alive for the native calls: see ScalarGarbage
        using var sqrtD = Math.Sqrt(Config.DModel).ToScalar();
        var tokenMask = inputIds.ne(zero);
        var keyMask = tokenMask.unsqueeze(1).unsqueeze(2);
        var embedded = hook_embed.call(embedding.call(inputIds).mul(sqrtD));
        var masked = vmask.call(embedded);
        var maskedEmbeddings = hook_masked_embed.call(masked.MaskedEmbeddings);
        var x = dropout.call(pos_encoder.call(maskedEmbeddings));
        var attention = new List<Tensor>();
        foreach (var layer in layers)
        {
            (x, var weights) = layer.call(x, keyMask);
            attention.Add(weights);
        }
        var pooled = hook_pooled.call(Pool(x, tokenMask));
        var logits = PrecisionCasts.Linear(fc, pooled, _precision);
        var output = new SafrOutput(logits, masked.Logits, maskedEmbeddings, attention, tokenMask)
        {
            Keep = masked.Keep, Embeddings = embedded, BlockOutput = x, Pooled = pooled,
        };
        scope.MoveToOuter([logits, masked.Logits, masked.Keep, embedded, maskedEmbeddings, .. attention, x, pooled, tokenMask]);
        return output;
    }

    private Tensor Pool(Tensor x, Tensor tokenMask)
    {
        if (Config.Pooling == Pooling.MeanAllPositions) return x.mean([1]);
        using var scope = NewDisposeScope();
        var weights = tokenMask.to(x.dtype).unsqueeze(-1);
        using var one = 1.0.ToScalar();
        return scope.MoveToOuter((x * weights).sum(1) / weights.sum(1).clamp_min(one));
    }
}
