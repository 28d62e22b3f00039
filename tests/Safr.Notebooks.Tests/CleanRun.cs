namespace Safr.Notebooks.Tests;

/// <summary>What every notebook the smoke tests run must look like once written.</summary>
internal static class CleanRun
{
    /// <summary>
    /// Valid nbformat (Jupyter's own validator), no error output in any cell, and at least one cell that produced a
    /// value (an execute_result), so a notebook that silently ran nothing does not pass.
    /// </summary>
    public static ExecutedNotebook AssertWrittenCleanly(string path)
    {
        Assert.True(File.Exists(path), $"the runner wrote no {path}");
        NbformatValidator.AssertValid(path);
        var notebook = new ExecutedNotebook(path);
        var outputs = notebook.Cells
            .Select((cell, index) => (Cell: cell!.AsObject(), Number: index + 1))
            .Where(c => (string?)c.Cell["cell_type"] == "code")
            .SelectMany(c => c.Cell["outputs"]!.AsArray().Select(o => (c.Number, Output: o!.AsObject())))
            .ToArray();
        var errors = outputs.Where(o => (string?)o.Output["output_type"] == "error")
            .Select(o => $"cell {o.Number}: {(string?)o.Output["ename"]}: {(string?)o.Output["evalue"]}")
            .ToArray();
        Assert.True(errors.Length == 0, $"{path} has {errors.Length} error output(s):\n{string.Join('\n', errors)}");
        Assert.True(outputs.Any(o => (string?)o.Output["output_type"] == "execute_result"), $"{path}: no cell produced a value (execute_result)");
        return notebook;
    }
}
