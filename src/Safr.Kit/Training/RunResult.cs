using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Serialization;

namespace Safr.Kit.Training;

/// <summary>A finished run's summary, written as result.json in the run folder (atomically).</summary>
[Safr.Kit.Display.TypeFormatterSource(typeof(Safr.Kit.Display.SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record RunResult(
    string Dataset, string DatasetDescription, TrainingOptions Options, int Epochs, int BestEpoch, double BestDevAccuracy,
    int ModelEpoch, bool StoppedEarly, double TestAccuracy, double SecondsPerEpoch, IReadOnlyList<EpochRecord> History,
    string LibTorchVersion, string? SourceCommit)
{
    public const string FileName = "result.json";

    /// <summary>Writes result.json and records the test accuracy in the final model's manifest.</summary>
    public static RunResult Write(string runFolder, SafrTrainer trainer, TrainingResult result, double testAccuracy, TextDataset data)
    {
        var summary = new RunResult(data.Name, data.Description, trainer.Options, result.Epochs, result.BestEpoch, result.BestDevAccuracy,
            result.ModelEpoch, result.StoppedEarly, testAccuracy, result.SecondsPerEpoch, result.History, BuildInfo.LibTorchVersion, BuildInfo.SourceCommit);
        Directory.CreateDirectory(runFolder);
        AtomicFile.WriteAllBytes(Path.Combine(runFolder, FileName), JsonSerializer.SerializeToUtf8Bytes(summary, CheckpointManifest.Json));
        var final = SafrTrainer.FinalModelFolder(runFolder);
        if (File.Exists(Path.Combine(final, Checkpoint.ManifestFile)))
            Checkpoint.WriteManifest(final, Checkpoint.ReadManifest(final) with { TestAccuracy = testAccuracy });
        return summary;
    }
}
