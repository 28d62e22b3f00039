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
    public void TrainThenEvaluateThenProbeASmallSst2Run()
    {
        var dir = Directory.CreateTempSubdirectory("safr-cli-run-").FullName;
        try
        {
            var runFolder = Path.Combine(dir, "run");
            var train = SafrProcess.Run("train", "--dataset", "sst2", "--imp", "1", "--inter", "1", "--seed", "0",
                "--epochs", "1", "--train-fraction", "0.02", "--mode", "fast", "--out", runFolder);
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

    [Fact]
    public void NotebooksRunReportsEachCellAndAFailingCellGivesExitOneNamingIt()
    {
        var dir = Directory.CreateTempSubdirectory("safr-cli-notebooks-").FullName;
        try
        {
            var good = WriteNotebook(dir, "good.ipynb", "var x = 41;", "x + 1");
            var bad = WriteNotebook(dir, "bad.ipynb", "var y = 1;", "var z = 2;\nthrow new InvalidOperationException(\"boom\");");
            var output = Path.Combine(dir, "out");

            var ok = SafrProcess.Run("notebooks", "run", good, "--out", output);
            Assert.True(ok.ExitCode == 0, ok.ToString());
            Assert.Matches(@"good\.ipynb: cell 1 \(1/2 code cells\) ok in \d+\.\d s", ok.Error);
            Assert.Matches(@"good\.ipynb: cell 2 \(2/2 code cells\) ok in \d+\.\d s", ok.Error);
            Assert.Contains("good.ipynb: ok, 2 cells in", ok.Output);
            using (var executed = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "good.ipynb"))))
            {
                var result = executed.RootElement.GetProperty("cells")[1].GetProperty("outputs")[0];
                // nbformat stores multi-line strings as arrays of lines.
                Assert.Equal(["42"], result.GetProperty("data").GetProperty("text/plain").EnumerateArray().Select(l => l.GetString()));
            }

            var failed = SafrProcess.Run("notebooks", "run", bad, "--out", output);
            Assert.True(failed.ExitCode == 1, failed.ToString());
            Assert.Contains($"{bad} cell 2 line 2: System.InvalidOperationException: boom", failed.Error);
            Assert.Matches(@"bad\.ipynb: cell 2 \(2/2 code cells\) failed in", failed.Error);
            Assert.Contains("bad.ipynb: FAILED, 2 cells in", failed.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A minimal nbformat 4.5 notebook of C# code cells.</summary>
    private static string WriteNotebook(string folder, string name, params string[] cells)
    {
        var notebook = new System.Text.Json.Nodes.JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["kernelspec"] = new System.Text.Json.Nodes.JsonObject { ["name"] = ".net-csharp", ["display_name"] = ".NET (C#)", ["language"] = "C#" },
            },
            ["cells"] = new System.Text.Json.Nodes.JsonArray(cells.Select((source, i) => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["id"] = $"cell-{i}",
                ["cell_type"] = "code",
                ["metadata"] = new System.Text.Json.Nodes.JsonObject(),
                ["execution_count"] = null,
                ["outputs"] = new System.Text.Json.Nodes.JsonArray(),
                ["source"] = source,
            }).ToArray()),
        };
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }
}
