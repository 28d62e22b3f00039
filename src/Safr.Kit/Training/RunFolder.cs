using System.Globalization;
using Safr.Kit.Data;
using Safr.Kit.Serialization;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>
/// One training run's folder, and the one place that knows its layout. Every command goes through it, and a run
/// kept on disk trains through it: <see cref="Fit"/> checkpoints a <see cref="SafrTrainer"/> every epoch and
/// <see cref="Resume"/> continues from the latest checkpoint.
/// <code>
/// runs/sst2-imp1-inter1-seed0/
///   checkpoints/epoch-NNN/   each epoch's checkpoint (model, optimizer state, manifest.json); the newest and the best are kept
///   model/                   the final model: the weights the run tested, and its manifest.json
///   spec.json                the run's description (RunSpec), written when it starts
///   record.json              the run's record (RunRecord: spec, evaluation, training), written last
///   probe/                   allocation reports of `safr probe`
///   run.lock                 held by the one process training here (RunLock)
/// </code>
/// </summary>
public sealed class RunFolder
{
    private const string CheckpointsName = "checkpoints";
    private const string EpochPrefix = "epoch-";

    public RunFolder(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>Where the epoch checkpoints go.</summary>
    public string Checkpoints => Combine(CheckpointsName);

    /// <summary>The final model's checkpoint folder, written when training ends.</summary>
    public string FinalModel => Combine("model");

    /// <summary>The run's description (<c>Safr.Kit.Runs.RunSpec</c>), written when it starts: what a resume continues.</summary>
    public string SpecFile => Combine("spec.json");

    /// <summary>The run's record (<c>Safr.Kit.Runs.RunRecord</c>), written last.</summary>
    public string RecordFile => Combine("record.json");

    /// <summary>Where runs finished before run records existed kept their summary; such a run counts as finished.</summary>
    public string LegacyResultFile => Combine("result.json");

    /// <summary>Where <c>safr probe</c> writes its reports for this run's model.</summary>
    public string ProbeFolder => Combine("probe");

    /// <summary>Whether a run was started here: it has a complete epoch checkpoint or a result.</summary>
    public bool HoldsRun => LatestCheckpoint() is not null || IsFinished;

    /// <summary>Whether the run finished: its record.json (or, from before records, its result.json) exists.</summary>
    public bool IsFinished => File.Exists(RecordFile) || File.Exists(LegacyResultFile);

    /// <summary>The checkpoint folder of epoch <paramref name="epoch"/> (1-based).</summary>
    public string EpochCheckpoint(int epoch)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epoch, 1);
        return System.IO.Path.Combine(Checkpoints, string.Create(CultureInfo.InvariantCulture, $"{EpochPrefix}{epoch:D3}"));
    }

    /// <summary>The newest complete epoch checkpoint (one with its manifest), or null.</summary>
    public string? LatestCheckpoint() =>
        CompleteEpochs().OrderByDescending(e => e.Epoch).Select(e => e.Folder).FirstOrDefault();

    /// <summary>Deletes every epoch checkpoint except those of <paramref name="keep"/> (each removal atomic, see <see cref="Checkpoint.Delete"/>).</summary>
    public void PruneCheckpoints(params int[] keep)
    {
        if (!Directory.Exists(Checkpoints)) return;
        var kept = keep.Where(e => e > 0).Select(EpochCheckpoint).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in Directory.GetDirectories(Checkpoints, EpochPrefix + "*"))
            if (!kept.Contains(dir)) Checkpoint.Delete(dir);
    }

    /// <summary>Removes what an interrupted checkpoint write or delete left behind, in the run folder and among its checkpoints.</summary>
    public void RemoveLeftovers()
    {
        Checkpoint.RemoveLeftovers(Path);
        Checkpoint.RemoveLeftovers(Checkpoints);
    }

    /// <summary>Takes the run's lock: one process trains in a run folder at a time.</summary>
    public RunLock Lock() => RunLock.Acquire(Path);

    /// <summary>
    /// A trainer that continues this run from its latest complete epoch checkpoint: the model with its weights, the
    /// optimizer's state, the history, the early-stopping counters and the best state, so that <see cref="Fit"/> runs
    /// the remaining epochs exactly as the uninterrupted run would have.
    /// </summary>
    /// <param name="tokenizer">Only for a run whose tokenizer is not built in: that tokenizer (see <see cref="Checkpoint.Load"/>).</param>
    public SafrTrainer Resume(Device? device = null, ITextTokenizer? tokenizer = null)
    {
        var latest = LatestCheckpoint()
            ?? throw new FileNotFoundException($"{Checkpoints}: no complete epoch checkpoint to resume from");
        var loaded = Checkpoint.Load(latest, device, tokenizer);
        var m = loaded.Manifest;
        SafrTrainer? trainer = null;
        try
        {
            trainer = new SafrTrainer(loaded.Model, loaded.Vocabulary, m.Options);
            Checkpoint.LoadOptimizer(latest, trainer.Optimizer, device);
            // The best epoch's weights come from its checkpoint, which pruning keeps.
            trainer.Restore(m.History, m.BestEpoch, m.BestDevAccuracy, m.EpochsWithoutImprovement,
                m.BestEpoch > 0 ? LoadWeights(EpochCheckpoint(m.BestEpoch), device) : null);
            return trainer;
        }
        catch
        {
            trainer?.Dispose();
            loaded.Model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Trains <paramref name="trainer"/> (a new one, or one from <see cref="Resume"/>) as <see cref="SafrTrainer.Fit"/>
    /// does, keeping the run here: it holds the folder's lock, removes what an interrupted checkpoint write left, writes
    /// an epoch checkpoint (with the optimizer's state) after every epoch and keeps only the newest and the best one,
    /// and at the end writes the final model. A run is never continued on train/dev data other than its checkpoint
    /// records. A crash or a cancel loses only the epoch in progress.
    /// </summary>
    public TrainingResult Fit(SafrTrainer trainer, IReadOnlyList<TextExample> train, IReadOnlyList<TextExample> dev,
        Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(dev);
        var fingerprint = DataFingerprint.Of(train, dev);
        if (FingerprintContinuedBy(trainer) is { } recorded && recorded != fingerprint)
            throw new InvalidOperationException("this run was started on other train/dev data (the fingerprints differ); resume it with the data it was started on");

        // One process per run folder; what an interrupted checkpoint write left behind goes.
        using var runLock = Lock();
        RemoveLeftovers();
        var result = trainer.Loop(train, dev, progress, cancellationToken, epochFinished: epoch =>
        {
            var manifest = trainer.Manifest(epoch) with { DataFingerprint = fingerprint };
            Checkpoint.Save(EpochCheckpoint(epoch), trainer.Model, manifest, trainer.Optimizer);
            // Keep the newest checkpoint (to resume) and the best one (to restore); older ones go.
            PruneCheckpoints(epoch, manifest.BestEpoch);
        });
        Checkpoint.Save(FinalModel, trainer.Model, trainer.Manifest(result.ModelEpoch) with { DataFingerprint = fingerprint });
        return result with { RunFolder = Path };
    }

    /// <summary>
    /// The checkpoint a path names: a run folder means its final model; a checkpoint folder (with a
    /// manifest.json) means itself.
    /// </summary>
    public static string ResolveModel(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!Directory.Exists(full)) throw new InputException($"{full}: no such folder");
        if (File.Exists(System.IO.Path.Combine(full, Checkpoint.ManifestFile))) return full;
        var run = new RunFolder(full);
        if (File.Exists(System.IO.Path.Combine(run.FinalModel, Checkpoint.ManifestFile))) return run.FinalModel;
        throw new InputException(run.LatestCheckpoint() is { } latest
            ? $"{full}: the run has no final model yet (it stopped after {System.IO.Path.GetFileName(latest)}); resume it with `safr train --resume --out {full}`, or name the checkpoint folder {latest}"
            : $"{full}: neither a run folder with a final model (model/manifest.json) nor a checkpoint folder (manifest.json)");
    }

    /// <summary>The run folder a checkpoint belongs to: a run's final model or epoch checkpoint, else null.</summary>
    public static RunFolder? Containing(string checkpointFolder)
    {
        var full = System.IO.Path.GetFullPath(checkpointFolder).TrimEnd(System.IO.Path.DirectorySeparatorChar);
        var parent = System.IO.Path.GetDirectoryName(full);
        if (parent is null) return null;
        if (new RunFolder(parent) is var run && run.FinalModel == full) return run;
        return System.IO.Path.GetDirectoryName(parent) is { } above && new RunFolder(above) is var owner && owner.Checkpoints == parent ? owner : null;
    }

    public override string ToString() => Path;

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// The data fingerprint of the checkpoint <paramref name="trainer"/> continues (the one of its last finished epoch);
    /// null for a trainer that starts the run, or a checkpoint from before fingerprints.
    /// </summary>
    private string? FingerprintContinuedBy(SafrTrainer trainer) =>
        trainer.CompletedEpochs > 0 && EpochCheckpoint(trainer.CompletedEpochs) is var continued
        && File.Exists(System.IO.Path.Combine(continued, Checkpoint.ManifestFile))
            ? Checkpoint.ReadManifest(continued).DataFingerprint
            : null;

    private static Dictionary<string, Tensor> LoadWeights(string checkpoint, Device? device)
    {
        using var scope = NewDisposeScope();
        var weights = SafeTensors.Load(System.IO.Path.Combine(checkpoint, Checkpoint.ModelFile), device);
        scope.Detach([.. weights.Values]);
        return weights;
    }

    private IEnumerable<(string Folder, int Epoch)> CompleteEpochs()
    {
        if (!Directory.Exists(Checkpoints)) return [];
        return Directory.GetDirectories(Checkpoints, EpochPrefix + "*")
            .Where(d => File.Exists(System.IO.Path.Combine(d, Checkpoint.ManifestFile)))
            .Select(d => (Folder: d, Epoch: int.TryParse(System.IO.Path.GetFileName(d)[EpochPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : -1))
            .Where(x => x.Epoch > 0);
    }
}
