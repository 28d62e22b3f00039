// Resident memory over a long training run at IMDB lengths (texts of about 256 tokens): SafrTrainer.Fit, both SAFR
// terms, a small model so that thousands of steps fit in minutes; RSS is printed every 250 steps. Not a test.
//   dotnet Safr.Kit.MemoryBench.dll [STEPS] [THREADS]
using System.Diagnostics;
using Safr.Kit;
using Safr.Kit.Data;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Model;
using Safr.Kit.Runtime;
using Safr.Kit.Training;
using static TorchSharp.torch;

TorchSharpRuntime.EnsureLoaded();
var steps = args.Length > 0 ? int.Parse(args[0]) : 4000;
set_num_threads(args.Length > 1 ? int.Parse(args[1]) : Environment.ProcessorCount);
const int batch = 4;

var task = PlantedTask.Generate(new PlantedTaskOptions
{
    Train = batch * steps, Dev = 32, Test = 8, FillerWords = 2000, MinFiller = 200, MaxFiller = 252, Seed = 3,
});
var vocabulary = Vocabulary.Build(task.Dataset.Train);
var config = RunMode.Fast.Configure(new SafrTransformerConfig(vocabulary.Count, MaxSeqLength: 256, NumClasses: 2, DModel: 64, NumHeads: 2, NumLayers: 1,
    DFf: 128, MaskHiddenDim: 64));
var options = new TrainingOptions
{
    LambdaImportance = 1, LambdaInteraction = 1, BatchSize = batch, MaxEpochs = 1, Patience = 1, MaxLength = 256,
    Mode = RunMode.Fast, LearningRate = 1e-3, Seed = 1, EvaluationBatchSize = 16, Dataset = "planted",
};
using var trainer = new SafrTrainer(SafrTrainer.CreateModel(config, options.Seed), vocabulary, options);

static long RssMiB()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
        if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim().Split(' ')[0]) / 1024;
    return -1;
}

Console.WriteLine($"{steps} steps, batch {batch}, texts of {task.Options.MinFiller + 4}-{task.Options.LongestText} tokens, {get_num_threads()} threads; " +
    $"glibc: {NativeHeap.Report?.Description}");
Console.WriteLine($"{"step",6} {"RSS MiB",8} {"s",7}");
var watch = Stopwatch.StartNew();
var samples = new List<(int Step, long Rss)>();
trainer.Fit(task.Dataset.Train, task.Dataset.Dev, progress: p =>
{
    if (p.EpochDone is not null || p.Step % 250 != 0 && p.Step != 25) return;
    var rss = RssMiB();
    samples.Add((p.Step, rss));
    Console.WriteLine($"{p.Step,6} {rss,8} {watch.Elapsed.TotalSeconds,7:F1}");
});
var warm = samples.First(s => s.Step >= steps / 4);
var last = samples[^1];
var peak = samples.Where(s => s.Step >= warm.Step).Max(s => s.Rss);
Console.WriteLine($"after warm-up (step {warm.Step}): {warm.Rss} MiB; at step {last.Step}: {last.Rss} MiB; peak since warm-up {peak} MiB; " +
    $"growth {last.Rss - warm.Rss:+0;-0;0} MiB over {last.Step - warm.Step} steps");
