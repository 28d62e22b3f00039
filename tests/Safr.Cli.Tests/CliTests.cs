using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Safr.Kit;
using Safr.Kit.Analysis;
using Safr.Kit.Data;
using Safr.Kit.Display;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Cli.Tests;

/// <summary>The commands end to end, as a user runs them: exit codes, what they print, and the files they write.</summary>
public class CliTests
{
    [Fact]
    public void ParityPassesOnTheOfficialFixturesInBothPrecisions()
    {
        var run = SafrProcess.Run("parity", Checkout.OfficialFixtures);
        Assert.True(run.ExitCode == 0, run.ToString());
        using var report = JsonDocument.Parse(run.Output);
        Assert.Equal(2, report.RootElement.GetArrayLength());
        Assert.Contains("parity float64", run.Error);
        Assert.Contains("PASS", run.Error);
        Assert.DoesNotContain("FAIL", run.Error);
    }

    [Fact]
    public void ParityExitsOneWhenAFixtureIsWrong()
    {
        using var copy = new TempFolder("safr-cli-parity-");
        foreach (var file in Directory.GetFiles(Checkout.OfficialFixtures))
            File.Copy(file, copy[Path.GetFileName(file)]);
        // Change one expected scalar of the regularizers by 1%.
        var path = copy["regularizers.json"];
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
        json["polysemanticity_loss"] = json["polysemanticity_loss"]!.GetValue<double>() * 1.01;
        File.WriteAllText(path, json.ToJsonString());
        var run = SafrProcess.Run("parity", copy.Path);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("FAIL", run.Error);
    }

    [Fact]
    public void ParityOnAnEmptyFolderFailsNamingTheMissingFiles()
    {
        using var empty = new TempFolder("safr-cli-parity-empty-");
        var run = SafrProcess.Run("parity", empty.Path);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("missing fixture file(s)", run.Error);
        Assert.Contains("model.safetensors", run.Error);
        Assert.Contains("nothing was compared", run.Error);
        Assert.DoesNotContain("PASS", run.Error);
    }

    [Fact]
    public void TrainEvaluateAndProbeReportTheSavedModelAsRecomputedInProcess()
    {
        using var scratch = new TempFolder("safr-cli-run-");
        var runFolder = scratch["run"];
        // Unequal lambdas, so the logged losses tell which term each one weighted.
        var train = SafrProcess.Run("train", "--dataset", "sst2", "--imp", "0.5", "--inter", "2", "--seed", "0",
            "--epochs", "1", "--data-fraction", "0.2", "--mode", "fast", "--out", runFolder);
        Assert.True(train.ExitCode == 0, train.ToString());

        // The same data, the saved model, and its accuracy on the test split, all recomputed here with the CLI's
        // libtorch thread count, so that the same batches give the same logits bit for bit.
        Safr.Kit.Runtime.TorchSharpRuntime.EnsureLoaded();  // before torch's first use, as the CLI does
        TorchSharp.torch.set_num_threads(Environment.ProcessorCount);
        var data = Datasets.Load("sst2", new DatasetOptions { DataFolder = SafrProcess.DataFolder, AllowDownload = false, VerifyChecksums = false });
        // --data-fraction 0.2: a seeded fifth of every split (seed 0), as a notebook's or a sweep's RunSpec takes it.
        var sample = new Safr.Kit.Runs.RunSpec { DataFraction = 0.2 }.Sample(data);
        var loaded = Checkpoint.Load(new RunFolder(runFolder).FinalModel);
        using var model = loaded.Model;
        var o = loaded.Manifest.Options;
        Assert.Equal((0.5, 2.0, 0, 1, RunMode.Fast), (o.LambdaImportance, o.LambdaInteraction, o.Seed, o.MaxEpochs, o.Mode));
        Assert.Equal(Vocabulary.Build(sample.Train).Tokens, loaded.Vocabulary.Tokens);  // built from the sampled 20% only
        // train tests on its sample's test split; evaluate (below) on the whole one.
        var sampleAccuracy = Accuracy.Evaluate(model, new BatchIterator(sample.Test, loaded.Vocabulary, o.EvaluationBatchSize, o.MaxLength, o.Padding, shuffle: false).Epoch(0));
        var test = new BatchIterator(data.Test, loaded.Vocabulary, o.EvaluationBatchSize, o.MaxLength, o.Padding, shuffle: false);
        var accuracy = Accuracy.Evaluate(model, test.Epoch(0));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"training sst2 ({sample.Train.Count:N0} train, {sample.Dev.Count:N0} dev)"), train.Output);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"test accuracy {sampleAccuracy:P2} (model from epoch 1)"), train.Output);

        using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "record.json"))))
        {
            var root = result.RootElement;
            Assert.Equal(sampleAccuracy, root.GetProperty("test").GetProperty("accuracy").GetDouble());
            Assert.Equal(sample.Test.Count, root.GetProperty("test").GetProperty("examples").GetInt32());
            Assert.Equal((0.5, 2.0), (root.GetProperty("spec").GetProperty("lambdaImportance").GetDouble(), root.GetProperty("spec").GetProperty("lambdaInteraction").GetDouble()));
            var training = root.GetProperty("training");
            Assert.Equal(1, training.GetProperty("epochs").GetInt32());
            Assert.Equal(1, training.GetProperty("modelEpoch").GetInt32());
            var epoch = Assert.Single(training.GetProperty("history").EnumerateArray().ToArray());
            var (loss, ce, imp, inter) = (epoch.GetProperty("loss").GetDouble(), epoch.GetProperty("crossEntropy").GetDouble(),
                epoch.GetProperty("importance").GetDouble(), epoch.GetProperty("interaction").GetDouble());
            Assert.True(imp > 1e-2 && inter > 1e-3, $"L_imp {imp}, L_inter {inter}: too small to show their weights");
            Assert.True(Math.Abs(loss - (ce + 0.5 * imp + 2 * inter)) <= 1e-6 * loss, $"loss {loss:R} is not CE {ce:R} + 0.5 L_imp {imp:R} + 2 L_inter {inter:R}");
            Assert.Equal(loaded.Manifest.History[0].Loss, loss);
        }
        // The final model's manifest records the same test accuracy, for the epoch it holds.
        Assert.Equal(sampleAccuracy, loaded.Manifest.TestAccuracy);
        Assert.Equal(1, loaded.Manifest.Epoch);

        var again = SafrProcess.Run("train", "--dataset", "sst2", "--epochs", "1", "--out", runFolder);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Contains("--resume", again.Error);

        const int faithfulnessExamples = 8;
        var jsonPath = scratch["eval.json"];
        var evaluate = SafrProcess.Run("evaluate", runFolder, "--faithfulness-examples", faithfulnessExamples.ToString(CultureInfo.InvariantCulture), "--json", jsonPath);
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"sst2 Test: accuracy {accuracy:P2} ({data.Test.Count:N0} examples)"), evaluate.Output);
        using (var eval = JsonDocument.Parse(File.ReadAllText(jsonPath)))
        {
            var root = eval.RootElement;
            Assert.Equal(new RunFolder(runFolder).FinalModel, root.GetProperty("checkpoint").GetString());
            Assert.Equal(("sst2", "Test"), (root.GetProperty("dataset").GetString(), root.GetProperty("split").GetString()));
            Assert.Equal(accuracy, root.GetProperty("accuracy").GetDouble());

            // Every real token of the test split is scored once, as important or other.
            var poly = root.GetProperty("polysemanticity");
            var realTokens = data.Test.Sum(e => (long)loaded.Vocabulary.Encode(e.Text, o.MaxLength).Length);
            Assert.Equal(realTokens, poly.GetProperty("ImportantTokens").GetInt64() + poly.GetProperty("OtherTokens").GetInt64());
            Assert.Equal(realTokens, poly.GetProperty("Tokens").GetInt64());
            var interaction = root.GetProperty("interaction");
            Assert.Equal(data.Test.Count, interaction.GetProperty("Examples").GetInt64());
            Assert.Equal(test.Count, interaction.GetProperty("Batches").GetInt32());

            // Faithfulness: VMASK's and the random ranking's ERASER curves, as recomputed here from the saved model.
            var faithfulness = root.GetProperty("faithfulness");
            Assert.Equal(JsonValueKind.Object, faithfulness.ValueKind);
            var expected = Faithfulness.Evaluate(model, loaded.Vocabulary, data.Test, o.MaxLength, o.Mode, maxExamples: faithfulnessExamples);
            Assert.Equal(0, faithfulness.GetProperty("EmptySkipped").GetInt32());
            var curves = faithfulness.GetProperty("Curves").EnumerateArray().ToArray();
            Assert.Equal(["VMASK", "random"], curves.Select(c => c.GetProperty("Ranking").GetString()));
            foreach (var (curve, json) in expected.Curves.Zip(curves))
            {
                var name = curve.Ranking;
                Assert.Equal(curve.Ranking, json.GetProperty("Ranking").GetString());
                Assert.Equal(faithfulnessExamples, json.GetProperty("Examples").GetInt32());
                Assert.Equal(Faithfulness.EraserBins, Doubles(json.GetProperty("Bins")));
                AssertClose(curve.Comprehensiveness, Doubles(json.GetProperty("Comprehensiveness")), $"{name} comprehensiveness");
                AssertClose(curve.Sufficiency, Doubles(json.GetProperty("Sufficiency")), $"{name} sufficiency");
                Assert.Equal(Doubles(json.GetProperty("Comprehensiveness")).Average(), json.GetProperty("AopcComprehensiveness").GetDouble(), 12);
                Assert.Equal(Doubles(json.GetProperty("Sufficiency")).Average(), json.GetProperty("AopcSufficiency").GetDouble(), 12);
            }
        }

        const string text = "a gripping , funny and <b>bold</b> film";
        var probeFolder = scratch["probe"];
        var probe = SafrProcess.Run("probe", runFolder, text, "--out", probeFolder);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        AllocationReport report;
        using (var allocationProbe = new AllocationProbe(model)) report = allocationProbe.Run(loaded.Vocabulary, text);
        using (var allocation = JsonDocument.Parse(File.ReadAllText(Path.Combine(probeFolder, "allocation.json"))))
        {
            // Tokens as the model sees them: "<b>bold</b>" is out of vocabulary.
            var tokens = allocation.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToArray();
            Assert.Equal(loaded.Vocabulary.Encode(text).Select(id => loaded.Vocabulary[id]), tokens);
            Assert.Contains(Vocabulary.UnkToken, tokens);
            AssertClose(report.KeepProbability, Doubles(allocation.RootElement.GetProperty("keepProbability")), "keep probability");
            AssertClose(report.Polysemanticity, Doubles(allocation.RootElement.GetProperty("polysemanticity")), "polysemanticity");
        }
        // ... and escaped in the page.
        var html = File.ReadAllText(Path.Combine(probeFolder, "allocation.html"));
        Assert.DoesNotContain("<b>bold", html);
        Assert.DoesNotContain("<UNK>", html);
        Assert.Contains("&lt;UNK&gt;", html);
        // The display layer's page: the report's sections and tables, plotly.js inlined when it is installed.
        Assert.Contains("<title>SAFR allocation report</title>", html);
        foreach (var section in (string[])["Per-token scores", "Shares per token and neuron", "Overlap values", "Correlated pairs"])
            Assert.Contains(section, html);
        Assert.Equal(2, Regex.Matches(html, "<div id=\"safr-plot-[0-9a-f]{32}\"").Count);  // the neuron and overlap heatmaps
        Assert.Contains(Plots.FindPlotlyJs() is null ? "Falling back to the CDN" : "inlined by Safr.Kit: PlotlyScript.Embedded", html);
    }

    [Fact]
    public void Gpt2IsChosenAtTrainingAndUsedByEvaluateAndProbe()
    {
        using var scratch = new TempFolder("safr-cli-gpt2-");
        var runFolder = scratch["run"];
        var train = SafrProcess.Run("train", "--dataset", "sst2", "--tokenizer", "gpt2", "--epochs", "1", "--data-fraction", "0.2", "--mode", "fast", "--out", runFolder);
        Assert.True(train.ExitCode == 0, train.ToString());
        var loaded = Checkpoint.Load(new RunFolder(runFolder).FinalModel);
        using var model = loaded.Model;
        Assert.Equal("gpt2", loaded.Manifest.Vocabulary.Tokenizer);
        var data = Datasets.Load("sst2", new DatasetOptions { DataFolder = SafrProcess.DataFolder, AllowDownload = false, VerifyChecksums = false });
        // The unknown-token rates it printed are the saved vocabulary's on the sampled dev and test, up to the max length.
        var sample = new Safr.Kit.Runs.RunSpec { DataFraction = 0.2 }.Sample(data);
        Assert.Contains($"dev tokens: {loaded.Vocabulary.Report(sample.Dev, loaded.Manifest.Options.MaxLength)}", train.Output);
        Assert.Contains($"test tokens: {loaded.Vocabulary.Report(sample.Test, loaded.Manifest.Options.MaxLength)}", train.Output);

        var evaluate = SafrProcess.Run("evaluate", runFolder, "--faithfulness-examples", "0", "--tokenizer", "gpt2");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains($"test tokens: {loaded.Vocabulary.Report(data.Test, loaded.Manifest.Options.MaxLength)}", evaluate.Output);

        const string text = "an unwatchable , overlong film";
        var probe = SafrProcess.Run("probe", runFolder, text, "--out", scratch["probe"]);
        Assert.True(probe.ExitCode == 0, probe.ToString());
        using var allocation = JsonDocument.Parse(File.ReadAllText(Path.Combine(scratch["probe"], "allocation.json")));
        var tokens = allocation.RootElement.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Equal(loaded.Vocabulary.Encode(text).Select(id => loaded.Vocabulary[id]), tokens);
        Assert.Contains("Ġfilm", tokens);  // GPT-2's subwords, as GPT-2 spells them
    }

    private static double[] Doubles(JsonElement array) => [.. array.EnumerateArray().Select(v => v.GetDouble())];

    /// <summary>Equal up to float32 rounding: the CLI and this process may run libtorch with other thread counts.</summary>
    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5, $"{what} [{i}]: {actual[i]:R}, recomputed {expected[i]:R}");
    }

    [Fact]
    public void ErrorsNameWhatIsWrongAndExitNonZero()
    {
        var missing = Path.Combine(Path.GetTempPath(), "safr-no-such-run-" + Guid.NewGuid().ToString("N"));
        var evaluate = SafrProcess.Run("evaluate", missing);
        Assert.True(evaluate.ExitCode == 2, evaluate.ToString());
        Assert.Contains(missing, evaluate.Error);

        var dataset = SafrProcess.Run("train", "--dataset", "mnist");
        Assert.NotEqual(0, dataset.ExitCode);
        Assert.Contains("mnist", dataset.Error);

        using var empty = new TempFolder("safr-cli-empty-");
        var probe = SafrProcess.Run("probe", empty.Path, "some text");
        Assert.True(probe.ExitCode == 2, probe.ToString());
        Assert.Contains("manifest.json", probe.Error);
    }

}
