using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Serialization;
using Safr.Kit.Training;

namespace Safr.Kit.Runs;

/// <summary>
/// What a finished run is: the <see cref="RunSpec"/> that made it, its whole evaluation on the test split (accuracy,
/// polysemanticity by importance, L_inter, and every attribution's faithfulness curve) and its training (every epoch).
/// <c>safr train</c>, <see cref="Experiment"/>, sweep cells and the demo all produce it; tables, DataFrames, CSV, summaries
/// with paired tests and figures are built from a list of them (<c>Safr.Kit.Tables.RunRecords</c>). A run folder keeps
/// its record as record.json (<see cref="RunFolder.RecordFile"/>), written last and atomically.
/// </summary>
/// <param name="Spec">The run, with the SST-2 source its data really came from.</param>
/// <param name="Test">The evaluation on the test split (<see cref="Evaluator"/>).</param>
/// <param name="Training">How training went, epoch by epoch.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record RunRecord(RunSpec Spec, Evaluation Test, TrainingResult Training)
{
    /// <summary>The run's name in tables and figures (<see cref="RunSpec.DisplayName"/>).</summary>
    public string Name => Spec.DisplayName;

    public double TestAccuracy => Test.Accuracy;

    /// <summary>Wall time of training (every epoch, across resumes) plus evaluation, in seconds.</summary>
    public double Seconds { get; init; }

    /// <summary>The run folder (relative to a results folder once merged), or null for a run kept in memory.</summary>
    public string? RunFolder { get; init; }

    /// <summary>Which variant of the data this was (<see cref="TextDataset.Description"/>).</summary>
    public string? DatasetDescription { get; init; }

    /// <summary>The libtorch the run trained with, and the kit's source commit (null outside a checkout).</summary>
    public string? LibTorchVersion { get; init; }

    public string? SourceCommit { get; init; }

    /// <summary>The record of a run trained and scored now, with this build's provenance.</summary>
    public static RunRecord Of(RunSpec spec, Evaluation test, TrainingResult training, double seconds, TextDataset? data = null) =>
        new(spec, test, training)
        {
            Seconds = seconds, RunFolder = training.RunFolder, DatasetDescription = data?.Description,
            LibTorchVersion = BuildInfo.LibTorchVersion, SourceCommit = BuildInfo.SourceCommit,
        };

    /// <summary>
    /// Writes the record into <paramref name="run"/> (record.json, last and atomically: the run is then finished) and
    /// the test accuracy into its final model's manifest.
    /// </summary>
    public void SaveTo(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        Directory.CreateDirectory(run.Path);
        var final = run.FinalModel;
        if (File.Exists(Path.Combine(final, Checkpoint.ManifestFile)))
            Checkpoint.WriteManifest(final, Checkpoint.ReadManifest(final) with { TestAccuracy = TestAccuracy });
        Write(run.RecordFile);
    }

    /// <summary>The record of the finished run in <paramref name="run"/>.</summary>
    public static RunRecord ReadFrom(RunFolder run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return File.Exists(run.RecordFile) ? Read(run.RecordFile)
            : throw new InputException($"{run.RecordFile}: not found; the run has not finished");
    }

    public string ToJson() => JsonSerializer.Serialize(this, RunSpec.Json);

    /// <summary>Writes the record to <paramref name="path"/> atomically (readers see no file or the whole one).</summary>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(this, RunSpec.Json));

    /// <summary>Reads a record file; a file that is not one fails with its path and line.</summary>
    public static RunRecord Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new InputException($"{path}: no such run record");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>A record from its JSON; <paramref name="file"/> (and <paramref name="line"/>, for one line of a JSON Lines file) name it in errors.</summary>
    public static RunRecord Parse(ReadOnlySpan<byte> json, string file, int line = 0)
    {
        try
        {
            var record = JsonSerializer.Deserialize<RunRecord>(json, RunSpec.Json);
            return record is { Spec: not null, Test: not null, Training: not null } ? record
                : throw new DataFormatException(file, Math.Max(line, 1), "not a run record (it lacks spec, test or training)");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(file, line > 0 ? line : (int)(e.LineNumber ?? 0) + 1, $"not a run record: {e.Message}", e);
        }
    }

    public override string ToString() => $"{Name} (seed {Spec.Seed}): {Test.Accuracy:P2} test accuracy, {Training}";
}
