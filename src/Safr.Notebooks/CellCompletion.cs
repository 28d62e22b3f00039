namespace Safr.Notebooks;

/// <summary>One code cell finished: which (numbered as in failure messages, among all cells), how long it ran, and whether it succeeded.</summary>
/// <param name="Notebook">The notebook's path as it was given.</param>
/// <param name="Cell">1-based, counting every cell (markdown too), as "NOTEBOOK cell N" in errors.</param>
/// <param name="Executed">This cell's execution count: the how-manyth code cell that ran.</param>
/// <param name="CodeCells">How many code cells the notebook will run in all (injected parameters included).</param>
public sealed record CellCompletion(string Notebook, int Cell, int Executed, int CodeCells, TimeSpan Elapsed, bool Succeeded);
