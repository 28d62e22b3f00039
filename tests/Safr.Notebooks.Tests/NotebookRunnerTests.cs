namespace Safr.Notebooks.Tests;

public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task Cells_share_variables_usings_and_types_and_are_counted_in_order()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Markdown("# Shared state")
            .Code("using System.Text.Json;\nvar x = 40;")
            .Code("record Point(int X, int Y);")
            .Code("var p = new Point(x, 2);\nJsonSerializer.Serialize(new { sum = p.X + p.Y })"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(3, result.CellsRun);
        Assert.Null(notebook.Cell(0)["execution_count"]); // markdown cells have none
        Assert.Equal(new int?[] { 1, 2, 3 }, new[] { 1, 2, 3 }.Select(notebook.ExecutionCount).ToArray());
        Assert.Empty(notebook.Outputs(1));
        var output = notebook.Output(3);
        Assert.Equal("execute_result", (string?)output["output_type"]);
        Assert.Equal(3, (int?)output["execution_count"]);
        Assert.Equal("{\"sum\":42}", notebook.Data(3, "text/plain"));
    }

    [Fact]
    public async Task Each_code_cell_reports_its_completion_live_and_the_failing_one_says_so()
    {
        using var temp = new TempFolder();
        var seen = new List<CellCompletion>();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Markdown("# Progress")
            .Code("System.Threading.Thread.Sleep(200);")
            .Code("var y = 1;")
            .Code("throw new InvalidOperationException(\"boom\");")
            .Code("var never = 1;"),
            new NotebookRunOptions
            {
                // As the CLI does: the host prints progress. Those lines must not become the cells' outputs.
                CellCompleted = c => { seen.Add(c); Console.Error.WriteLine($"host progress {c.Cell}"); Console.WriteLine("host"); },
            });

        Assert.False(result.Succeeded);
        // Cells are numbered as in error messages (the markdown cell is cell 1); the last cell never ran.
        Assert.Equal([(2, 1, true), (3, 2, true), (4, 3, false)], seen.Select(c => (c.Cell, c.Executed, c.Succeeded)));
        Assert.All(seen, c => Assert.Equal(4, c.CodeCells));
        Assert.All(seen, c => Assert.Equal(result.Notebook, c.Notebook));
        Assert.True(seen[0].Elapsed >= TimeSpan.FromMilliseconds(190), $"the sleeping cell took {seen[0].Elapsed}");
        Assert.All(new[] { 1, 2 }, index => Assert.Empty(notebook.Outputs(index)));          // the two cells that ran fine
        Assert.DoesNotContain("host", string.Concat(notebook.Outputs(3).Select(o => o!.ToJsonString())));  // the failed one: its error only
    }

    [Fact]
    public async Task Cells_with_only_usings_comments_or_nothing_still_count_and_shape_later_cells()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("using System.Globalization;")
            .Code("")
            .Code("// just a note")
            .Code("CultureInfo.InvariantCulture.Name.Length"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(4, notebook.ExecutionCount(3));
        Assert.Equal("0", notebook.Data(3, "text/plain"));
    }

    [Fact]
    public async Task Only_a_final_expression_without_semicolon_gives_an_execute_result()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var one = 1;")
            .Code("Console.Write(\"\")")
            .Code("(string?)null")
            .Code("Math.Round(2.5, 1)"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Empty(notebook.Outputs(0));
        Assert.Empty(notebook.Outputs(1)); // a void call is not a value
        Assert.Equal("<null>", notebook.Data(2, "text/plain"));
        Assert.Equal("2.5", notebook.Data(3, "text/plain"));
    }

    [Fact]
    public async Task Console_writes_become_stdout_and_stderr_streams_in_order()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("Console.WriteLine(\"hello\");\nConsole.Write(\"world\\n\");\nConsole.Error.WriteLine(\"careful\");\nawait Task.Run(() => Console.WriteLine(\"from a task\"));\n\"done\""));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        var outputs = notebook.Outputs(0);
        Assert.Equal(4, outputs.Count);
        Assert.Equal(("stream", "stdout", "hello\nworld\n"), ((string?)outputs[0]!["output_type"], (string?)outputs[0]!["name"], ExecutedNotebook.Text(outputs[0]!["text"])));
        Assert.Equal(("stderr", "careful\n"), ((string?)outputs[1]!["name"], ExecutedNotebook.Text(outputs[1]!["text"])));
        Assert.Equal(("stdout", "from a task\n"), ((string?)outputs[2]!["name"], ExecutedNotebook.Text(outputs[2]!["text"])));
        Assert.Equal("execute_result", (string?)outputs[3]!["output_type"]);
    }

    [Fact]
    public async Task Display_uses_the_convention_based_formatters_of_the_value_type()
    {
        using var temp = new TempFolder();
        var testAssembly = typeof(Gauge).Assembly.Location;
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"#r \"{testAssembly}\"\nusing Safr.Notebooks.Tests;\ndisplay(new Gauge(0.5));\nnew Square().Display();\nnew Gauge(0.75)"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        var gauge = notebook.Output(0, 0);
        Assert.Equal("display_data", (string?)gauge["output_type"]);
        Assert.Equal("<meter value=\"0.5\">0.5</meter>", notebook.Data(0, "text/html", 0));
        Assert.Equal("gauge 0.5", notebook.Data(0, "text/plain", 0));
        Assert.Equal("<svg><title>square</title></svg>", notebook.Data(0, "text/html", 1)); // attribute on an interface
        Assert.Equal("a square", notebook.Data(0, "text/plain", 1)); // no plain formatter: ToString()
        Assert.Equal("execute_result", (string?)notebook.Output(0, 2)["output_type"]);
        Assert.Equal("<meter value=\"0.75\">0.75</meter>", notebook.Data(0, "text/html", 2));
    }

    [Fact]
    public async Task A_displayed_value_can_be_updated_later_and_the_file_holds_the_last_value()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var progress = display(\"epoch 1\");\nprogress.Update(\"epoch 2\");\ndisplay(HTML(\"<b>bold</b>\"))")
            .Code("progress.Update(\"done\");"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(2, notebook.Outputs(0).Count);
        Assert.Equal("done", notebook.Data(0, "text/plain", 0));
        Assert.Equal("<b>bold</b>", notebook.Data(0, "text/html", 1));
        Assert.Empty(notebook.Outputs(1));
    }

    [Fact]
    public async Task A_runtime_error_stops_the_notebook_with_an_error_output_naming_cell_and_line()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var before = 1;")
            .Markdown("text")
            .Code("Console.WriteLine(\"about to fail\");\nvoid Fail() => throw new InvalidOperationException(\"boom\");\nFail();")
            .Code("Console.WriteLine(\"never\");"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(new NotebookFailure(3, 2, "System.InvalidOperationException: boom"), result.Failure);
        Assert.Equal("test.ipynb cell 3 line 2: System.InvalidOperationException: boom", result.Failure!.Describe("test.ipynb"));
        var error = notebook.Output(2, 1);
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("System.InvalidOperationException", (string?)error["ename"]);
        Assert.Equal("boom", (string?)error["evalue"]);
        Assert.NotEmpty(error["traceback"]!.AsArray());
        Assert.Equal("about to fail\n", ExecutedNotebook.Text(notebook.Output(2, 0)["text"]));
        Assert.Null(notebook.ExecutionCount(3));
        Assert.Empty(notebook.Outputs(3));
    }

    [Fact]
    public async Task A_compile_error_names_the_line_within_the_cell()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var a = 1;\n\nvar b = undefinedName;"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(1, result.Failure!.Cell);
        Assert.Equal(3, result.Failure.Line);
        Assert.StartsWith("error CS0103: The name 'undefinedName' does not exist", result.Failure.Message);
        Assert.Equal("CompilationError", (string?)notebook.Output(0)["ename"]);
    }

    [Fact]
    public async Task Unknown_fields_are_kept_and_the_notebook_is_upgraded_to_nbformat_4_5()
    {
        using var temp = new TempFolder();
        var builder = new NotebookBuilder();
        builder.Metadata["papermill"] = new JsonObject { ["note"] = "kept" };
        builder.Extra["x_custom"] = new JsonArray(1, 2);
        builder.Cell(new JsonObject
        {
            ["cell_type"] = "markdown",
            ["id"] = "intro",
            ["metadata"] = new JsonObject { ["custom"] = true },
            ["source"] = "![img](attachment:a.png)",
            ["attachments"] = new JsonObject { ["a.png"] = new JsonObject { ["image/png"] = "iVBORw0KGgo=" } },
        });
        builder.Code("1");

        var (result, notebook) = await Runs.Run(temp, builder);

        Assert.True(result.Succeeded);
        Assert.Equal("kept", (string?)notebook.Root["metadata"]!["papermill"]!["note"]);
        Assert.Equal("[1,2]", notebook.Root["x_custom"]!.ToJsonString());
        Assert.Equal("iVBORw0KGgo=", (string?)notebook.Cell(0)["attachments"]!["a.png"]!["image/png"]);
        Assert.Equal("intro", (string?)notebook.Cell(0)["id"]);
        Assert.Equal(5, (int?)notebook.Root["nbformat_minor"]);
        var id = (string?)notebook.Cell(1)["id"];
        Assert.Matches("^[a-zA-Z0-9_-]{1,64}$", id);
        Assert.Equal("csharp", (string?)notebook.Cell(1)["metadata"]!["polyglot_notebook"]!["kernelName"]);
        notebook.Root.Remove("x_custom"); // kept as read, though nbformat's schema has no place for it
        File.WriteAllText(notebook.Path, notebook.Root.ToJsonString());
        NbformatValidator.AssertValid(notebook.Path);
    }

    [Fact]
    public async Task Missing_polyglot_metadata_is_added_as_VS_Code_writes_it()
    {
        using var temp = new TempFolder();
        var path = temp["bare.ipynb"];
        File.WriteAllText(path, """{"cells": [{"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "6 * 7"}], "metadata": {}, "nbformat": 4, "nbformat_minor": 4}""");

        var result = await NotebookRunner.RunAsync(path, Runs.Isolated(temp));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        var notebook = new ExecutedNotebook(path);
        Assert.Equal("""{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}""", notebook.Root["metadata"]!["kernelspec"]!.ToJsonString());
        Assert.Equal("""{"name":"polyglot-notebook"}""", notebook.Root["metadata"]!["language_info"]!.ToJsonString());
        Assert.Equal("""{"kernelInfo":{"defaultKernelName":"csharp","items":[{"aliases":[],"name":"csharp"}]}}""", notebook.Root["metadata"]!["polyglot_notebook"]!.ToJsonString());
        Assert.Equal("""{"dotnet_interactive":{"language":"csharp"},"polyglot_notebook":{"kernelName":"csharp"}}""", notebook.Cell(0)["metadata"]!.ToJsonString());
        Assert.Equal("42", notebook.Data(0, "text/plain"));
    }

    [Fact]
    public async Task Every_output_kind_validates_as_nbformat_4()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("int epochs = 1;", tags: ["parameters"])
            .Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");\ndisplay(HTML(\"<i>x</i>\"));\nepochs")
            .Code("throw new Exception(\"stop\");"),
            new NotebookRunOptions { Parameters = [new("epochs", "5")] });

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(4, notebook.Cells.Count);
        NbformatValidator.AssertValid(notebook.Path);
    }

    [Fact]
    public async Task Out_folder_leaves_the_input_untouched_and_in_place_rewrites_it()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("\"fresh\"").Save(temp.Path, "nb.ipynb");
        var original = File.ReadAllText(path);

        var copied = await NotebookRunner.RunAsync(path, Runs.Isolated(temp, new NotebookRunOptions { OutputDirectory = temp["out"] }));
        Assert.Equal(Path.Combine(temp["out"], "nb.ipynb"), copied.WrittenTo);
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Equal("fresh", new ExecutedNotebook(copied.WrittenTo).Data(0, "text/plain"));

        var inPlace = await NotebookRunner.RunAsync(path, Runs.Isolated(temp));
        Assert.Equal(Path.GetFullPath(path), inPlace.WrittenTo);
        Assert.Equal("fresh", new ExecutedNotebook(path).Data(0, "text/plain"));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public async Task Cancelling_stops_the_running_cell_through_KernelCancellationToken_and_writes_the_notebook()
    {
        using var temp = new TempFolder();
        var flag = temp["started.flag"];
        using var cancel = new CancellationTokenSource();
        var watcher = Runs.CancelWhenFileAppears(flag, cancel);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"Console.WriteLine(\"started\"); System.IO.File.WriteAllText(@\"{flag}\", \"\");\nwhile (true)\n{{\n    await Task.Delay(20, KernelCancellationToken);\n}}")
            .Code("Console.WriteLine(\"never\");"),
            cancellationToken: cancel.Token);
        await watcher;

        Assert.Equal(NotebookRunStatus.Cancelled, result.Status);
        Assert.Equal(1, result.Failure!.Cell);
        Assert.Equal(4, result.Failure.Line);
        Assert.Equal("started\n", ExecutedNotebook.Text(notebook.Output(0, 0)["text"]));
        Assert.Equal("error", (string?)notebook.Output(0, 1)["output_type"]);
        Assert.Null(notebook.ExecutionCount(1));
    }

    [Fact]
    public async Task A_cell_that_ignores_cancellation_is_abandoned_after_the_grace_period()
    {
        using var temp = new TempFolder();
        var flag = temp["started.flag"];
        using var cancel = new CancellationTokenSource();
        var watcher = Runs.CancelWhenFileAppears(flag, cancel);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (result, notebook) = await Runs.Run(temp,
            new NotebookBuilder().Code($"System.IO.File.WriteAllText(@\"{flag}\", \"\"); System.Threading.Thread.Sleep(20_000);"),
            new NotebookRunOptions { CancellationGrace = TimeSpan.FromMilliseconds(200) }, cancel.Token);
        await watcher;

        Assert.Equal(NotebookRunStatus.Cancelled, result.Status);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Contains("abandoned", (string?)notebook.Output(0)["evalue"]);
    }
}
