using Safr.Kit.Data;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>A planted task and a model small enough to train for a few epochs in a second.</summary>
internal static class TinyRun
{
    public static readonly PlantedTask Task = PlantedTask.Generate(new PlantedTaskOptions
    {
        Train = 96, Dev = 32, Test = 32, FillerWords = 30, MinFiller = 3, MaxFiller = 6, CuesPerClass = 3, PairsPerClass = 2, Seed = 1,
    });

    public static readonly Vocabulary Vocabulary = Vocabulary.Build(Task.Dataset.Train);

    /// <summary><see cref="TinyModel"/>'s architecture at d_model 16, for this task's vocabulary and texts of up to 10 tokens.</summary>
    public static SafrTransformerConfig Config(RunMode mode = RunMode.Paper) =>
        mode.Configure(TinyModel.Config(vocabSize: Vocabulary.Count, maxSeqLength: 10, dModel: 16));

    public static TrainingOptions Options(int seed = 3) => new()
    {
        LambdaImportance = 1, LambdaInteraction = 1, BatchSize = 16, MaxEpochs = 4, Patience = 10, MaxLength = 10,
        LearningRate = 1e-3, Seed = seed, EvaluationBatchSize = 16, Dataset = "planted",
    };

    /// <summary>Trains <paramref name="trainer"/> on the task, kept in the run folder <paramref name="runFolder"/>.</summary>
    public static TrainingResult Fit(string runFolder, SafrTrainer trainer, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default) =>
        new RunFolder(runFolder).Fit(trainer, Task.Dataset.Train, Task.Dataset.Dev, progress, cancellationToken);

    /// <summary>A trainer whose model is built for <paramref name="modelMode"/> (default: the options' mode).</summary>
    public static SafrTrainer Trainer(TrainingOptions options, RunMode? modelMode = null) =>
        new(SafrTrainer.CreateModel(Config(modelMode ?? options.Mode), options.Seed), Vocabulary, options);

    /// <summary>Every weight, as bytes, by name: two models are bitwise equal when these are.</summary>
    public static Dictionary<string, byte[]> Weights(SafrTransformer model)
    {
        using var scope = NewDisposeScope();
        return model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.Bytes());
    }

    public static Dictionary<string, byte[]> Weights(string checkpointFolder)
    {
        using var scope = NewDisposeScope();
        return Safr.Kit.Serialization.SafeTensors.Load(Path.Combine(checkpointFolder, Checkpoint.ModelFile)).ToDictionary(kv => kv.Key, kv => kv.Value.Bytes());
    }

    public static bool SameWeights(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var other) && kv.Value.AsSpan().SequenceEqual(other));
}
