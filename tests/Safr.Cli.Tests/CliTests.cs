using System.Text.Json;

namespace Safr.Cli.Tests;

/// <summary>The commands end to end, as a user runs them: exit codes, what they print, and the files they write.</summary>
public class CliTests
{
    [Fact]
    public void ParityPassesOnTheOfficialFixturesInBothPrecisions()
    {
        var run = SafrProcess.Run("parity", SharedFolder.OfficialFixtures);
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
        var copy = Directory.CreateTempSubdirectory("safr-cli-parity-").FullName;
        try
        {
            foreach (var file in Directory.GetFiles(SharedFolder.OfficialFixtures))
                File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
            // Change one expected scalar of the regularizers by 1%.
            var path = Path.Combine(copy, "regularizers.json");
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!;
            json["polysemanticity_loss"] = json["polysemanticity_loss"]!.GetValue<double>() * 1.01;
            File.WriteAllText(path, json.ToJsonString());
            var run = SafrProcess.Run("parity", copy);
            Assert.True(run.ExitCode == 1, run.ToString());
            Assert.Contains("FAIL", run.Error);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public void TrainThenEvaluateThenProbeASmallSst2Run()
    {
        var dir = Directory.CreateTempSubdirectory("safr-cli-run-").FullName;
        try
        {
            var runFolder = Path.Combine(dir, "run");
            var train = SafrProcess.Run("train", "--dataset", "sst2", "--imp", "1", "--inter", "1", "--seed", "0",
                "--epochs", "1", "--train-fraction", "0.02", "--padding", "longest", "--out", runFolder);
            Assert.True(train.ExitCode == 0, train.ToString());
            Assert.Contains("test accuracy", train.Output);
            using (var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "result.json"))))
            {
                var test = result.RootElement.GetProperty("testAccuracy").GetDouble();
                Assert.InRange(test, 0.0, 1.0);
                Assert.Equal(1, result.RootElement.GetProperty("epochs").GetInt32());
            }
            using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "model", "manifest.json"))))
                Assert.True(manifest.RootElement.GetProperty("testAccuracy").GetDouble() >= 0);

            var again = SafrProcess.Run("train", "--dataset", "sst2", "--epochs", "1", "--out", runFolder);
            Assert.True(again.ExitCode == 2, again.ToString());
            Assert.Contains("--resume", again.Error);

            var jsonPath = Path.Combine(dir, "eval.json");
            var evaluate = SafrProcess.Run("evaluate", runFolder, "--faithfulness-examples", "16", "--json", jsonPath);
            Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
            Assert.Contains("sst2 Test: accuracy", evaluate.Output);
            using (var eval = JsonDocument.Parse(File.ReadAllText(jsonPath)))
            {
                Assert.InRange(eval.RootElement.GetProperty("accuracy").GetDouble(), 0.0, 1.0);
                Assert.True(eval.RootElement.TryGetProperty("faithfulness", out _));
            }

            var probeFolder = Path.Combine(dir, "probe");
            var probe = SafrProcess.Run("probe", runFolder, "a gripping , funny and <b>bold</b> film", "--out", probeFolder);
            Assert.True(probe.ExitCode == 0, probe.ToString());
            using (var allocation = JsonDocument.Parse(File.ReadAllText(Path.Combine(probeFolder, "allocation.json"))))
                Assert.Equal(7, allocation.RootElement.GetProperty("tokens").GetArrayLength());
            // Tokens are shown as the model sees them ("<b>bold</b>" is out of vocabulary: <UNK>), escaped.
            var html = File.ReadAllText(Path.Combine(probeFolder, "allocation.html"));
            Assert.DoesNotContain("<b>bold", html);
            Assert.DoesNotContain("<UNK>", html);
            Assert.Contains("&lt;UNK&gt;", html);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
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

        var empty = Directory.CreateTempSubdirectory("safr-cli-empty-").FullName;
        try
        {
            var probe = SafrProcess.Run("probe", empty, "some text");
            Assert.True(probe.ExitCode == 2, probe.ToString());
            Assert.Contains("manifest.json", probe.Error);
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
