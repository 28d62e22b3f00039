using System.Diagnostics;
using System.Globalization;
using System.Text;
using Safr.Kit.Data;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Experiments;

/// <summary>One arm of the demo: how a model trained with these lambdas scores on the planted task's test split.</summary>
/// <param name="PrecisionAtK">VMASK's precision@k against the planted tokens (<see cref="PlantedPrecision"/>).</param>
public sealed record DemoArm(
    string Name, double LambdaImportance, double LambdaInteraction, double TestAccuracy,
    PolysemanticityByImportance Polysemanticity, double PrecisionAtK, double InteractionScore, TrainingResult Training);

/// <summary>The demo's result: the arms side by side, and the task they ran on.</summary>
[Safr.Kit.Display.TypeFormatterSource(typeof(Safr.Kit.Display.SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record DemoResult(IReadOnlyList<DemoArm> Arms, PlantedTask Task, SafrTransformerConfig Config, double Seconds)
{
    /// <summary>The comparison as an aligned text table.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"model",-22} {"test acc",9} {"poly(imp)",10} {"poly(other)",12} {"imp tokens",11} {"prec@k",7} {"L_inter",8} {"epochs",7}");
        foreach (var a in Arms)
        {
            var p = a.Polysemanticity;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{a.Name,-22} {a.TestAccuracy,9:P2} {p.Important,10:F4} {p.Other,12:F4} {p.ImportantTokens,11} {a.PrecisionAtK,7:F3} {a.InteractionScore,8:F4} {a.Training.Epochs,7}");
        }
        return sb.ToString();
    }

    public override string ToString() => ToTable();
}

/// <summary>
/// The kit's built-in experiment: a baseline (both lambdas 0) and SAFR (both 1) trained on the
/// <see cref="PlantedTask"/> with a small released-architecture model, compared on accuracy, the
/// polysemanticity of important tokens (VMASK keep probability above 0.5) against the others, and VMASK's
/// precision@k against the planted tokens. Sized to finish in about a minute on two CPU cores.
/// </summary>
public static class PlantedDemo
{
    /// <summary>The demo's model: the released architecture, scaled down (d_model 64, 4 heads, d_ff 128, VMASK hidden 64).</summary>
    public static SafrTransformerConfig ModelConfig(int vocabularySize, int numClasses, int maxLength) =>
        new(vocabularySize, maxLength, numClasses, DModel: 64, NumHeads: 4, NumLayers: 1, DFf: 128, Dropout: 0.1, MaskHiddenDim: 64);

    /// <param name="arms">(name, lambda_imp, lambda_inter) per arm; default: baseline (0, 0) and SAFR (1, 1).</param>
    /// <param name="log">The task's description, and each arm's finished epochs ("SAFR: epoch 2: ...") unless
    /// <paramref name="progress"/> is given.</param>
    /// <param name="progress">Every step and epoch of each arm, with the arm's name (for progress bars); when
    /// given, finished epochs are reported here only.</param>
    public static DemoResult Run(PlantedTaskOptions? task = null, int seed = 0, int maxEpochs = 12,
        IReadOnlyList<(string Name, double Imp, double Inter)>? arms = null,
        Action<string>? log = null, CancellationToken cancellationToken = default,
        Action<string, TrainingProgress>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var planted = PlantedTask.Generate(task ?? new PlantedTaskOptions { Seed = seed });
        var data = planted.Dataset;
        var maxLength = planted.Options.LongestText;
        var experiment = new Experiment(data, new ExperimentSettings
        {
            Architecture = ModelConfig(2, data.NumClasses, maxLength), MaxLength = maxLength, LearningRate = 1e-3, MaxEpochs = maxEpochs,
            FaithfulnessExamples = 0,  // the demo's ground truth is the planted tokens: precision@k below
        });
        log?.Invoke(data.ToString());
        var results = new List<DemoArm>();
        foreach (var (name, imp, inter) in arms ?? [("baseline", 0, 0), ("SAFR", 1, 1)])
        {
            using var trained = experiment.Train(new ExperimentArm(name, imp, inter, seed), cancellationToken: cancellationToken, steps: p =>
            {
                if (progress is not null) progress(name, p);
                else if (p.EpochDone is { } e) log?.Invoke($"{name}: {e}");
            });
            var scores = experiment.Evaluate(trained).Test;
            results.Add(new DemoArm(name, imp, inter, scores.Accuracy, scores.Polysemanticity,
                PlantedPrecision.AtK(trained.Trainer.Model, experiment.Vocabulary, data.Test, planted.IsPlanted, maxLength),
                scores.Interaction.Value, trained.Training));
        }
        return new DemoResult(results, planted, experiment.ModelConfig, watch.Elapsed.TotalSeconds);
    }
}
