using Safr.Kit.Display;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;
using Safr.Kit.Tables;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Tables;

/// <summary>
/// The accuracy–interpretability frontier: each configuration's differences from its baseline, paired by seed; the
/// largest λ_imp that keeps accuracy (not significantly lower, and not more than half a point); and a verdict that says
/// when the seeds are too few to rule out a larger cost.
/// </summary>
public sealed class FrontierTests
{
    private static readonly double[] BaseAccuracy = [0.72, 0.70, 0.71, 0.73, 0.69];
    private static readonly double[] BasePoly = [8, 7, 9, 6, 8];
    private static readonly double[] BaseComp = [0.05, 0.06, 0.04, 0.05, 0.07];

    private static RunRecord Run(string dataset, double imp, double inter, int seed, double accuracy, double poly, double comp)
    {
        var spec = new RunSpec { Dataset = dataset, Mode = RunMode.Fast, LambdaImportance = imp, LambdaInteraction = inter, Seed = seed };
        var test = new Evaluation(accuracy, new PolysemanticityByImportance(poly, 3, 4, 100, 200, 0.5), new InteractionScore(0.01, 10, 1),
            new FaithfulnessReport([new FaithfulnessCurve("VMASK", [0.1], [comp], [0.1], 10), new FaithfulnessCurve("random", [0.1], [0.01], [0.2], 10)]), 10);
        return new RunRecord(spec, test, new TrainingResult([], 1, 0.7, 1, true, null) { Epochs = 4 });
    }

    /// <summary>Baseline, λ_imp 0.1 (accuracy unchanged), 0.3 (a small but consistent drop: significant), 1 (a point lower), all at λ_inter 1.</summary>
    private static List<RunRecord> Grid(string dataset = "sst2")
    {
        double[] same = [0.001, -0.002, 0.0, 0.003, -0.001], small = [-0.004, -0.006, -0.003, -0.005, -0.004], point = [-0.01, -0.012, -0.008, -0.011, -0.009];
        var runs = new List<RunRecord>();
        for (var s = 0; s < 5; s++) runs.Add(Run(dataset, 0, 0, s, BaseAccuracy[s], BasePoly[s], BaseComp[s]));
        foreach (var (imp, drop) in new[] { (0.1, same), (0.3, small), (1.0, point) })
            for (var s = 0; s < 5; s++) runs.Add(Run(dataset, imp, 1, s, BaseAccuracy[s] + drop[s], BasePoly[s] / (1 + 3 * imp), BaseComp[s] + 0.1 * imp));
        return runs;
    }

    [Fact]
    public void TheLargestLambdaThatKeepsAccuracyIsRecommendedWithItsEvidence()
    {
        var frontier = Assert.Single(Grid().Frontiers());
        Assert.Equal("sst2", frontier.Dataset);
        Assert.True(frontier.Baseline.IsBaseline);
        Assert.Equal([0.0, 0.1, 0.3, 1.0], frontier.Points.Select(p => p.LambdaImportance));
        Assert.Equal(0.1, frontier.Recommended?.LambdaImportance);

        // The differences are the seeds' paired differences, as computed here by hand.
        var point = frontier.Points[1];
        double[] diffs = [.. Enumerable.Range(0, 5).Select(s => (BaseAccuracy[s] + new[] { 0.001, -0.002, 0.0, 0.003, -0.001 }[s]) - BaseAccuracy[s])];
        Assert.Equal(MeanInterval.Of(diffs).Mean, point.AccuracyDifference!.Mean, 15);
        Assert.Equal(MeanInterval.Of(diffs).HalfWidth, point.AccuracyDifference.HalfWidth, 15);
        Assert.Equal(PairedTest.Of([.. Enumerable.Range(0, 5).Select(s => BaseAccuracy[s] + diffs[s])], BaseAccuracy).PValue, point.AccuracyTest!.PValue, 12);
        Assert.Equal(BasePoly.Select(p => p / 1.3 - p).Average(), point.PolysemanticityDifference!.Mean, 12);
        Assert.Equal(0.01, point.ComprehensivenessDifference!.Mean, 12);

        // λ_imp 0.3 costs less than half a point but significantly (p < 0.05), so it is not recommended.
        Assert.True(frontier.Points[2].AccuracyTest!.PValue < 0.05);
        Assert.True(frontier.Points[2].AccuracyDifference!.Mean > -0.005);
        Assert.False(frontier.Points[2].KeepsAccuracy(0.005, 0.05));
        Assert.StartsWith("λ_imp = 0.1 (λ_inter 1): accuracy +0.02 points", frontier.Verdict);
        Assert.Contains("the next, λ_imp = 0.3, costs -0.44 points", frontier.Verdict);
        Assert.Contains("the seeds rule out a cost above 0.5 points", frontier.Verdict);
        Assert.DoesNotContain("the largest λ_imp tried", frontier.Verdict);
    }

    [Fact]
    public void ARecommendationAtTheTopOfTheGridSaysALargerLambdaWasNotTried()
    {
        var frontier = Assert.Single(Grid().Where(r => r.Spec.LambdaImportance is 0 or 0.1).Frontiers());
        Assert.Equal(0.1, frontier.Recommended?.LambdaImportance);
        Assert.DoesNotContain("the next", frontier.Verdict);
        Assert.Contains("it is the largest λ_imp tried at λ_inter 1, so a larger one may keep accuracy too", frontier.Verdict);
    }

    [Fact]
    public void NoisySeedsAreSaidToBeTooFewToDecide()
    {
        var runs = new List<RunRecord>();
        double[] noise = [0.02, -0.03, 0.01];
        for (var s = 0; s < 3; s++)
        {
            runs.Add(Run("imdb", 0, 0, s, BaseAccuracy[s], BasePoly[s], BaseComp[s]));
            runs.Add(Run("imdb", 0.3, 1, s, BaseAccuracy[s] + noise[s], BasePoly[s] / 2, BaseComp[s] + 0.05));
        }
        var frontier = Assert.Single(runs.Frontiers());
        Assert.Equal(0.3, frontier.Recommended?.LambdaImportance);  // not significant, mean 0: kept by the rule
        Assert.False(frontier.Recommended!.RulesOutDrop(0.005));
        Assert.Contains("too few seeds to rule out a larger cost", frontier.Verdict);
    }

    [Fact]
    public void WhenEveryLambdaCostsAccuracyNoneIsRecommendedAndTheVerdictSaysSo()
    {
        var frontier = Assert.Single(Grid().Where(r => r.Spec.LambdaImportance is 0 or 1.0).Frontiers());
        Assert.Null(frontier.Recommended);
        Assert.StartsWith("no λ_imp at λ_inter 1 keeps accuracy: the smallest, 1, changes it by -1.00 points", frontier.Verdict);
    }

    [Fact]
    public void EachBaselineHasItsOwnFrontierAndTheFrameMarksTheRecommendation()
    {
        var frontiers = Grid("sst2").Concat(Grid("agnews")).Concat([Run("imdb", 1, 1, 0, 0.7, 1, 0.1)]).ToArray().Frontiers();
        Assert.Equal(["sst2", "agnews"], frontiers.Select(f => f.Dataset));  // imdb has no baseline: no frontier
        var frame = Frontier.Frame(frontiers);
        Assert.Equal(8, frame.Rows.Count);
        Assert.Equal([false, true, false, false, false, true, false, false], frame["Recommended"].Cast<bool>());
        Assert.Null(frame["TestAccuracy.Diff"][0]);  // the baseline has no difference from itself
        Assert.Equal(frontiers[0].Points[3].AccuracyDifference!.Mean, frame["TestAccuracy.Diff"][3]);
    }

    [Fact]
    public void TheFigurePutsEachConfigurationAtItsMeansTheBaselineADiamondTheRecommendationAStar()
    {
        var frontier = Assert.Single(Grid().Frontiers());
        foreach (var measure in new[] { RunMetric.PolysemanticityImportant, RunMetric.VmaskComprehensiveness })
        {
            var figure = frontier.Figure(measure);
            var traces = figure.Traces.Cast<XPlot.Plotly.Scatter>().ToArray();
            Assert.Equal(["baseline", "λ_imp 0.1, λ_inter 1 (recommended)", "λ_imp 0.3, λ_inter 1", "λ_imp 1, λ_inter 1"], traces.Select(t => t.name));
            for (var i = 0; i < 4; i++)
            {
                var summary = frontier.Points[i].Summary;
                Assert.Equal(new double?[] { summary[measure]!.Mean }, traces[i].x);
                Assert.Equal(new double?[] { summary[RunMetric.TestAccuracy]!.Mean }, traces[i].y);
                Assert.Equal(new double?[] { summary[RunMetric.TestAccuracy]!.HalfWidth }, traces[i].error_y.array);
            }
            Assert.Equal(["diamond", "star", "circle", "circle"], traces.Select(t => (string)t.marker.symbol));
        }
    }
}
