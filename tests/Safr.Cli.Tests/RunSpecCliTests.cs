using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Sweeps;

namespace Safr.Cli.Tests;

/// <summary>
/// One run, three ways of asking for it: `safr train` flags, a notebook's RunSpec with an arm, and a sweep spec's cell
/// give the same spec, hence the same training options, data sample and run folder name. And your own CSV trains
/// from the command line, a bad row stopping it at its file and line.
/// </summary>
public sealed class RunSpecCliTests : IDisposable
{
    private readonly TempFolder _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void TheSameRunFromCliFlagsNotebookSettingsAndASweepCellIsOneSpec()
    {
        var cli = SafrProcess.Run("train", "--dataset", "agnews-reduced", "--mode", "fast", "--name", "weak", "--imp", "0.3", "--inter", "1", "--seed", "2",
            "--epochs", "7", "--patience", "2", "--data-fraction", "0.5", "--max-length", "64", "--batch-size", "16", "--learning-rate", "0.0005",
            "--faithfulness-examples", "40", "--print-spec");
        Assert.True(cli.ExitCode == 0, cli.ToString());
        var json = cli.Output[..cli.Output.IndexOf("run folder: ", StringComparison.Ordinal)];
        var fromCli = JsonSerializer.Deserialize<RunSpec>(json, RunSpec.Json)!;

        var data = Datasets.Load(Datasets.AgNewsReduced, new DatasetOptions { DataFolder = SafrProcess.DataFolder, VerifyChecksums = false, AllowDownload = false });
        var notebook = new Experiment(data, new RunSpec
        {
            Mode = Safr.Kit.RunMode.Fast, Epochs = 7, Patience = 2, DataFraction = 0.5, MaxLength = 64, BatchSize = 16, LearningRate = 5e-4, FaithfulnessExamples = 40,
        });
        var fromNotebook = notebook.Spec(new ExperimentArm("weak", 0.3, 1, Seed: 2));

        var sweep = SweepSpec.Parse("""
            { "datasets": ["agnews-reduced"], "arms": [{ "name": "weak", "imp": 0.3, "inter": 1 }], "seeds": [2],
              "mode": "fast", "epochs": 7, "patience": 2, "dataFraction": 0.5, "maxLength": 64, "batchSize": 16, "learningRate": 0.0005,
              "faithfulnessExamples": 40, "output": "out" }
            """, _scratch["weak.json"], _scratch.Path);
        var fromSweep = Assert.Single(sweep.Cells).Spec;

        Assert.Equal(fromCli, fromNotebook);
        Assert.Equal(fromCli, fromSweep);
        Assert.Equal(fromCli.TrainingOptions(), fromNotebook.TrainingOptions());
        Assert.Equal(fromCli.TrainingOptions(), fromSweep.TrainingOptions());
        Assert.Equal("agnews-reduced-fast-imp0.3-inter1-seed2", fromNotebook.RunFolderName());
        Assert.Equal(fromNotebook.RunFolderName(), fromSweep.RunFolderName());
        Assert.EndsWith(Path.Combine("runs", fromNotebook.RunFolderName()), cli.Output.Trim());
        // The same sample: every split cut the same way whoever asked (a seeded half of each, seed 0).
        foreach (var sample in new[] { fromCli.Sample(data), fromSweep.Sample(data) })
        {
            Assert.Equal(notebook.TrainSet, sample.Train);
            Assert.Equal(notebook.DevSet, sample.Dev);
            Assert.Equal(notebook.TestSet, sample.Test);
        }
        Assert.Equal((int)Math.Round(data.Test.Count * 0.5), notebook.TestSet.Count);
    }

    [Fact]
    public void YourOwnCsvTrainsAndItsRecordNamesIt()
    {
        var file = _scratch["reviews.csv"];
        var rows = Enumerable.Range(0, 80).Select(i => i % 2 == 0 ? $"{i},\"a fine, warm film number {i % 7}\",pos" : $"{i},a dull and cold film number {i % 5},neg");
        File.WriteAllLines(file, ["id,review,sentiment", .. rows]);
        var run = _scratch["run"];
        var train = SafrProcess.Run("train", "--data", file, "--text-column", "review", "--label-column", "sentiment", "--mode", "fast", "--imp", "1", "--inter", "1",
            "--epochs", "1", "--faithfulness-examples", "4", "--out", run);
        Assert.True(train.ExitCode == 0, train.ToString());
        var record = RunRecord.Read(Path.Combine(run, "record.json"));
        Assert.Equal(("reviews", file, "review", "sentiment"), (record.Spec.DatasetName, record.Spec.DataFile, record.Spec.TextColumn, record.Spec.LabelColumn));
        Assert.Equal(8, record.Test.Examples);  // a seeded 10% of 80 held out as test
        Assert.Equal(1, record.Training.Epochs);
        Assert.NotNull(record.Test.Faithfulness);
    }

    [Fact]
    public void ABadRowOfYourOwnCsvIsItsFileAndLineAndExit2()
    {
        var file = _scratch["bad.csv"];
        File.WriteAllLines(file, ["text,label", "good film,pos", "bad film,neg", "no label here,", "fine film,pos"]);
        var train = SafrProcess.Run("train", "--data", file, "--epochs", "1", "--out", _scratch["run"]);
        Assert.Equal(2, train.ExitCode);
        Assert.Contains($"{file}:4:", train.Error);
        Assert.Single(train.Error.Trim().Split('\n'));
        Assert.False(Directory.Exists(_scratch["run"]));
    }
}
