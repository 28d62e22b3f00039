namespace Safr.Kit.Runs;

/// <summary>The examples a run trains on, stops on (dev) and is tested on (<see cref="RunSpec.Sample"/>).</summary>
public sealed record DataSample(IReadOnlyList<Data.TextExample> Train, IReadOnlyList<Data.TextExample> Dev, IReadOnlyList<Data.TextExample> Test);
