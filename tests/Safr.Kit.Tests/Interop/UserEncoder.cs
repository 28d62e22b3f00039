using Safr.Kit.Model;
using TorchSharp.Modules;

namespace Safr.Kit.Tests.Interop;

/// <summary>
/// An encoder as a researcher writes it, with nothing but TorchSharp, the kit's Vmask layer and two HookPoints:
/// embedding, VMASK, multi-head attention that ignores padded keys, a ReLU FFN, mean pooling over real tokens.
/// Its forward returns <see cref="SafrOutput"/> (the kit's contract) and nothing else: no public fields.
/// </summary>
internal sealed class UserEncoder : nn.Module<Tensor, SafrOutput>
{
    private readonly Embedding embed;
    private readonly Vmask vmask;
    private readonly Linear query, key, value, ffn, head;
    private readonly HookPoint hook_embed = new(), hook_neurons = new();  // hook_embed: gradient × input's default point
    private readonly long _heads;

    public UserEncoder(long vocab, long dim, long hidden, long heads = 2) : base(nameof(UserEncoder))
    {
        embed = nn.Embedding(vocab, dim);
        vmask = new Vmask(dim, 2 * dim);
        query = nn.Linear(dim, dim);
        key = nn.Linear(dim, dim);
        value = nn.Linear(dim, dim);
        ffn = nn.Linear(dim, hidden);
        head = nn.Linear(hidden, 2);
        _heads = heads;
        RegisterComponents();
    }

    /// <summary>A float64 encoder over <see cref="TinyVocabularySize"/> ids, initialised from <c>manual_seed(seed)</c>.</summary>
    public static UserEncoder Create(long seed, long dim = 8, long hidden = 12)
    {
        manual_seed(seed);
        var model = new UserEncoder(TinyVocabularySize, dim, hidden);
        model.to(float64);
        return model;
    }

    /// <summary>PAD, UNK and <c>TinyModel.Words</c>.</summary>
    public const long TinyVocabularySize = 12;

    public override SafrOutput forward(Tensor ids)
    {
        var tokenMask = ids.ne(0);
        var masked = vmask.call(hook_embed.call(embed.call(ids)));
        var x = masked.MaskedEmbeddings;  // X, what L_imp sees
        var (b, l, d) = (x.size(0), x.size(1), x.size(2));
        Tensor Split(Tensor t) => t.view(b, l, _heads, d / _heads).transpose(1, 2);  // B x H x L x d/H
        var scores = Split(query.call(x)).matmul(Split(key.call(x)).transpose(-2, -1)) / Math.Sqrt(d / _heads);
        var pattern = scores.masked_fill(tokenMask.logical_not().unsqueeze(1).unsqueeze(2), -1e9).softmax(-1);  // A: B x H x L x L
        var mixed = pattern.matmul(Split(value.call(x))).transpose(1, 2).reshape(b, l, d);
        var neurons = hook_neurons.call(ffn.call(mixed).relu());
        var real = tokenMask.to(neurons.dtype).unsqueeze(-1);
        var logits = head.call((neurons * real).sum(1) / real.sum(1).clamp_min(1));  // real tokens only: padding changes nothing
        return new SafrOutput(logits, masked.Logits, x, [pattern], tokenMask);
    }
}
