// Times the same workloads as bench/torch_bench.py, through Safr.Torch, and prints one JSON line.
// Not a test: bench/run runs both sides in one go with one thread count and prints the ratios.
using System.Diagnostics;
using System.Text.Json;
using Safr.Torch;
using static Safr.Torch.torch;

var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
set_num_threads(threads);
manual_seed(0);

// 1. A 1024 x 1024 x 1024 float32 matmul: the bridge's overhead is negligible here; both sides run MKL/OpenBLAS.
var a = randn(1024, 1024);
var b = randn(1024, 1024);
double Matmul()
{
    using var c = a.matmul(b);
    return 0;
}

// 2. One training step (zero_grad, forward, cross-entropy, backward, Adam) of a two-layer MLP, at two sizes:
//    784 -> 256 -> 10 with batch 128 is dominated by BLAS; 32 -> 64 -> 4 with batch 16 by per-call cost.
Func<double> TrainStep(long inputs, long hidden, long classes, long batch)
{
    var model = new Mlp(inputs, hidden, classes);
    var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
    var x = randn(batch, inputs);
    var y = randint(0, classes, [batch]);
    return () =>
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.step();
        return 0;
    };
}

// 3. An add of two 8-element tensors: almost pure per-call cost (argument marshalling, dispatch, handle).
var s1 = randn(8);
var s2 = randn(8);
double SmallAdd()
{
    using var c = s1.add(s2);
    return 0;
}

// 4. Attention over long texts, forward and backward, as SAFR trains on IMDB: batch 32, 8 heads, 256 tokens,
//    and the co-attention A Aᵀ of L_inter. Every step allocates [32, 8, 256, 256] float tensors (64 MiB), so
//    it measures how fresh large memory is paid for (the bridge's CPU block cache; SAFR_CPU_CACHE_MB=0 turns it off).
var q = randn(32, 8, 256, 32).requires_grad_();
double AttentionStep()
{
    using var scope = NewDisposeScope();
    var attention = (q.matmul(q.transpose(-2, -1)) / Math.Sqrt(32)).softmax(-1);
    var loss = attention.matmul(q).sum() + attention.matmul(attention.transpose(-2, -1)).mean();
    loss.backward();
    q.grad!.zero_();
    return 0;
}

var result = new Dictionary<string, double>
{
    ["small_add_us"] = 1000 * Measure(SmallAdd, warmup: 10_000, iterations: 100_000, rounds),
    ["matmul_1024_ms"] = Measure(Matmul, warmup: 3, iterations: 20, rounds),
    ["mlp_step_ms"] = Measure(TrainStep(784, 256, 10, 128), warmup: 200, iterations: 500, rounds),
    ["small_mlp_step_us"] = 1000 * Measure(TrainStep(32, 64, 4, 16), warmup: 2000, iterations: 5000, rounds),
    ["attention_step_ms"] = Measure(AttentionStep, warmup: 2, iterations: 5, rounds),
    ["threads"] = get_num_threads(),
};
Console.WriteLine(JsonSerializer.Serialize(result));

// Median over rounds of the mean time per iteration, in milliseconds.
static double Measure(Func<double> body, int warmup, int iterations, int rounds)
{
    for (var i = 0; i < warmup; i++) body();
    var perRound = new List<double>();
    for (var r = 0; r < rounds; r++)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) body();
        perRound.Add(watch.Elapsed.TotalMilliseconds / iterations);
    }
    perRound.Sort();
    return perRound[perRound.Count / 2];
}

internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Safr.Torch.Modules.Linear fc1;
    private readonly Safr.Torch.Modules.Linear fc2;

    public Mlp(long inputs, long hidden, long classes) : base(nameof(Mlp))
    {
        fc1 = nn.Linear(inputs, hidden);
        fc2 = nn.Linear(hidden, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var hidden = fc1.call(input);
        using var activated = hidden.relu();
        return fc2.call(activated);
    }
}
