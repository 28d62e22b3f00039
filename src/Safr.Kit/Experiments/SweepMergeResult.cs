namespace Safr.Kit.Experiments;

/// <summary>What <see cref="SweepMerge"/> gathered and wrote.</summary>
/// <param name="Results">One row per finished cell, in cell order (a plain list: tables and DataFrames are built from it).</param>
/// <param name="Summary">One row per configuration (<see cref="SweepSummary"/>).</param>
/// <param name="Unfinished">The cells that have no result yet.</param>
public sealed record SweepMergeResult(
    Sweep Sweep, IReadOnlyList<SweepCellResult> Results, IReadOnlyList<SweepSummaryRow> Summary, IReadOnlyList<SweepCell> Unfinished,
    string ResultsFile, string SummaryFile, string ManifestFile);
