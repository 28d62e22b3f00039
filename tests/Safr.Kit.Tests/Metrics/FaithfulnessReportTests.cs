using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Metrics;

/// <summary>The report as a list of named curves.</summary>
public class FaithfulnessReportTests
{
    private static FaithfulnessCurve Curve(string name, double value) => new(name, [0.5], [value], [value / 2], 3);

    [Fact]
    public void CurvesKeepTheirOrderAndAreFoundByName()
    {
        var report = new FaithfulnessReport([Curve("VMASK", 0.3), Curve("random", 0.1), Curve("attention", 0.2)], EmptySkipped: 1);
        Assert.Equal(["VMASK", "random", "attention"], report.Curves.Select(c => c.Ranking));
        Assert.Equal(0.2, report["attention"].Comprehensiveness[0]);
        var missing = Assert.Throws<KeyNotFoundException>(() => report["gradient"]);
        Assert.Equal("no faithfulness curve named 'gradient'; the report has 'VMASK', 'random', 'attention'", missing.Message);
        Assert.StartsWith("Faithfulness (ERASER AOPC), 3 examples (1 empty skipped)\nVMASK: ", report.ToString());
    }

    [Fact]
    public void NamesMustBeDistinctAndCurvesPresent()
    {
        Assert.Contains("'random'", Assert.Throws<ArgumentException>(() => new FaithfulnessReport([Curve("random", 0.1), Curve("random", 0.2)])).Message);
        Assert.Throws<ArgumentException>(() => new FaithfulnessReport([]));
    }
}
