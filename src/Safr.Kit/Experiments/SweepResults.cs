using Microsoft.Data.Analysis;
using Safr.Kit.Data;
using Safr.Kit.Display;
using Safr.Kit.Tables;

namespace Safr.Kit.Experiments;

/// <summary>
/// A merged sweep read back for analysis: every finished cell's result and the summary per configuration (mean ± 95%
/// interval, paired tests against the baseline). Notebooks show committed sweeps with it:
/// <code>
/// var sweep = SweepResults.Load("../results/sst2-ablations");   // the folder `safr sweep merge` wrote
/// sweep.SummaryFrame()                                          // a DataFrame, one row per configuration
/// sweep.AccuracyAgainstPolysemanticity()                       // the trade-off, one point per configuration
/// </code>
/// </summary>
public sealed class SweepResults
{
    public SweepResults(string name, IEnumerable<SweepCellResult> results)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(results);
        Name = name;
        Results = [.. results];
        Summary = SweepSummary.Of(Results);
    }

    /// <summary>The sweep's name (its folder's name when loaded).</summary>
    public string Name { get; }

    /// <summary>One result per finished cell, in the order of the table.</summary>
    public IReadOnlyList<SweepCellResult> Results { get; }

    /// <summary>One row per configuration (<see cref="SweepSummary"/>), computed from <see cref="Results"/>.</summary>
    public IReadOnlyList<SweepSummaryRow> Summary { get; }

    /// <summary>
    /// Reads the results table (results.csv) of a merged sweep folder. Where the folder also has the summary
    /// (summary.csv), it must be the one these results give, so a table edited or merged from other cells is caught.
    /// </summary>
    public static SweepResults Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        var resultsFile = Path.Combine(full, SweepMerge.ResultsFileName);
        if (!File.Exists(resultsFile))
            throw new FileNotFoundException(Directory.Exists(full)
                ? $"{resultsFile}: no such file; `safr sweep merge {folder}` writes it from the sweep's finished cells"
                : $"{full}: no such folder (a merged sweep's folder holds {SweepMerge.ResultsFileName})", resultsFile);
        var sweep = new SweepResults(Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar)), SweepCsv.ReadResults(resultsFile));
        var summaryFile = Path.Combine(full, SweepMerge.SummaryFileName);
        if (File.Exists(summaryFile) && File.ReadAllText(summaryFile) != SweepCsv.Summary(sweep.Summary))
            throw new DataFormatException(summaryFile, 1, $"this summary is not the one {SweepMerge.ResultsFileName} beside it gives; merge the sweep again");
        return sweep;
    }

    /// <summary>The results a merge just gathered.</summary>
    public static SweepResults Of(SweepMergeResult merged)
    {
        ArgumentNullException.ThrowIfNull(merged);
        return new SweepResults(Path.GetFileName(merged.Sweep.Folder), merged.Results);
    }

    /// <summary>These results and <paramref name="other"/>'s in one (say, one mode's sweep and another's), for one table or figure.</summary>
    public SweepResults Concat(SweepResults other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new SweepResults($"{Name} + {other.Name}", Results.Concat(other.Results));
    }

    /// <summary>One row per cell with every metric (<see cref="SweepFrames.Results"/>).</summary>
    public DataFrame Frame() => SweepFrames.Results(Results);

    /// <summary>One row per configuration: means, 95% intervals and paired tests against the baseline (<see cref="SweepFrames.Summary"/>).</summary>
    public DataFrame SummaryFrame() => SweepFrames.Summary(Summary);

    /// <summary>
    /// The runs of each arm here beside the same arm and seed in <paramref name="other"/> (e.g. fast against paper mode):
    /// <see cref="SweepFrames.SideBySide"/>.
    /// </summary>
    public DataFrame SideBySide(SweepResults other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return SweepFrames.SideBySide(Results, other.Results);
    }

    /// <summary>Test accuracy against the polysemanticity of important tokens, a point per configuration with its intervals.</summary>
    public Figure AccuracyAgainstPolysemanticity() => Charts.AccuracyAgainstPolysemanticity(Summary, Results);

    public override string ToString() =>
        $"sweep '{Name}': {Results.Count} runs in {Summary.Count} configurations ({string.Join(", ", Summary.Select(r => $"{r.Dataset} {r.Mode} {r.Arm} ×{r.Runs}"))})";
}
