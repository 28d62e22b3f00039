namespace Safr.Notebooks;

public enum NotebookRunStatus
{
    Succeeded,
    /// <summary>A cell failed to compile or threw; the notebook was written with that cell's error output.</summary>
    Failed,
    /// <summary>The run was cancelled; the notebook was written with what had run.</summary>
    Cancelled,
}

/// <summary>The outcome of one notebook: where it was written, how long it took, and where it stopped if it did.</summary>
public sealed record NotebookRunResult(
    string Notebook,
    string WrittenTo,
    NotebookRunStatus Status,
    int CellsRun,
    TimeSpan Elapsed,
    NotebookFailure? Failure)
{
    public bool Succeeded => Status == NotebookRunStatus.Succeeded;
}
