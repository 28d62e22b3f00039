using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Serialization;

namespace Safr.Kit.Training;

/// <summary>A finished run's summary, written as <see cref="RunFolder.ResultFile"/> (atomically, after everything else).</summary>
[Safr.Kit.Display.TypeFormatterSource(typeof(Safr.Kit.Display.SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record RunResult(
    string Dataset, string DatasetDescription, TrainingOptions Options, int Epochs, int BestEpoch, double BestDevAccuracy,
    int ModelEpoch, bool StoppedEarly, double TestAccuracy, double SecondsPerEpoch, IReadOnlyList<EpochRecord> History,
    string LibTorchVersion, string? SourceCommit)
{
    /// <summary>Writes the run folder's result.json and records the test accuracy in the final model's manifest.</summary>
    public static RunResult Write(RunFolder run, SafrTrainer trainer, TrainingResult result, double testAccuracy, TextDataset data)
    {
        ArgumentNullException.ThrowIfNull(run);
        var summary = new RunResult(data.Name, data.Description, trainer.Options, result.Epochs, result.BestEpoch, result.BestDevAccuracy,
            result.ModelEpoch, result.StoppedEarly, testAccuracy, result.SecondsPerEpoch, result.History, BuildInfo.LibTorchVersion, BuildInfo.SourceCommit);
        Directory.CreateDirectory(run.Path);
        var final = run.FinalModel;
        if (File.Exists(Path.Combine(final, Checkpoint.ManifestFile)))
            Checkpoint.WriteManifest(final, Checkpoint.ReadManifest(final) with { TestAccuracy = testAccuracy });
        // Last: a run folder with a result is finished (RunFolder.IsFinished).
        AtomicFile.WriteAllBytes(run.ResultFile, JsonSerializer.SerializeToUtf8Bytes(summary, CheckpointManifest.Json));
        return summary;
    }

    /// <summary>Reads a finished run's result.json.</summary>
    public static RunResult Read(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!File.Exists(run.ResultFile)) throw new InputException($"{run.ResultFile}: not found; the run has not finished");
        try
        {
            return JsonSerializer.Deserialize<RunResult>(File.ReadAllBytes(run.ResultFile), CheckpointManifest.Json)
                ?? throw new DataFormatException(run.ResultFile, 1, "the file holds null, not a run result");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(run.ResultFile, (int)(e.LineNumber ?? 0) + 1, $"not a valid run result: {e.Message}", e);
        }
    }
}
