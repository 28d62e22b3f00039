using System.Diagnostics;
using Safr.Kit.Data;
using Safr.Kit.Tests.Data;
using Safr.Kit.Model;
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
        using var trainer = TinyRun.Trainer(TinyRun.Options() with { MaxEpochs = 1 });
        TinyRun.Fit(folder.Path, trainer);
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
    public void TheManifestRecordsTheTokenizerAndTheModelReloadsWithIt()
    {
        using var folder = new TempFolder();
        var gpt2 = Vocabulary.Build(TinyRun.Task.Dataset.Train, tokenizer: TextTokenizers.Gpt2);
        var config = RunMode.Paper.Configure(Safr.Kit.Tests.Model.TinyModel.Config(vocabSize: gpt2.Count, maxSeqLength: 10, dModel: 16));
        using var trainer = new SafrTrainer(SafrTrainer.CreateModel(config, seed: 0), gpt2, TinyRun.Options());
        var target = Path.Combine(folder.Path, "gpt2");
        Checkpoint.Save(target, trainer.Model, trainer.Manifest(1));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(target, Checkpoint.ManifestFile)))!;
        Assert.Equal("gpt2", (string?)json["vocabulary"]!["tokenizer"]);

        var loaded = Checkpoint.Load(target);
        using (loaded.Model)
        {
            Assert.Same(TextTokenizers.Gpt2, loaded.Vocabulary.Tokenizer);
            Assert.Equal(gpt2.Keys, loaded.Vocabulary.Keys);
            Assert.Equal(gpt2.Tokens, loaded.Vocabulary.Tokens);
            Assert.Equal(gpt2.Encode("cue1_2 w5 w9"), loaded.Vocabulary.Encode("cue1_2 w5 w9"));
        }
        // Handing over a tokenizer is for ones that are not built in, and it must be the recorded one.
        Assert.Contains("'gpt2' tokenizer, not 'whitespace'", Assert.Throws<ArgumentException>(() => Checkpoint.Load(target, tokenizer: TextTokenizers.Whitespace)).Message);
        json["vocabulary"]!["tokenizer"] = "mine";
        File.WriteAllText(Path.Combine(target, Checkpoint.ManifestFile), json.ToJsonString());
        Assert.Contains("'mine' tokenizer, which is not built in", Assert.Throws<InputException>(() => Checkpoint.Load(target)).Message);
        Checkpoint.Load(target, tokenizer: new SubwordTokenizer("mine", TextTokenizers.Gpt2.Tokenizer)).Model.Dispose();

        // A whitespace model says so; a manifest from before the field is whitespace.
        using var words = TinyRun.Trainer(TinyRun.Options());
        Assert.Equal("whitespace", words.Manifest(1).Vocabulary.Tokenizer);
        json = System.Text.Json.Nodes.JsonNode.Parse(words.Manifest(1).ToJson())!;
        json["vocabulary"]!.AsObject().Remove("tokenizer");
        Checkpoint.Save(target, words.Model, System.Text.Json.JsonSerializer.Deserialize<CheckpointManifest>(json.ToJsonString(), CheckpointManifest.Json)!);
        Assert.Null(Checkpoint.ReadManifest(target).Vocabulary.Tokenizer);
        var old = Checkpoint.Load(target);
        using (old.Model) Assert.Same(WhitespaceTokenizer.Instance, old.Vocabulary.Tokenizer);
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
        var root = Checkout.RepositoryRoot;
        // .git is a folder in a clone and a file in a linked worktree (git worktree add).
        var dotGit = Path.Combine(root, ".git");
        if (!Directory.Exists(dotGit) && !File.Exists(dotGit)) return null;
        using var git = Process.Start(new ProcessStartInfo("git", ["-C", root, "rev-parse", "HEAD"]) { RedirectStandardOutput = true })!;
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? head : null;
    }
}
