namespace Safr.Kit.Model;

/// <summary>
/// The names of <see cref="SafrTransformer"/>'s hook points, as <c>named_modules()</c> gives them
/// (TransformerLens style): the keys of an <see cref="ActivationCache"/>, which also takes (short name, layer):
/// <c>cache["pattern", 0]</c> is <c>layers.0.attention.hook_pattern</c>. They are also the building blocks' default points
/// in a module of your own, where a <see cref="HookPoint"/> field's name is its hook name: a field <c>hook_embed</c> on
/// the token embeddings is where <see cref="Attribution.GradientTimesInput"/> differentiates.
/// </summary>
public static class HookNames
{
    /// <summary>Token embeddings times sqrt(d), before VMASK (B x L x d).</summary>
    public const string Embed = "hook_embed";

    /// <summary>X, the VMASK-masked embeddings L_imp is computed on (B x L x d; the release's x_vmask).</summary>
    public const string MaskedEmbed = "hook_masked_embed";

    /// <summary>The pooled sequence vectors (B x d).</summary>
    public const string Pooled = "hook_pooled";

    /// <summary>Layer <paramref name="layer"/>'s attention pattern A, the softmax weights L_inter is computed on (B x H x L x L).</summary>
    public static string AttentionPattern(int layer) => $"layers.{layer}.attention.hook_pattern";

    /// <summary>Layer <paramref name="layer"/>'s FFN hidden layer before the ReLU (B x L x d_ff).</summary>
    public static string PreRelu(int layer) => $"layers.{layer}.ff.hook_pre_relu";

    /// <summary>Layer <paramref name="layer"/>'s FFN hidden layer after the ReLU (B x L x d_ff).</summary>
    public static string PostRelu(int layer) => $"layers.{layer}.ff.hook_post_relu";

    /// <summary>Layer <paramref name="layer"/>'s block output (B x L x d).</summary>
    public static string BlockOut(int layer) => $"layers.{layer}.hook_block_out";
}
