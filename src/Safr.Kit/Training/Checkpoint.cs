using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Optim;
using TorchSharp;
using TorchSharp.Modules;
using Safr.Kit.Serialization;
using static TorchSharp.torch;

namespace Safr.Kit.Training;

/// <summary>A checkpoint read back: the model (weights loaded), its vocabulary and manifest.</summary>
public sealed record LoadedCheckpoint(SafrTransformer Model, Vocabulary Vocabulary, CheckpointManifest Manifest, string Folder);

/// <summary>
/// A checkpoint is a folder: model.safetensors (the state_dict under the release's names), optionally
/// optimizer.safetensors, and manifest.json. A folder is written whole or not at all: the files go to a
/// staging folder beside it, which is then renamed into place, so a crash never leaves half a checkpoint.
/// </summary>
public static class Checkpoint
{
    public const string ModelFile = "model.safetensors";
    public const string OptimizerFile = "optimizer.safetensors";
    public const string ManifestFile = "manifest.json";

    /// <summary>Writes <paramref name="folder"/> atomically, replacing an existing checkpoint there.</summary>
    public static void Save(string folder, SafrTransformer model, CheckpointManifest manifest, FusedAdam? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(manifest);
        folder = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(folder) ?? throw new ArgumentException($"{folder} has no parent folder", nameof(folder));
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(folder)}.staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            using (NewDisposeScope())
            {
                var metadata = new Dictionary<string, string> { ["format"] = CheckpointManifest.FormatName, ["epoch"] = manifest.Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                SafeTensors.Save(model.state_dict(), Path.Combine(staging, ModelFile), metadata);
                if (optimizer is not null) SafeTensors.Save(AdamState.ToTensors(optimizer), Path.Combine(staging, OptimizerFile));
            }
            // The manifest goes last: a staging folder with a manifest is complete.
            WriteManifest(staging, manifest);
            FaultInjection.Pause(FaultInjection.CheckpointStaged);
            if (Directory.Exists(folder))
            {
                // Move the old one aside first: a rename over a non-empty folder is not possible.
                var old = Path.Combine(parent, $".{Path.GetFileName(folder)}.old-{Guid.NewGuid():N}");
                Directory.Move(folder, old);
                FaultInjection.Pause(FaultInjection.CheckpointReplacing);
                Directory.Move(staging, folder);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(staging, folder);
            }
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// Deletes a checkpoint folder so that no crash leaves half of one that looks complete: it is first renamed to a
    /// hidden name (one atomic step), then deleted.
    /// </summary>
    public static void Delete(string folder)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        var doomed = Path.Combine(parent, $".{Path.GetFileName(folder)}.delete-{Guid.NewGuid():N}");
        Directory.Move(folder, doomed);
        Directory.Delete(doomed, recursive: true);
    }

    /// <summary>Removes what an interrupted save or delete left in <paramref name="parent"/> (hidden staging, old and delete folders).</summary>
    public static void RemoveLeftovers(string parent)
    {
        if (!Directory.Exists(parent)) return;
        foreach (var dir in Directory.GetDirectories(parent, ".*"))
        {
            var name = Path.GetFileName(dir);
            if (name.Contains(".staging-", StringComparison.Ordinal) || name.Contains(".old-", StringComparison.Ordinal) || name.Contains(".delete-", StringComparison.Ordinal))
                Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Writes (or atomically replaces) <paramref name="folder"/>'s manifest.json.</summary>
    public static void WriteManifest(string folder, CheckpointManifest manifest) =>
        AtomicFile.WriteAllBytes(Path.Combine(folder, ManifestFile), JsonSerializer.SerializeToUtf8Bytes(manifest, CheckpointManifest.Json));

    /// <summary>Reads a checkpoint's manifest; a missing or malformed file is an error naming it.</summary>
    public static CheckpointManifest ReadManifest(string folder)
    {
        var path = Path.Combine(folder, ManifestFile);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found; a checkpoint folder holds {ModelFile} and {ManifestFile}", path);
        CheckpointManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(File.ReadAllBytes(path), CheckpointManifest.Json);
        }
        catch (JsonException e)
        {
            // System.Text.Json's message can quote the rest of the file; its first line says what is wrong.
            throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a checkpoint manifest: {e.Message.Split('\n')[0].Trim()}", e);
        }
        if (manifest is null || manifest.Format != CheckpointManifest.FormatName)
            throw new DataFormatException(path, 1, $"not a checkpoint manifest (expected \"format\": \"{CheckpointManifest.FormatName}\")");
        if (manifest.Version != CheckpointManifest.FormatVersion)
            throw new DataFormatException(path, 1, $"checkpoint format version {manifest.Version} is not supported (this kit reads version {CheckpointManifest.FormatVersion})");
        return manifest;
    }

    /// <summary>
    /// Rebuilds the model from the manifest's config and loads its weights (strictly: every name must match), with
    /// the vocabulary and the tokenizer the manifest names.
    /// </summary>
    /// <param name="tokenizer">Only for a model trained with a tokenizer that is not built in (<see cref="TextTokenizers"/>): that tokenizer, under the recorded name.</param>
    public static LoadedCheckpoint Load(string folder, Device? device = null, ITextTokenizer? tokenizer = null)
    {
        folder = Path.GetFullPath(folder);
        var manifest = ReadManifest(folder);
        var weights = Path.Combine(folder, ModelFile);
        if (!File.Exists(weights)) throw new FileNotFoundException($"{weights}: not found (the manifest is there, the weights are not)", weights);
        // Outside the try below: a tokenizer that is not there or not the recorded one is no fault of the file.
        var modelTokenizer = TextTokenizers.Resolve(manifest.Vocabulary.Tokenizer, tokenizer);
        Vocabulary vocabulary;
        try
        {
            vocabulary = Vocabulary.FromTokenList(manifest.Vocabulary.Tokens, manifest.Vocabulary.MinFrequency, modelTokenizer);
        }
        catch (ArgumentException e)
        {
            throw new DataFormatException(Path.Combine(folder, ManifestFile), 1, $"its vocabulary is not valid: {e.Message}", e);
        }
        if (vocabulary.Count != manifest.Config.VocabSize)
            throw new DataFormatException(Path.Combine(folder, ManifestFile), 1, $"the vocabulary has {vocabulary.Count} tokens but the config says VocabSize {manifest.Config.VocabSize}");
        var model = new SafrTransformer(manifest.Config);
        if (manifest.Dtype == "float64") model.to(float64);
        if (device is not null) model.to(device);
        using (NewDisposeScope())
        {
            try
            {
                StateDict.Load(model, SafeTensors.Load(weights, device));
            }
            catch (ArgumentException e)
            {
                throw new DataFormatException(weights, 1, $"the weights do not fit the manifest's model: {e.Message}", e);
            }
        }
        return new LoadedCheckpoint(model, vocabulary, manifest, folder);
    }

    /// <summary>Restores the optimizer state saved beside the weights.</summary>
    public static void LoadOptimizer(string folder, FusedAdam optimizer, Device? device = null)
    {
        var path = Path.Combine(folder, OptimizerFile);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not found; only epoch checkpoints hold the optimizer state needed to resume", path);
        using (NewDisposeScope()) AdamState.Load(optimizer, SafeTensors.Load(path, device));
    }
}
