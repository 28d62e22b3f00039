using Safr.Kit.Runs;

namespace Safr.Kit.Sweeps;

/// <summary>What <see cref="SweepMerge"/> gathered and wrote.</summary>
/// <param name="Records">One record per finished cell, in cell order.</param>
/// <param name="Unfinished">The cells that have no record yet.</param>
public sealed record SweepMergeResult(Sweep Sweep, IReadOnlyList<RunRecord> Records, IReadOnlyList<SweepCell> Unfinished, string ManifestFile);
