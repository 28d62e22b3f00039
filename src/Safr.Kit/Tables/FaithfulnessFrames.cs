using Microsoft.Data.Analysis;
using Safr.Kit.Metrics;

namespace Safr.Kit.Tables;

/// <summary>ERASER faithfulness (<see cref="FaithfulnessReport"/>) as DataFrames: the curves over bins, and their AOPC.</summary>
public static class FaithfulnessFrames
{
    /// <summary>
    /// One row per ranking and bin, rankings in the report's order, bins in each curve's order (long format, so a
    /// frame groups by Ranking or filters one Bin): Ranking (string), Bin (double, the fraction of tokens taken),
    /// Comprehensiveness, Sufficiency (double), Examples (int, the curve's scored examples).
    /// </summary>
    public static DataFrame BinsFrame(this FaithfulnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new DataFrame(BinColumns(report.Curves));
    }

    /// <summary>
    /// One row per ranking: Ranking (string), AopcComprehensiveness, AopcSufficiency (double: each the mean over bins),
    /// Examples (int), EmptySkipped (int, the report's examples left out for having no tokens, on every row).
    /// </summary>
    public static DataFrame AopcFrame(this FaithfulnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var curves = report.Curves;
        return new DataFrame(
            new StringDataFrameColumn(nameof(FaithfulnessCurve.Ranking), curves.Select(c => c.Ranking)),
            new DoubleDataFrameColumn(nameof(FaithfulnessCurve.AopcComprehensiveness), curves.Select(c => c.AopcComprehensiveness)),
            new DoubleDataFrameColumn(nameof(FaithfulnessCurve.AopcSufficiency), curves.Select(c => c.AopcSufficiency)),
            new Int32DataFrameColumn(nameof(FaithfulnessCurve.Examples), curves.Select(c => c.Examples)),
            new Int32DataFrameColumn(nameof(FaithfulnessReport.EmptySkipped), curves.Select(_ => report.EmptySkipped)));
    }

    /// <summary>The columns of <see cref="BinsFrame"/>, for frames that put more columns (the arm) before them.</summary>
    internal static IEnumerable<DataFrameColumn> BinColumns(IEnumerable<FaithfulnessCurve> curves)
    {
        var rows = curves.SelectMany(c => c.Bins.Select((bin, b) => (Curve: c, Bin: bin, Index: b))).ToArray();
        return
        [
            new StringDataFrameColumn(nameof(FaithfulnessCurve.Ranking), rows.Select(r => r.Curve.Ranking)),
            new DoubleDataFrameColumn("Bin", rows.Select(r => r.Bin)),
            new DoubleDataFrameColumn(nameof(FaithfulnessCurve.Comprehensiveness), rows.Select(r => r.Curve.Comprehensiveness[r.Index])),
            new DoubleDataFrameColumn(nameof(FaithfulnessCurve.Sufficiency), rows.Select(r => r.Curve.Sufficiency[r.Index])),
            new Int32DataFrameColumn(nameof(FaithfulnessCurve.Examples), rows.Select(r => r.Curve.Examples)),
        ];
    }
}
