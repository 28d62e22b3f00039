namespace Safr.Notebooks;

/// <summary>
/// A notebook that cannot run as written (bad JSON, a non-C# cell, an unknown magic command, an unknown
/// parameter): found before any cell runs, so nothing is executed or written. The message names the
/// notebook, and the cell and line when there is one: "notebooks/02-sst2.ipynb cell 4 line 1: unknown magic command #!fsharp".
/// </summary>
public sealed class NotebookException(string notebook, int? cell, int? line, string detail)
    : Exception(NotebookFailure.Format(notebook, cell, line, detail))
{
    public string Notebook { get; } = notebook;

    /// <summary>1-based position of the cell in the notebook (markdown cells count), when one is to blame.</summary>
    public int? Cell { get; } = cell;

    /// <summary>1-based line within that cell.</summary>
    public int? Line { get; } = line;

    public string Detail { get; } = detail;
}
