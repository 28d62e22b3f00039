// Times Safr.Kit on TorchSharp and prints one JSON line; bench/run runs it interleaved with the PyTorch side
// (bench/torch_bench.py for the micro workloads, bench/release_step.py for the SAFR step) and prints ratios.
// Not a test.
using System.Diagnostics;
using System.Text.Json;
using Safr.Kit;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Optim;
using Safr.Kit.Regularization;
using Safr.Kit.Runtime;
using TorchSharp;
using static TorchSharp.torch;

TorchSharpRuntime.EnsureLoaded();
// `profile [THREADS] [STEPS]`: where the SAFR step's time goes (StepProfile), instead of the workloads below.
var profile = args.Length > 0 && args[0] == "profile";
if (profile) args = args[1..];
var threads = args.Length > 0 ? int.Parse(args[0]) : 1;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 5;
set_num_threads(threads);
manual_seed(0);
if (profile)
{
    var (vocabulary, train) = LoadSst2();
    StepProfile.Run(args.Length > 1 ? int.Parse(args[1]) : 10, mode =>
    {
        var (batchIds, batchLabels) = train is null
            ? mode == RunMode.Fast ? SyntheticFastBatch() : SyntheticPaperBatch()
            : RealBatch(train, vocabulary!, mode, out _);
        return (batchIds, batchLabels, vocabulary?.Count ?? 16384);
    });
    return;
}

// 1. A 1024 x 1024 x 1024 float32 matmul: both sides are libtorch's BLAS.
var a = randn(1024, 1024);
var b = randn(1024, 1024);
double Matmul()
{
    using var c = a.matmul(b);
    return 0;
}

// 2. One training step (zero_grad, forward, cross-entropy, backward, Adam as the trainer runs it: FusedAdam) of a two-layer MLP, at two sizes:
//    784 -> 256 -> 10 with batch 128 is dominated by BLAS; 32 -> 64 -> 4 with batch 16 by per-call cost.
Func<double> TrainStep(long inputs, long hidden, long classes, long batch)
{
    var model = nn.Sequential(nn.Linear(inputs, hidden), nn.ReLU(), nn.Linear(hidden, classes));
    var optimizer = new FusedAdam(model.parameters(), lr: 1e-3);
    var x = randn(batch, inputs);
    var y = randint(0, classes, [batch]);
    return () =>
    {
        using var scope = NewDisposeScope();
        optimizer.ZeroGrad();
        var loss = nn.functional.cross_entropy(model.call(x), y);
        loss.backward();
        optimizer.Step();
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
var adam = new FusedAdam(safr.parameters(), lr: 1e-4);
var (ids, labels) = SyntheticPaperBatch();
safr.train();
var objective = TrainerObjective.Of(RunMode.Paper);
double SafrStep()
{
    using var scope = NewDisposeScope();
    var output = safr.call(ids);
    var loss = objective.Compute(output, labels).Total;
    _ = loss.item<float>();  // the trainer reads the loss every step (NaN check, logging)
    adam.ZeroGrad();
    loss.backward();
    adam.Step();
    return 0;
}

// 6. The FLOP rate of a SAFR training step, in paper mode (batch 32 padded to 128) and fast mode (padded to the batch's
//    longest text), on real SST-2 train batches where SAFR_DATA (or the checkout's data/) has them, else on synthetic
//    batches of the same shapes. Each step's FLOPs are counted (TrainingStepFlops: its products, forward and backward)
//    and set beside the GEMM rate measured here at the model's own shapes, so the share says how far from the
//    matmul-bound ceiling the step runs, whatever the machine.
var (sst2Vocabulary, sst2Train) = LoadSst2();
var batchSource = sst2Train is null ? "synthetic (no SST-2 data found)" : "SST-2 train";
var vocabularySize = sst2Vocabulary?.Count ?? 16384;
var (paperIds, paperLabels) = sst2Train is null ? (ids, labels) : RealBatch(sst2Train, sst2Vocabulary!, RunMode.Paper, out _);
// Fast mode: the real batch whose padded length is nearest the mean over an epoch of fast-mode batches (bucketed).
double meanFastLength = 0;
var (fastIds, fastLabels) = sst2Train is null ? SyntheticFastBatch() : RealBatch(sst2Train, sst2Vocabulary!, RunMode.Fast, out meanFastLength);
var modes = new Dictionary<string, object>();
var modeBatches = new[] { (RunMode.Paper, paperIds, paperLabels), (RunMode.Fast, fastIds, fastLabels) };
foreach (var (mode, batchIds, batchLabels) in modeBatches)
{
    var name = mode.ToString().ToLowerInvariant();
    var modeConfig = mode.ModelConfig(vocabularySize);
    var modeObjective = TrainerObjective.Of(mode);
    var (batchSize, length) = (batchIds.size(0), batchIds.size(1));
    var flops = TrainingStepFlops.Of(modeConfig, batchSize, length, modeObjective);
    var stepMs = Measure(ModeStep(modeConfig, modeObjective, batchIds, batchLabels, Precision.Fp32), warmup: 2, iterations: 3, rounds);
    var (gemm, gemmFlops) = ModelShapedGemms(modeConfig, batchSize * length);
    var gemmMs = Measure(gemm, warmup: 3, iterations: 10, rounds);
    var achieved = flops.Total / stepMs / 1e6;
    var gemmRate = gemmFlops / gemmMs / 1e6;
    modes[$"safr_{name}_step_ms"] = stepMs;
    modes[$"gemm_{name}_ms"] = gemmMs;
    modes[$"{name}_batch"] = $"{batchSize} x {length}";
    modes[$"{name}_step_gflop"] = flops.Total / 1e9;
    modes[$"{name}_gemm_gflop"] = gemmFlops / 1e9;
    modes[$"{name}_achieved_gflops"] = achieved;
    modes[$"{name}_gemm_gflops"] = gemmRate;
    modes[$"{name}_share_of_gemm"] = achieved / gemmRate;
}
// The same steps with every matrix product in bfloat16 (--precision bf16), after all the float32 ones (bfloat16 kernels
// leave oneDNN state behind that could tell on a float32 step measured after them).
foreach (var (mode, batchIds, batchLabels) in modeBatches)
{
    modes[$"safr_{mode.ToString().ToLowerInvariant()}_bf16_step_ms"] =
        Measure(ModeStep(mode.ModelConfig(vocabularySize), TrainerObjective.Of(mode), batchIds, batchLabels, Precision.Bf16), warmup: 2, iterations: 3, rounds);
}
modes["flop_batches"] = batchSource;
if (sst2Train is not null) modes["fast_mean_padded_length"] = meanFastLength;

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
foreach (var (key, value) in modes) result[key] = value;
Console.WriteLine(JsonSerializer.Serialize(result));

// One training step of a fresh model of this mode on one batch, as SafrStep takes it.
static Func<double> ModeStep(SafrTransformerConfig config, SafrObjective objective, Tensor ids, Tensor labels, Precision precision)
{
    var model = new SafrTransformer(config) { Precision = precision };
    var optimizer = new FusedAdam(model.parameters(), lr: 1e-4);
    model.train();
    return () =>
    {
        using var scope = NewDisposeScope();
        var loss = objective.Compute(model.call(ids), labels).Total;
        _ = loss.item<float>();
        optimizer.ZeroGrad();
        loss.backward();
        optimizer.Step();
        return 0;
    };
}

// The model's own linear shapes on its B L token rows, float32, one of each: [N, d] x [d, d] (Q, K, V, out),
// [N, d] x [d, d_ff], [N, d_ff] x [d_ff, d], [N, d] x [d, hidden] (VMASK). Returns the body and its FLOPs.
static (Func<double> Body, double Flops) ModelShapedGemms(SafrTransformerConfig config, long rows)
{
    var (d, ff, hidden) = (config.DModel, config.DFf, config.MaskHiddenDim);
    var x = randn(rows, d);
    var h = randn(rows, ff);
    var (wd, wUp, wDown, wMask) = (randn(d, d), randn(d, ff), randn(ff, d), randn(d, hidden));
    double flops = 2.0 * rows * (d * d + d * ff + ff * d + d * hidden);
    return (() =>
    {
        using var scope = NewDisposeScope();
        _ = x.matmul(wd);
        _ = x.matmul(wUp);
        _ = h.matmul(wDown);
        _ = x.matmul(wMask);
        return 0;
    }, flops);
}

// SST-2's train split and its vocabulary, from the data folder only (no download), or nulls.
static (Vocabulary?, IReadOnlyList<TextExample>?) LoadSst2()
{
    try
    {
        var data = Datasets.Load(Datasets.Sst2, new DatasetOptions { AllowDownload = false });
        return (Vocabulary.Build(data), data.Train);
    }
    catch (Exception e) when (e is IInputError or IOException)
    {
        Console.Error.WriteLine($"bench: no SST-2 data ({e.Message.Split('\n')[0]}); FLOP rates on synthetic batches");
        return (null, null);
    }
}

// The first batch of epoch 0 as the trainer would batch SST-2's train split in this mode; in fast mode, the batch
// whose padded length is nearest the epoch's mean padded length (reported in meanLength).
static (Tensor Ids, Tensor Labels) RealBatch(IReadOnlyList<TextExample> train, Vocabulary vocabulary, RunMode mode, out double meanLength)
{
    var batches = new BatchIterator(train, vocabulary, batchSize: 32, maxLength: 128, mode.Padding(), shuffle: true, seed: 1, dropLast: true);
    var plan = batches.Plan(0);
    var lengths = plan.Select(b => mode == RunMode.Paper ? 128 : Math.Max(1, b.Max(i => batches.TokenIds(i).Count))).ToArray();
    meanLength = lengths.Average();
    var mean = meanLength;
    var pick = Enumerable.Range(0, plan.Count).MinBy(i => Math.Abs(lengths[i] - mean));
    var batch = batches.MakeBatch(plan[pick]);
    return (batch.InputIds, batch.Labels);
}

// 32 texts of 5-60 tokens padded to 128, as the paper mode batches SST-2.
static (Tensor Ids, Tensor Labels) SyntheticPaperBatch()
{
    var lengths = randint(5, 61, [32], generator: new Generator(1));
    return (randint(2, 16384, [32, 128]) * arange(128).unsqueeze(0).lt(lengths.unsqueeze(1)), randint(0, 2, [32]));
}

// Without data: 32 texts of 5-40 tokens padded to the longest, near SST-2's fast-mode shapes.
static (Tensor Ids, Tensor Labels) SyntheticFastBatch()
{
    var lengths = randint(5, 41, [32], generator: new Generator(2));
    var longest = lengths.max().item<long>();
    return (randint(2, 16384, [32, longest]) * arange(longest).unsqueeze(0).lt(lengths.unsqueeze(1)), randint(0, 2, [32]));
}

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
