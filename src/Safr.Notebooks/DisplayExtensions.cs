namespace Safr.Notebooks;

/// <summary>The kernel's <c>value.Display()</c>, for code running inside a notebook cell (the namespace is imported into every cell).</summary>
public static class DisplayExtensions
{
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) =>
        (NotebookSession.Current ?? throw new InvalidOperationException("Display() shows a value in a notebook; no notebook cell is running here"))
        .Display(value, mimeTypes);
}
