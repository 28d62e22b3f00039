using System.Diagnostics;
using Safr.Kit.Data;
using Safr.Kit.Tests.Data;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>Checkpoint folders: round trip, provenance in the manifest, atomic replacement, and errors naming the file.</summary>
[Collection("KitGlobalState")]
public class CheckpointTests
{
    [Fact]
    public void AnEpochCheckpointRoundTripsAndRecordsItsProvenance()
    {
        using var folder = new TempFolder();
        using var trainer = TinyRun.Trainer(TinyRun.Options(folder.Path) with { MaxEpochs = 1 });
        trainer.Fit(TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev);
        var checkpoint = new RunFolder(folder.Path).LatestCheckpoint()!;
        Assert.True(File.Exists(Path.Combine(checkpoint, Checkpoint.OptimizerFile)));

        var loaded = Checkpoint.Load(checkpoint);
        var m = loaded.Manifest;
        Assert.Equal(trainer.Model.Config, m.Config);
        Assert.Equal(TinyRun.Vocabulary.Tokens, loaded.Vocabulary.Tokens);
        Assert.Equal(3, m.Seed);
        Assert.Equal(1, m.Epoch);
        Assert.Equal(1.0, m.Options.LambdaImportance);
        Assert.Equal(__version__, m.LibTorchVersion);
        Assert.Single(m.History);
        Assert.Equal(GitHead(), m.SourceCommit);
        Assert.True(TinyRun.SameWeights(TinyRun.Weights(trainer.Model), TinyRun.Weights(loaded.Model)));
        using (no_grad())
        {
            loaded.Model.eval();
            trainer.Model.eval();
            var ids = tensor(new long[] { 2, 3, 4, 0 }, [1, 4]);
            Assert.True(trainer.Model.call(ids).Logits.EqualTo(loaded.Model.call(ids).Logits));
        }
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(checkpoint)!, ".*"));
    }

    [Fact]
    public void SavingOverAFolderReplacesItWhole()
    {
        using var folder = new TempFolder();
        using var trainer = TinyRun.Trainer(TinyRun.Options());
        var target = Path.Combine(folder.Path, "ckpt");
        Checkpoint.Save(target, trainer.Model, trainer.Manifest(1), null);
        File.WriteAllText(Path.Combine(target, "stale.txt"), "from an older checkpoint");
        Checkpoint.Save(target, trainer.Model, trainer.Manifest(2), null);
        Assert.False(File.Exists(Path.Combine(target, "stale.txt")));
        Assert.Equal(2, Checkpoint.ReadManifest(target).Epoch);
        Assert.Equal(["ckpt"], Directory.GetDirectories(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void AMissingOrBrokenCheckpointIsAnErrorNamingTheFile()
    {
        using var folder = new TempFolder();
        var missing = Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(folder.Path));
        Assert.Contains(Checkpoint.ManifestFile, missing.Message);

        var manifest = folder.Write(Checkpoint.ManifestFile, "{\n  \"format\": \"safr-checkpoint\",\n  \"epoch\": oops\n}");
        var broken = Assert.Throws<DataFormatException>(() => Checkpoint.Load(folder.Path));
        Assert.Equal(manifest, broken.FilePath);
        Assert.Equal(3, broken.Line);

        using var trainer = TinyRun.Trainer(TinyRun.Options());
        var target = Path.Combine(folder.Path, "ckpt");
        Checkpoint.Save(target, trainer.Model, trainer.Manifest(1) with { Config = trainer.Model.Config with { DFf = 8 } }, null);
        var shape = Assert.Throws<DataFormatException>(() => Checkpoint.Load(target));
        Assert.Contains(Checkpoint.ModelFile, shape.Message);
    }

    /// <summary>The commit of the checkout the tests were built from (null outside git).</summary>
    private static string? GitHead()
    {
        var root = SharedFolder.RepositoryRoot;
        // .git is a folder in a clone and a file in a linked worktree (git worktree add).
        var dotGit = Path.Combine(root, ".git");
        if (!Directory.Exists(dotGit) && !File.Exists(dotGit)) return null;
        using var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "rev-parse", "HEAD"]) { RedirectStandardOutput = true })!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? head : null;
    }
}
