// Times Safr.Kit on TorchSharp and prints one JSON line; bench/run runs it interleaved with the PyTorch side
// (bench/torch_bench.py for the micro workloads, bench/release_step.py for the SAFR step) and prints ratios.
// Not a test.
using System.Diagnostics;
using System.Text.Json;
using Safr.Kit;
using Safr.Kit.Model;
using Safr.Kit.Regularization;
using Safr.Kit.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchSharpRuntime.EnsureLoaded();
var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
set_num_threads(threads);
manual_seed(0);

// 1. A 1024 x 1024 x 1024 float32 matmul: both sides are libtorch's BLAS.
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
    var model = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, classes));
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

// 3. An add of two 8-element tensors: almost pure per-call cost.
var s1 = randn(8);
var s2 = randn(8);
double SmallAdd()
{
    using var c = s1.add(s2);
    return 0;
}

// 4. Attention over long texts, forward and backward, with the co-attention A Aᵀ of L_inter: every step
//    allocates [32, 8, 256, 256] float tensors (64 MiB), so it measures how fresh large memory is paid for.
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

// 5. One SAFR training step in the paper configuration, as SafrTrainer takes it: the released model
//    (d 256, 8 heads, 1 layer, d_ff 1024, VMASK hidden 1024), batch 32 padded to 128 (5-60 real tokens),
//    CE + L_imp + L_inter with both lambdas 1, Adam 1e-4. The same shapes as bench/release_step.py.
var config = RunMode.Paper.ModelConfig(16384);
var safr = new SafrTransformer(config);
var adam = optim.Adam(safr.parameters(), lr: 1e-4);
var lengths = randint(5, 61, [32], generator: new Generator(1));
var ids = randint(2, 16384, [32, 128]) * arange(128).unsqueeze(0).lt(lengths.unsqueeze(1));
var labels = randint(0, 2, [32]);
safr.train();
var objective = new SafrObjective(LambdaImportance: 1, LambdaInteraction: 1, RunMode.Paper);
double SafrStep()
{
    using var scope = NewDisposeScope();
    var output = safr.call(ids);
    var loss = objective.Compute(output, labels).Total;
    _ = loss.item<float>();  // the trainer reads the loss every step (NaN check, logging)
    adam.zero_grad();
    loss.backward();
    adam.step();
    return 0;
}

var result = new Dictionary<string, object>
{
    ["small_add_us"] = 1000 * Measure(SmallAdd, warmup: 10_000, iterations: 100_000, rounds),
    ["matmul_1024_ms"] = Measure(Matmul, warmup: 3, iterations: 20, rounds),
    ["mlp_step_ms"] = Measure(TrainStep(784, 256, 10, 128), warmup: 200, iterations: 500, rounds),
    ["small_mlp_step_us"] = 1000 * Measure(TrainStep(32, 64, 4, 16), warmup: 2000, iterations: 5000, rounds),
    ["attention_step_ms"] = Measure(AttentionStep, warmup: 2, iterations: 5, rounds),
    ["safr_step_ms"] = Measure(SafrStep, warmup: 2, iterations: 3, rounds),
    ["threads"] = get_num_threads(),
    ["torch"] = $"TorchSharp {typeof(torch).Assembly.GetName().Version} (libtorch {__version__})",
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
