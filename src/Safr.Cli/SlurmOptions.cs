namespace Safr.Cli;

/// <summary>What each array task of a sweep's Slurm script asks for: <c>safr sweep slurm</c>'s options.</summary>
/// <param name="Partition">null: the cluster's default partition.</param>
/// <param name="CpusPerTask">CPUs per cell, which are also its libtorch threads.</param>
/// <param name="Gpus">GPUs per cell (0: none).</param>
/// <param name="Time">The time limit per cell (HH:MM:SS or D-HH:MM:SS); null: the partition's.</param>
internal sealed record SlurmOptions(string? Partition = null, int CpusPerTask = 1, int Gpus = 0, string? Time = null);
