namespace Safr.Notebooks;

/// <summary>Where and why a run stopped: the failing cell (1-based, counting every cell of the written notebook), the line within it, and the message.</summary>
public sealed record NotebookFailure(int Cell, int? Line, string Message)
{
    /// <summary>"NOTEBOOK cell N line L: MESSAGE", the one line the CLI prints.</summary>
    public string Describe(string notebook) => Format(notebook, Cell, Line, Message);

    internal static string Format(string notebook, int? cell, int? line, string message) =>
        notebook + (cell is { } c ? $" cell {c}" : "") + (line is { } l ? $" line {l}" : "") + ": " + message;
}
