namespace Safr.Notebooks.Tests;

/// <summary>
/// Safr.Kit's result types as the real kernel renders them: the kernel finds the kit's formatters by convention
/// (TypeFormatterSourceAttribute, no reference to .NET Interactive), so each value's text/html output is the kit's
/// own HTML and its text/plain the kit's text, not the kernel's default object tree.
/// </summary>
[Collection(NotebookSmokeCollection.Name)]
[Trait("Category", NotebookSmokeCollection.Category)]
public sealed class KernelFormatterTests(PackedKit kit)
{
    /// <summary>Each kit result type, built as cheaply as the kit allows; the cell's last expression is the value.</summary>
    private static readonly (string Type, string Expression)[] Values =
    [
        ("DemoResult", "demo"),
        ("TrainingResult", "arm.Training"),
        ("PolysemanticityByImportance", "arm.Test.Polysemanticity"),
        ("AllocationReport", "report"),
        ("TokenImportance", "report.ToTokenImportance()"),
        ("TokenMatrix", "new TokenMatrix(report.Tokens, report.Overlap, \"overlap\")"),
        ("Figure", "Charts.TrainingCurves(arm.Training.History)"),
        ("ResultsTable", "new ResultsTable([\"a\", \"b\"], [[\"1\", \"2\"]], \"table\")"),
        ("InteractionScore", "InteractionScore.Evaluate(model, new BatchIterator(demo.Task.Dataset.Test, vocab, batchSize: 16, maxLength: maxLength, shuffle: false).Epoch(0))"),
        ("FaithfulnessReport", "Faithfulness.Evaluate(model, demo.Task.Dataset.Test.Take(8).Select(e => (IReadOnlyList<int>)vocab.Encode(e.Text, maxLength)).ToArray())"),
        ("RunRecord", "arm"),
    ];

    [Fact]
    public void EveryResultTypeRendersAsTheKitsHtmlAndText()
    {
        var folder = kit.NewFolder("formatters");
        var builder = new NotebookBuilder()
            .Code("#r \"nuget: TorchSharp-cpu, 0.107.0\"\n#r \"nuget: Safr.Kit, *-*\"")
            .Code("""
                using Safr.Kit.Analysis; using Safr.Kit.Data; using Safr.Kit.Data.Synthetic; using Safr.Kit.Display;
                using Safr.Kit.Runs; using Safr.Kit.Metrics; using Safr.Kit.Training;
                var demo = PlantedDemo.Run(new PlantedTaskOptions { Train = 64, Dev = 32, Test = 32 }, seed: 0, maxEpochs: 1);
                var arm = demo.Runs[^1];
                var vocab = Vocabulary.Build(demo.Task.Dataset.Train);
                var maxLength = demo.Task.Options.LongestText;
                var trainer = new SafrTrainer(SafrTrainer.CreateModel(PlantedDemo.ModelConfig(vocab.Count, demo.Task.Dataset.NumClasses, maxLength), seed: 0), vocab,
                    new TrainingOptions { MaxEpochs = 1, MaxLength = maxLength });
                var trained = trainer.Fit(demo.Task.Dataset.Train, demo.Task.Dataset.Dev);
                var model = trainer.Model;
                var report = new AllocationProbe(model).Run(vocab, demo.Task.Dataset.Test[0].Text);
                """);
        foreach (var (_, expression) in Values) builder.Code(expression);
        // The kernel's formatter route against the kit's renderer, value by value, inside the kernel.
        builder.Code("string.Join(\",\", new object[] { " + string.Join(", ", Values.Select(v => v.Expression)) + " }"
            + ".Select(v => Microsoft.DotNet.Interactive.Formatting.Formatter.ToDisplayString(v, \"text/plain\") == SafrDisplay.ToText(v)))");
        // A DataFrame renders through Microsoft.Data.Analysis's own kernel extension, loaded with the kit's dependencies.
        builder.Code("using Safr.Kit.Tables;\narm.Training.History.ToDataFrame()");
        var path = builder.Save(folder, "formatters.ipynb");
        var output = Path.Combine(folder, "executed");

        var run = SafrCommand.Notebooks(["run", path, "--out", output, "--feed", kit.Feed], kit.Environment, TimeSpan.FromMinutes(10));
        PackedKit.Record("notebook formatters", run.Elapsed);
        Assert.True(run.ExitCode == 0, run.ToString());

        var notebook = CleanRun.AssertWrittenCleanly(Path.Combine(output, "formatters.ipynb"));
        for (var i = 0; i < Values.Length; i++)
        {
            var (type, _) = Values[i];
            var result = notebook.Output(2 + i);
            var data = result["data"]!.AsObject();
            Assert.True(data.ContainsKey("text/html"), $"{type}: the kernel emitted no text/html ({string.Join(", ", data.Select(d => d.Key))})");
            var html = ExecutedNotebook.Text(data["text/html"]);
            Assert.StartsWith("<div class=\"safr-display\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("dni-treeview", html, StringComparison.Ordinal); // the kernel's own object tree
            Assert.False(string.IsNullOrWhiteSpace(ExecutedNotebook.Text(data["text/plain"])), $"{type}: empty text/plain");
        }
        Assert.Equal(string.Join(",", Values.Select(_ => "True")), notebook.Data(2 + Values.Length, "text/plain"));
        var frame = ExecutedNotebook.Text(notebook.Output(3 + Values.Length)["data"]!["text/html"]);
        Assert.Contains("<table", frame, StringComparison.Ordinal);
        Assert.Contains("DevAccuracy", frame, StringComparison.Ordinal);
    }
}
