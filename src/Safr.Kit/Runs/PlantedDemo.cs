using System.Diagnostics;
using System.Globalization;
using System.Text;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Metrics;
using Safr.Kit.Model;
using Safr.Kit.Training;

namespace Safr.Kit.Runs;

/// <summary>The demo's result: a run record per arm, VMASK's precision@k against the planted tokens, and the task they ran on.</summary>
/// <param name="Runs">One record per arm, in order.</param>
/// <param name="PrecisionAtK">Each arm's VMASK precision@k against the planted tokens (<see cref="PlantedPrecision"/>).</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record DemoResult(IReadOnlyList<RunRecord> Runs, IReadOnlyList<double> PrecisionAtK, PlantedTask Task, SafrTransformerConfig Config, double Seconds)
{
    /// <summary>The comparison as an aligned text table.</summary>
    public string ToTable()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"model",-22} {"test acc",9} {"poly(imp)",10} {"poly(other)",12} {"imp tokens",11} {"prec@k",7} {"L_inter",8} {"epochs",7}");
        for (var i = 0; i < Runs.Count; i++)
        {
            var (r, p) = (Runs[i], Runs[i].Test.Polysemanticity);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{r.Name,-22} {r.TestAccuracy,9:P2} {p.Important,10:F4} {p.Other,12:F4} {p.ImportantTokens,11} {PrecisionAtK[i],7:F3} {r.Test.Interaction.Value,8:F4} {r.Training.Epochs,7}");
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

    /// <summary>The run every arm of the demo shares: the small model, learning rate 1e-3, texts as long as the task's longest, no ERASER (precision@k instead).</summary>
    public static RunSpec Spec(PlantedTask task, int maxEpochs = 12) => new()
    {
        Architecture = ModelConfig(2, task.Dataset.NumClasses, task.Options.LongestText), MaxLength = task.Options.LongestText,
        LearningRate = 1e-3, Epochs = maxEpochs,
        FaithfulnessExamples = 0,  // the demo's ground truth is the planted tokens: precision@k
    };

    /// <param name="arms">The arms; default: baseline (0, 0) and SAFR (1, 1), with <paramref name="seed"/>.</param>
    /// <param name="log">The task's description, and each arm's finished epochs ("SAFR: epoch 2: ...") unless
    /// <paramref name="progress"/> is given.</param>
    /// <param name="progress">Every step and epoch of each arm, with the arm's name (for progress bars); when
    /// given, finished epochs are reported here only.</param>
    public static DemoResult Run(PlantedTaskOptions? task = null, int seed = 0, int maxEpochs = 12,
        IReadOnlyList<ExperimentArm>? arms = null, Action<string>? log = null, CancellationToken cancellationToken = default,
        Action<string, TrainingProgress>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var planted = PlantedTask.Generate(task ?? new PlantedTaskOptions { Seed = seed });
        var data = planted.Dataset;
        var experiment = new Experiment(data, Spec(planted, maxEpochs));
        log?.Invoke(data.ToString());
        var records = new List<RunRecord>();
        var precision = new List<double>();
        foreach (var arm in arms ?? [ExperimentArm.Baseline(seed), ExperimentArm.Safr(seed)])
        {
            using var trained = experiment.Train(arm, cancellationToken: cancellationToken, steps: p =>
            {
                if (progress is not null) progress(arm.Name, p);
                else if (p.EpochDone is { } e) log?.Invoke($"{arm.Name}: {e}");
            });
            records.Add(experiment.Evaluate(trained));
            precision.Add(PlantedPrecision.AtK(trained.Trainer.Model, experiment.Vocabulary, data.Test, planted.IsPlanted, experiment.MaxLength));
        }
        return new DemoResult(records, precision, planted, experiment.ModelConfig, watch.Elapsed.TotalSeconds);
    }
}
