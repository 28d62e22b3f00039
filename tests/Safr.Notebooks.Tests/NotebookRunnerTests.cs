namespace Safr.Notebooks.Tests;

/// <summary>The runner on the real .NET Interactive C# kernel, hosted in the test process: what a notebook's cells produce and what is written.</summary>
[Collection(InProcessKernelCollection.Name)]
public sealed class NotebookRunnerTests
{
    [Fact]
    public async Task Cells_share_variables_and_types_and_are_counted_in_order_with_markdown_skipped()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("record Point(int X, int Y);\nvar p = new Point(1, 2);")
            .Markdown("# between")
            .Code("$\"{(p with { Y = 5 }).Y * 10}\""));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(2, result.CellsRun);
        Assert.Equal(1, notebook.ExecutionCount(0));
        Assert.Null(notebook.Cell(1)["execution_count"]);
        Assert.Equal(2, notebook.ExecutionCount(2));
        Assert.Equal("execute_result", (string?)notebook.Output(2)["output_type"]);
        Assert.Equal(2, (int?)notebook.Output(2)["execution_count"]);
        Assert.Equal("50", notebook.Data(2, "text/plain"));
        Assert.Empty(notebook.Outputs(0)); // a statement, not a value
    }

    [Fact]
    public async Task Each_code_cell_reports_its_completion_and_the_failing_one_says_so()
    {
        using var temp = new TempFolder();
        var completions = new List<CellCompletion>();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Markdown("intro")
            .Code("var a = 1;")
            .Code("throw new InvalidOperationException(\"no\");")
            .Code("var never = 3;"),
            new NotebookRunOptions { CellCompleted = completions.Add });

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal([(2, 1, 3, true), (3, 2, 3, false)], completions.Select(c => (c.Cell, c.Executed, c.CodeCells, c.Succeeded)));
        Assert.Null(notebook.Cell(3)["execution_count"]); // the cell after the failure did not run
        Assert.Empty(notebook.Outputs(3));
    }

    [Fact]
    public async Task Console_writes_become_stdout_and_stderr_streams_in_order()
    {
        using var temp = new TempFolder();
        var (_, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("Console.WriteLine(\"one\");\nConsole.WriteLine(\"two\");\nConsole.Error.WriteLine(\"warn\");\nConsole.Write(\"three\");"));

        var streams = notebook.Outputs(0).Select(o => ((string?)o!["name"], ExecutedNotebook.Text(o["text"]))).ToArray();
        Assert.Equal([("stdout", "one\ntwo\n"), ("stderr", "warn\n"), ("stdout", "three")], streams);
    }

    [Fact]
    public async Task A_displayed_value_updated_later_even_from_another_cell_shows_its_last_value_in_place()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var progress = display(\"epoch 1\");\nprogress.Update(\"epoch 2\");\ndisplay(\"other\");")
            .Code("progress.Update(\"done\");"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(["done", "other"], notebook.Outputs(0).Select(o => ExecutedNotebook.Text(o!["data"]!["text/plain"])));
        Assert.All(notebook.Outputs(0), o => Assert.Equal("display_data", (string?)o!["output_type"]));
        Assert.Empty(notebook.Outputs(1));
    }

    [Fact]
    public async Task A_runtime_error_stops_the_notebook_with_an_error_output_naming_cell_and_exception()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("int Divide(int y) => 10 / y;")
            .Code("var zero = 0;\nDivide(zero)")
            .Code("1"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal($"{result.Notebook} cell 2: System.DivideByZeroException: Attempted to divide by zero.", result.Failure!.Describe(result.Notebook));
        var error = notebook.Output(1);
        Assert.Equal("error", (string?)error["output_type"]);
        Assert.Equal("System.DivideByZeroException", (string?)error["ename"]);
        Assert.Equal("Attempted to divide by zero.", (string?)error["evalue"]);
        Assert.Contains(error["traceback"]!.AsArray(), line => ((string?)line)!.Contains("Divide(Int32 y)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_compile_error_names_the_line_within_the_cell()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder().Code("var a = 1;\nvar b = a +;\n"));

        Assert.Equal(2, result.Failure!.Line);
        Assert.StartsWith($"{result.Notebook} cell 1 line 2: error CS1525:", result.Failure.Describe(result.Notebook));
        Assert.Equal("CompilationError", (string?)notebook.Output(0)["ename"]);
    }

    [Fact]
    public async Task An_unknown_directive_is_the_kernels_error_on_its_cell()
    {
        using var temp = new TempFolder();
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder().Code("var a = 1;").Code("#!no-such-magic\na"));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(2, result.Failure!.Cell);
        Assert.Contains("no-such-magic", result.Failure.Message, StringComparison.Ordinal);
        Assert.Equal("error", (string?)notebook.Output(1)["output_type"]);
    }

    [Fact]
    public async Task A_cell_in_another_language_or_no_code_at_all_is_rejected_before_anything_runs()
    {
        using var temp = new TempFolder();
        var mixed = new NotebookBuilder().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").Code("printfn \"hi\"", kernel: "fsharp").Save(temp.Path, "mixed.ipynb");
        var prose = new NotebookBuilder().Markdown("# only prose").Save(temp.Path, "prose.ipynb");

        var language = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(mixed, Runs.Isolated()));
        var empty = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(prose, Runs.Isolated()));

        Assert.Equal($"{mixed} cell 2: the cell's language is fsharp (metadata polyglot_notebook.kernelName); only C# cells run here", language.Message);
        Assert.Equal($"{prose}: has no C# code cells: nothing to run", empty.Message);
        Assert.False(File.Exists(temp["ran.txt"]));
    }

    [Fact]
    public async Task The_written_notebook_is_nbformat_4_5_with_cell_ids_and_Polyglot_metadata_and_keeps_unknown_fields()
    {
        using var temp = new TempFolder();
        var builder = new NotebookBuilder().Markdown("# t").Code("Console.WriteLine(\"x\");\n1").Code("display(\"shown\");");
        builder.Metadata["custom"] = "kept";
        var (_, notebook) = await Runs.Run(temp, builder);

        NbformatValidator.AssertValid(notebook.Path);
        Assert.Equal(4, (int?)notebook.Root["nbformat"]);
        Assert.Equal(5, (int?)notebook.Root["nbformat_minor"]);
        Assert.Equal("kept", (string?)notebook.Root["metadata"]!["custom"]);
        Assert.Equal("csharp", (string?)notebook.Root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]);
        Assert.Equal(".net-csharp", (string?)notebook.Root["metadata"]!["kernelspec"]!["name"]);
        var ids = notebook.Cells.Select(c => (string?)c!["id"]).ToArray();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal("csharp", (string?)notebook.Cell(1)["metadata"]!["polyglot_notebook"]!["kernelName"]);
    }

    [Fact]
    public async Task Out_folder_leaves_the_input_untouched_and_in_place_rewrites_it_through_a_rename()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("$\"{40 + 2}\"").Save(temp.Path);
        var original = File.ReadAllText(path);

        var copy = await NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { OutputDirectory = temp["out"] }));
        Assert.Equal(original, File.ReadAllText(path));
        Assert.Equal(Path.Combine(temp["out"], "test.ipynb"), copy.WrittenTo);

        var inPlace = await NotebookRunner.RunAsync(path, Runs.Isolated());
        Assert.Equal(path, inPlace.WrittenTo);
        Assert.Equal("42", new ExecutedNotebook(path).Data(0, "text/plain"));
        Assert.Equal([path], Directory.GetFiles(temp.Path)); // no temporary file left beside it
    }

    [Fact]
    public async Task Cancelling_sends_the_kernels_Cancel_which_the_running_cell_sees_and_the_notebook_is_written()
    {
        using var temp = new TempFolder();
        var started = temp["started"];
        var stopped = temp["stopped"];
        using var cancel = new CancellationTokenSource();
        var watcher = Runs.CancelWhenFileAppears(started, cancel);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var progress = display(\"waiting\");")
            .Code($$"""
                var token = Microsoft.DotNet.Interactive.KernelInvocationContext.Current.CancellationToken;
                var steps = 0;
                while (!token.IsCancellationRequested)
                {
                    System.Threading.Thread.Sleep(5);
                    progress.Update($"step {++steps}");
                    if (steps == 3) System.IO.File.WriteAllText(@"{{started}}", "");
                }
                System.IO.File.WriteAllText(@"{{stopped}}", steps.ToString());
                """)
            .Code("var never = 1;"),
            cancellationToken: cancel.Token);
        await watcher;

        Assert.Equal(NotebookRunStatus.Cancelled, result.Status);
        Assert.Equal(2, result.Failure!.Cell);
        Assert.Null(notebook.Cell(2)["execution_count"]);
        // The cell's own loop saw the kernel's token and stopped (it may finish just after the kernel reported the cancel).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!File.Exists(stopped) && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(File.Exists(stopped), "the cell never saw the kernel's cancellation token");
        Assert.StartsWith("step ", ExecutedNotebook.Text(notebook.Output(0)["data"]!["text/plain"]), StringComparison.Ordinal);
    }
}
