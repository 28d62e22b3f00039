namespace Safr.Notebooks.Tests;

/// <summary><c>safr notebooks run</c> as a user runs it: the safr-notebooks host process, its progress lines, exit codes, and one process per notebook.</summary>
public sealed class NotebookHostTests
{
    private static readonly IReadOnlyDictionary<string, string?> NoFeed = new Dictionary<string, string?> { ["SAFR_FEED"] = null };

    [Fact]
    public void Each_cell_is_reported_and_a_failing_cell_gives_exit_1_naming_notebook_and_cell()
    {
        using var temp = new TempFolder();
        var good = new NotebookBuilder().Code("var x = 41;").Code("$\"{x + 1}\"").Save(temp.Path, "good.ipynb");
        var bad = new NotebookBuilder().Code("var y = 1;").Code("var z = 2;\nthrow new InvalidOperationException(\"boom\");").Save(temp.Path, "bad.ipynb");

        var ok = SafrCommand.Notebooks(["run", good, "--out", temp["out"]], NoFeed, TimeSpan.FromMinutes(3));
        var failed = SafrCommand.Notebooks(["run", bad, "--out", temp["out"]], NoFeed, TimeSpan.FromMinutes(3));

        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Matches(@"good\.ipynb: cell 1 \(1/2 code cells\) ok in \d+\.\d s", ok.Error);
        Assert.Matches(@"good\.ipynb: cell 2 \(2/2 code cells\) ok in \d+\.\d s", ok.Error);
        Assert.Contains("good.ipynb: ok, 2 cells in", ok.Output);
        Assert.Equal("42", new ExecutedNotebook(Path.Combine(temp["out"], "good.ipynb")).Data(1, "text/plain"));
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains($"{bad} cell 2: System.InvalidOperationException: boom", failed.Error);
        Assert.Matches(@"bad\.ipynb: cell 2 \(2/2 code cells\) failed in", failed.Error);
        Assert.Contains("bad.ipynb: FAILED, 2 cells in", failed.Output);
    }

    [Fact]
    public void A_corrupt_notebook_is_named_in_one_line_exit_2_and_nothing_is_written()
    {
        using var temp = new TempFolder();
        var notebook = temp["broken.ipynb"];
        File.WriteAllText(notebook, "{\"cells\": [ oops");

        var run = SafrCommand.Notebooks(["run", notebook, "--out", temp["out"]], NoFeed, TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains($"{notebook}: not a valid .ipynb notebook", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(Directory.Exists(temp["out"]) && Directory.EnumerateFileSystemEntries(temp["out"]).Any());
    }

    [Fact]
    public void Several_notebooks_run_one_process_each_unless_asked_to_share_one()
    {
        using var temp = new TempFolder();
        // The first notebook leaves process-wide state behind; the second reports whether it sees it.
        var key = "safr-host-test-" + Guid.NewGuid().ToString("N");
        new NotebookBuilder().Code($"AppContext.SetData(\"{key}\", \"left behind\");\n\"set\"").Save(temp.Path, "1-set.ipynb");
        new NotebookBuilder().Code($"$\"{{AppContext.GetData(\"{key}\") ?? \"clean\"}}\"").Save(temp.Path, "2-read.ipynb");

        var isolated = SafrCommand.Notebooks(["run", temp.Path, "--out", temp["isolated"]], NoFeed, TimeSpan.FromMinutes(3));
        var shared = SafrCommand.Notebooks(["run", temp.Path, "--out", temp["shared"], "--same-process"], NoFeed, TimeSpan.FromMinutes(3));

        Assert.True(isolated.ExitCode == 0, isolated.ToString());
        Assert.True(shared.ExitCode == 0, shared.ToString());
        Assert.Equal("clean", new ExecutedNotebook(Path.Combine(temp["isolated"], "2-read.ipynb")).Data(0, "text/plain"));
        Assert.Equal("left behind", new ExecutedNotebook(Path.Combine(temp["shared"], "2-read.ipynb")).Data(0, "text/plain"));
    }
}
