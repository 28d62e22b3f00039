using System.Text.Json;
using System.Text.Json.Nodes;
using Safr.Kit.Serialization;
using Safr.Kit.Tests.Data;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Training;

/// <summary>
/// A run folder written by the kit before it moved to TorchSharp (commit 24aa59a, its own libtorch 1.13 binding):
/// TinyRun's task trained for 2 epochs, with the logits its final model gave for three test texts. It must still
/// load to the same model, and resume with its optimizer state.
/// </summary>
public sealed class PreTorchSharpRunTests
{
    private static string Fixture => Path.Combine(Checkout.RepositoryRoot, "tests", "Safr.Kit.Tests", "Fixtures", "pre-torchsharp-run");

    [Fact]
    public void TheOldFinalModelLoadsAndGivesTheSameLogits()
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixture, "expected.json")))!;
        var ids = expected["input_ids"]!.AsArray().Select(row => row!.AsArray().Select(v => (long)v!).ToArray()).ToArray();
        var logits = expected["logits"]!.AsArray().Select(row => row!.AsArray().Select(v => (float)v!).ToArray()).ToArray();
        Assert.Equal(3, ids.Length);

        var loaded = Checkpoint.Load(new RunFolder(Fixture).FinalModel);
        using var model = loaded.Model;
        Assert.Equal(46, loaded.Vocabulary.Count);
        model.eval();
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = tensor(ids.SelectMany(r => r).ToArray(), [ids.Length, ids[0].Length]);
        var got = model.call(input).Logits.data<float>().ToArray();
        for (var i = 0; i < ids.Length; i++)
            for (var c = 0; c < 2; c++)
                Assert.True(Math.Abs(got[i * 2 + c] - logits[i][c]) <= 1e-5f * Math.Max(1, Math.Abs(logits[i][c])),
                    $"text {i} class {c}: {got[i * 2 + c]:R} now, {logits[i][c]:R} before the move (libtorch 1.13 then, 2.10 now)");
    }

    [Fact]
    public void TheOldRunResumesWithItsOptimizerStateAndTrainsOn()
    {
        using var folder = new TempFolder();
        var run = Path.Combine(folder.Path, "run");
        foreach (var file in Directory.GetFiles(Fixture, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(run, Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        // One more epoch than the run had: resume must continue from epoch 2's weights and Adam moments.
        var manifestPath = Path.Combine(run, "checkpoints", "epoch-002", Checkpoint.ManifestFile);
        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        manifest["options"]!["maxEpochs"] = 3;
        File.WriteAllText(manifestPath, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        using var trainer = new RunFolder(run).Resume();
        Assert.Equal(2, trainer.CompletedEpochs);
        using (var scope = NewDisposeScope())
        {
            var saved = SafeTensors.Load(Path.Combine(run, "checkpoints", "epoch-002", Checkpoint.OptimizerFile));
            var restored = AdamState.ToTensors(trainer.Optimizer);
            Assert.Equal(12.0, restored["state.0.step"].item<double>());  // 6 batches x 2 epochs
            var moments = saved.Keys.Where(k => k.StartsWith("state.", StringComparison.Ordinal) && !k.EndsWith(".step", StringComparison.Ordinal)).ToArray();
            Assert.Equal(2 * 23, moments.Length);  // exp_avg and exp_avg_sq of each of the 23 parameters
            foreach (var key in moments)
                Assert.True(restored[key].EqualTo(saved[key]), $"{key} was not restored");
        }
        var result = new RunFolder(run).Fit(trainer, TinyRun.Task.Dataset.Train, TinyRun.Task.Dataset.Dev);
        Assert.Equal(3, result.History.Count);
        Assert.Equal(3, result.History[^1].Epoch);
    }
}
