namespace Safr.Notebooks.Tests;

public sealed class EmptyNotebookTests
{
    [Fact]
    public async Task A_notebook_without_code_cells_fails_instead_of_passing_on_nothing()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Markdown("# only prose").Save(temp.Path, "prose.ipynb");

        var error = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(path, Runs.Isolated(temp)));

        Assert.Equal($"{path}: has no C# code cells: nothing to run", error.Message);
    }
}
