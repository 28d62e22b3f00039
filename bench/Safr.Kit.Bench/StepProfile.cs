// Where a SAFR training step's time goes, by timing sections with a stopwatch (libtorch runs CPU ops synchronously,
// so a section's wall time is its ops' time; TorchSharp 0.107 binds no profiler). The forward is cut at the model's own
// hook points (a hook records the time its activation arrives); the backward cannot be cut that way (TorchSharp binds
// no tensor hooks), so each regularizer's backward is the difference between steps with and without it.
// Not a test: `dotnet Safr.Kit.Bench.dll profile [THREADS] [STEPS]`, or bench/profile.
using System.Diagnostics;
using Safr.Kit;
using Safr.Kit.Model;
using Safr.Kit.Optim;
using Safr.Kit.Regularization;
using TorchSharp;
using static TorchSharp.torch;

internal static class StepProfile
{
    /// <summary>The forward's sections: the time from the previous mark to the activation at each hook point.</summary>
    private static readonly (string Hook, string Section)[] ForwardMarks =
    [
        (HookNames.Embed, "embedding lookup x sqrt(d)"),
        (HookNames.MaskedEmbed, "VMASK (scorer, Gumbel, mask)"),
        (HookNames.AttentionPattern(0), "pos. enc., dropout, Q K V, scores, softmax"),
        (HookNames.PreRelu(0), "A V, out proj., residual, LayerNorm, FFN up"),
        (HookNames.PostRelu(0), "ReLU"),
        (HookNames.BlockOut(0), "FFN down, residual, LayerNorm"),
        (HookNames.Pooled, "pooling"),
    ];

    public static void Run(int steps, Func<RunMode, (Tensor Ids, Tensor Labels, int Vocabulary)> batchOf)
    {
        foreach (var mode in new[] { RunMode.Paper, RunMode.Fast })
        {
            var (ids, labels, vocabulary) = batchOf(mode);
            var config = mode.ModelConfig(vocabulary);
            Console.WriteLine($"{mode} mode: batch {ids.size(0)} x {ids.size(1)}, vocabulary {vocabulary}, {threadsNote()}, mean of {steps} steps after 2 warm-up steps");
            var sections = Profile(config, mode, ids, labels, lambdas: (1, 1), steps);
            var total = sections.Values.Sum();
            foreach (var (name, ms) in sections)
                Console.WriteLine($"  {name,-48}{ms,10:F2} ms{100 * ms / total,7:F1} %");
            Console.WriteLine($"  {"step",-48}{total,10:F2} ms");
            // Each regularizer's cost, forward and backward, as the difference from a step without it.
            var baseline = Profile(config, mode, ids, labels, (0, 0), steps);
            foreach (var (label, lambdas) in new[] { ("L_imp alone", (1.0, 0.0)), ("L_inter alone", (0.0, 1.0)) })
            {
                var with = Profile(config, mode, ids, labels, lambdas, steps);
                Console.WriteLine($"  {label} adds {with.Values.Sum() - baseline.Values.Sum(),8:F2} ms a step, of which backward "
                    + $"{with["backward"] - baseline["backward"],8:F2} ms");
            }
            Console.WriteLine();
        }
        static string threadsNote() => $"{get_num_threads()} thread(s)";
    }

    /// <summary>Mean milliseconds per section of a training step of a fresh model, as SafrTrainer takes it.</summary>
    private static Dictionary<string, double> Profile(SafrTransformerConfig config, RunMode mode, Tensor ids, Tensor labels,
        (double Imp, double Inter) lambdas, int steps)
    {
        manual_seed(0);
        var model = new SafrTransformer(config);
        var optimizer = new FusedAdam(model.parameters(), lr: 1e-4);
        model.train();
        var objective = TrainerObjective.Of(mode, lambdas.Imp, lambdas.Inter);
        var totals = new Dictionary<string, double>();
        var watch = new Stopwatch();
        var last = TimeSpan.Zero;
        void Mark(string section)
        {
            var now = watch.Elapsed;
            totals[section] = totals.GetValueOrDefault(section) + (now - last).TotalMilliseconds;
            last = now;
        }
        var hooks = ForwardMarks.Select(m => (m.Hook, (Func<Tensor, Tensor?>)(_ => { Mark("forward: " + m.Section); return null; }))).ToArray();
        for (var step = -2; step < steps; step++)
        {
            if (step == 0) totals.Clear();
            watch.Restart();
            last = TimeSpan.Zero;
            var scope = NewDisposeScope();
            var output = model.RunWithHooks(ids, hooks);
            Mark("forward: classifier");
            var crossEntropy = nn.functional.cross_entropy(output.Logits, labels);
            Mark("cross-entropy");
            var loss = crossEntropy;
            if (lambdas.Imp != 0) loss = loss + SafrObjective.ImportanceLoss(output, mode, objective.PaddedLength) * lambdas.Imp;
            Mark("L_imp forward");
            if (lambdas.Inter != 0) loss = loss + SafrObjective.InteractionLoss(output) * lambdas.Inter;
            Mark("L_inter forward");
            _ = loss.item<float>();
            Mark("loss.item");
            optimizer.ZeroGrad();
            Mark("zero_grad");
            loss.backward();
            Mark("backward");
            optimizer.Step();
            Mark("Adam step");
            scope.Dispose();
            Mark("dispose scope");
        }
        foreach (var key in totals.Keys) totals[key] /= steps;
        optimizer.Dispose();
        model.Dispose();
        return totals;
    }
}
