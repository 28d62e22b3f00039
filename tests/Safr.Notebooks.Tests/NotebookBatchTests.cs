namespace Safr.Notebooks.Tests;

[Collection(InProcessKernelCollection.Name)]
public sealed class NotebookBatchTests
{
    [Fact]
    public async Task Several_notebooks_each_run_fresh_and_a_failure_makes_the_exit_code_non_zero()
    {
        using var temp = new TempFolder();
        var good = new NotebookBuilder().Code("var shared = 1;\nshared").Save(temp.Path, "01-good.ipynb");
        var bad = new NotebookBuilder().Code("var fine = 1;").Code("var y = 2;\nthrow new InvalidOperationException(\"boom\");").Save(temp.Path, "02-bad.ipynb");
        var fresh = new NotebookBuilder().Code("shared").Save(temp.Path, "03-fresh.ipynb"); // 01's variable must not exist here
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await NotebookBatch.RunAsync([good, bad, fresh], Runs.Isolated(new NotebookRunOptions { OutputDirectory = temp["out"] }), output, error);

        Assert.Equal(1, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{bad} cell 2: System.InvalidOperationException: boom", lines[0]);
        Assert.StartsWith($"{fresh} cell 1 line 1: error CS0103: The name 'shared' does not exist", lines[1]);
        var report = output.ToString();
        Assert.Matches($@"01-good\.ipynb: ok, 1 cell in \d+\.\d s, wrote {System.Text.RegularExpressions.Regex.Escape(Path.Combine(temp["out"], "01-good.ipynb"))}", report);
        Assert.Matches(@"02-bad\.ipynb: FAILED, 2 cells in \d+\.\d s", report);
        Assert.Equal("error", (string?)new ExecutedNotebook(Path.Combine(temp["out"], "02-bad.ipynb")).Output(1)["output_type"]);
    }

    [Fact]
    public async Task A_notebook_that_cannot_run_exits_2_and_a_folder_runs_its_notebooks_in_order()
    {
        using var temp = new TempFolder();
        var folder = temp["notebooks"];
        Directory.CreateDirectory(folder);
        new NotebookBuilder().Code("1").Save(folder, "b.ipynb");
        new NotebookBuilder().Code("1 + 1", kernel: "fsharp").Save(folder, "a.ipynb");
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await NotebookBatch.RunAsync([folder, temp["missing.ipynb"]], Runs.Isolated(), output, error);

        Assert.Equal(2, exit);
        Assert.Contains($"missing.ipynb: no such notebook or folder", error.ToString());
        Assert.Equal("", output.ToString()); // nothing runs when a path is wrong

        exit = await NotebookBatch.RunAsync([folder], Runs.Isolated(), output, error = new StringWriter());
        Assert.Equal(2, exit);
        Assert.Equal($"{Path.Combine(folder, "a.ipynb")} cell 1: the cell's language is fsharp (metadata polyglot_notebook.kernelName); only C# cells run here", error.ToString().Trim());
        var report = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"{Path.Combine(folder, "a.ipynb")}: not run", report[0]);
        Assert.StartsWith($"{Path.Combine(folder, "b.ipynb")}: ok", report[1]);
    }
}
