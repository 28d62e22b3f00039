using Safr.Kit.Analysis;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using TorchSharp.Modules;

namespace Safr.Kit.Tests.Interop;

/// <summary>
/// A researcher's own TorchSharp module, written with nothing but TorchSharp and the kit's HookPoint, goes
/// straight into every building block: VMASK as a layer, the regularizers on its tensors (gradients reach its
/// parameters), pair mining on its attention, and the allocation probe on its hook points.
/// </summary>
public sealed class UserModuleInteropTests
{
    /// <summary>An encoder as a user writes it: embedding, VMASK, one attention head, a ReLU FFN, mean pooling.</summary>
    private sealed class UserEncoder : nn.Module<Tensor, Tensor>
    {
        private readonly Embedding embed;
        private readonly Vmask vmask;
        private readonly Linear query, key, ffn, head;
        private readonly HookPoint hook_x = new(), hook_pattern = new(), hook_neurons = new();

        public UserEncoder(long vocab, long dim, long hidden) : base(nameof(UserEncoder))
        {
            embed = nn.Embedding(vocab, dim);
            vmask = new Vmask(dim, 2 * dim);
            query = nn.Linear(dim, dim);
            key = nn.Linear(dim, dim);
            ffn = nn.Linear(dim, hidden);
            head = nn.Linear(hidden, 2);
            RegisterComponents();
        }

        public Tensor X { get; private set; } = null!;
        public Tensor Pattern { get; private set; } = null!;
        public Tensor Keep { get; private set; } = null!;

        public override Tensor forward(Tensor ids)
        {
            var masked = vmask.call(embed.call(ids));
            X = hook_x.call(masked.MaskedEmbeddings);
            Keep = masked.Keep.squeeze(-1);
            var scores = query.call(X).matmul(key.call(X).transpose(-2, -1)) / Math.Sqrt(X.size(-1));
            Pattern = hook_pattern.call(scores.softmax(-1).unsqueeze(1));  // B x 1 x L x L
            var mixed = Pattern.squeeze(1).matmul(X);
            var neurons = hook_neurons.call(ffn.call(mixed).relu());
            return head.call(neurons.mean([1]));
        }
    }

    private static Tensor Ids() => tensor(new long[] { 1, 4, 2, 7, 3, 5, 6, 1 }, [2, 4]);

    [Fact]
    public void RegularizersOnAUserModulesTensorsReachItsParameters()
    {
        manual_seed(3);
        using var model = new UserEncoder(vocab: 8, dim: 6, hidden: 10);
        model.train();
        using var scope = NewDisposeScope();
        var logits = model.call(Ids());
        var loss = nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1 }))
            + SafrRegularizer.ImportanceLoss(model.X) * 0.3 + SafrRegularizer.InteractionLoss(model.Pattern) * 2.0;
        loss.backward();
        foreach (var (name, parameter) in model.named_parameters())
        {
            Assert.NotNull(parameter.grad);
            Assert.True(parameter.grad!.abs().sum().item<float>() > 0, $"{name} got no gradient");
        }
        // The loss is the plain sum of the parts: the kit adds nothing of its own.
        var expected = nn.functional.cross_entropy(logits, tensor(new long[] { 0, 1 })).item<float>()
            + 0.3f * SafrRegularizer.ImportanceLoss(model.X).item<float>() + 2.0f * SafrRegularizer.InteractionLoss(model.Pattern).item<float>();
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void PairMiningReadsAUserModulesAttention()
    {
        manual_seed(4);
        using var model = new UserEncoder(vocab: 8, dim: 6, hidden: 10);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        model.call(Ids());
        string[] tokens = ["a", "b", "c", "d"];
        var pairs = AttentionPairMiner.TopK(model.Pattern, ones(2, 4, dtype: ScalarType.Bool), tokens, 1, example: 1);
        Assert.NotEmpty(pairs);
        var correlation = AttentionPairMiner.Correlation(model.Pattern, example: 1, head: 0);
        foreach (var pair in pairs)
        {
            Assert.Equal(tokens[pair.I], pair.TokenI);
            Assert.Equal(correlation[pair.I, pair.J], pair.Weight, 12);
        }
    }

    [Fact]
    public void TheAllocationProbeAnalysesAUserModuleByItsHookPoints()
    {
        manual_seed(5);
        using var model = new UserEncoder(vocab: 8, dim: 6, hidden: 10);
        model.eval();
        using var probe = new AllocationProbe(model);
        Assert.Equal(["hook_x", "hook_pattern", "hook_neurons"], probe.HookPointNames);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var ids = Ids();
        using var capture = probe.Capture(() => model.call(ids));
        // The captured X is exactly the tensor the model computes (eval mode: the same again).
        model.call(ids);
        Assert.True(capture["hook_x"].EqualTo(model.X));

        string[] tokens = ["w1", "w4", "w2", "w7"];
        var report = AllocationProbe.Analyze(capture, tokens, keepProbability: model.Keep,
            embeddingsAt: "hook_x", neuronsAt: "hook_neurons", attentionAt: "hook_pattern");
        Assert.Equal(tokens, report.Tokens);
        Assert.Equal(10, report.Neurons.NeuronCount);
        var expected = SafrRegularizer.TokenPolysemanticity(model.X).select(0, 0).to(float64).data<double>().ToArray();
        Assert.Equal(expected.Length, report.Polysemanticity.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], report.Polysemanticity[i], 12);
        var keep = model.Keep.select(0, 0).to(float64).data<double>().ToArray();
        for (var i = 0; i < keep.Length; i++) Assert.Equal(keep[i], report.KeepProbability[i], 12);
        Assert.Equal(0, Hooks.ActiveCount);
    }
}
