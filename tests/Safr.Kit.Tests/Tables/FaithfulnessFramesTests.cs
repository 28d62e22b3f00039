using Microsoft.Data.Analysis;
using Safr.Kit.Metrics;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>ERASER's curves and AOPC as DataFrames, value by value, before and after CSV.</summary>
public class FaithfulnessFramesTests
{
    private static readonly double[] Bins = [0.01, 0.05, 0.1, 0.2, 0.5];

    // Non-ASCII and punctuation in the names, as the kit's own rankings have ("gradient × input", "attention (layer 1)").
    private static FaithfulnessReport Report() => new(
        [
            new FaithfulnessCurve("VMASK", Bins, [0.1, 0.2, 1.0 / 3, 0.4, 0.5], [0.05, 0.04, 0.03, -0.02, 0.01], 500),
            new FaithfulnessCurve("random", Bins, [0.01, 0.02, 0.03, 0.04, 0.05], [0.3, 0.25, 0.2, 0.15, 0.1], 500),
            new FaithfulnessCurve("gradient × input", [0.1, 0.5], [0.07, 0.09], [0.2, 0.1], 499),
            new FaithfulnessCurve("attention (layer 1), \"mean\"", [0.5], [0.02], [0.3], 498),
        ],
        EmptySkipped: 2);

    private static void AssertIsBins(DataFrame frame, FaithfulnessReport report)
    {
        FrameAssert.Columns(frame, "Ranking", "Bin", "Comprehensiveness", "Sufficiency", "Examples");
        var cells = report.Curves.SelectMany(c => c.Bins.Select((bin, b) => (c, bin, b))).ToArray();
        Assert.Equal(report.Curves.Sum(c => c.Bins.Count), frame.Rows.Count);
        FrameAssert.Column(frame, "Ranking", cells.Select(x => x.c.Ranking));
        FrameAssert.Column(frame, "Bin", cells.Select(x => x.bin));
        FrameAssert.Column(frame, "Comprehensiveness", cells.Select(x => x.c.Comprehensiveness[x.b]));
        FrameAssert.Column(frame, "Sufficiency", cells.Select(x => x.c.Sufficiency[x.b]));
        FrameAssert.Column(frame, "Examples", cells.Select(x => x.c.Examples));
    }

    private static void AssertIsAopc(DataFrame frame, FaithfulnessReport report)
    {
        FrameAssert.Columns(frame, "Ranking", "AopcComprehensiveness", "AopcSufficiency", "Examples", "EmptySkipped");
        FrameAssert.Column(frame, "Ranking", report.Curves.Select(c => c.Ranking));
        FrameAssert.Column(frame, "AopcComprehensiveness", report.Curves.Select(c => c.AopcComprehensiveness));
        FrameAssert.Column(frame, "AopcSufficiency", report.Curves.Select(c => c.AopcSufficiency));
        FrameAssert.Column(frame, "Examples", report.Curves.Select(c => c.Examples));
        FrameAssert.Column(frame, "EmptySkipped", report.Curves.Select(_ => report.EmptySkipped));
    }

    [Fact]
    public void EveryBinOfEveryRankingIsARowAndComesBackFromCsv()
    {
        var report = Report();
        var frame = report.BinsFrame();
        AssertIsBins(frame, report);
        AssertIsBins(FrameAssert.RoundTrip(frame), report);
    }

    [Fact]
    public void EveryRankingsAopcIsARowAndComesBackFromCsv()
    {
        var report = Report();
        var frame = report.AopcFrame();
        AssertIsAopc(frame, report);
        AssertIsAopc(FrameAssert.RoundTrip(frame), report);
    }

    [Fact]
    public void TheBinsGroupBackToTheAopc()
    {
        // AOPC is the mean over bins: the frame's own GroupBy gives it back (a frame a researcher can aggregate).
        var report = Report();
        var means = report.BinsFrame().GroupBy("Ranking").Mean("Comprehensiveness");
        for (var r = 0; r < means.Rows.Count; r++)
            Assert.Equal(report[(string)means["Ranking"][r]].AopcComprehensiveness, (double)means["Comprehensiveness"][r]!, 12);
    }
}
