namespace Safr.Notebooks.Tests;

/// <summary>
/// The Stop button, for real: training in a notebook, cancelled with the kernel's Cancel command (what VS Code's
/// Stop and <c>safr notebooks run</c>'s Ctrl+C send), stops at a step boundary through NotebookCancellation.Token,
/// and the progress display shows how far it got.
/// </summary>
[Collection(NotebookSmokeCollection.Name)]
[Trait("Category", NotebookSmokeCollection.Category)]
public sealed class KernelCancellationTests(PackedKit kit)
{
    [Fact]
    public async Task TrainingStopsAtAStepBoundaryWithThePartialProgressDisplayed()
    {
        var folder = kit.NewFolder("cancel");
        var started = Path.Combine(folder, "started");
        var stopped = Path.Combine(folder, "stopped");
        var path = new NotebookBuilder()
            .Code("#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: Safr.Kit, *-*\"")
            .Code($$"""
                using Safr.Kit.Data; using Safr.Kit.Data.Synthetic; using Safr.Kit.Display; using Safr.Kit.Runs; using Safr.Kit.Training;
                var task = PlantedTask.Generate(new PlantedTaskOptions { Train = 2000, Dev = 32, Test = 32 });
                var vocab = Vocabulary.Build(task.Dataset.Train);
                var maxLength = task.Options.LongestText;
                var trainer = new SafrTrainer(SafrTrainer.CreateModel(PlantedDemo.ModelConfig(vocab.Count, task.Dataset.NumClasses, maxLength), seed: 0), vocab,
                    new TrainingOptions { MaxEpochs = 50, MaxLength = maxLength, BatchSize = 8 });
                var progress = display("training ...");
                var steps = 0;
                """)
            .Code($$"""
                try
                {
                    trainer.Fit(task.Dataset.Train, task.Dataset.Dev, p =>
                    {
                        steps++;
                        progress.Update($"epoch {p.Epoch} step {p.Step}: {steps} steps done");
                        if (steps == 3) System.IO.File.WriteAllText(@"{{started}}", "");
                    }, NotebookCancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    System.IO.File.WriteAllText(@"{{stopped}}", steps.ToString());
                    throw;
                }
                """)
            .Code("\"not reached\"")
            .Save(folder, "cancel.ipynb");

        using var cancel = new CancellationTokenSource();
        var watcher = Runs.CancelWhenFileAppears(started, cancel);
        var result = await NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { OutputDirectory = Path.Combine(folder, "executed"), Feeds = [kit.Feed] }), cancel.Token);
        await watcher;

        Assert.Equal(NotebookRunStatus.Cancelled, result.Status);
        Assert.Equal(3, result.Failure!.Cell);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(stopped) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(File.Exists(stopped), "training never saw the kernel's cancellation (NotebookCancellation.Token)");
        var stepsDone = int.Parse(File.ReadAllText(stopped), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(stepsDone, 3, 2000 / 8 * 50 - 1); // stopped after the step that signalled, long before the end

        var notebook = new ExecutedNotebook(result.WrittenTo);
        NbformatValidator.AssertValid(notebook.Path);
        var shown = ExecutedNotebook.Text(notebook.Output(1)["data"]!["text/plain"]);
        Assert.Matches(@"^epoch 1 step \d+: \d+ steps done$", shown); // the partial progress, where it was displayed
        Assert.Null(notebook.Cell(3)["execution_count"]);
    }
}
