using Microsoft.Data.Analysis;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Training;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Tables;

/// <summary>
/// The run table, its summary, the epochs and the faithfulness bins of an experiment as DataFrames: every value against
/// the RunRecord field it came from, before and after a CSV round trip.
/// </summary>
[Collection("KitGlobalState")]
public class RunRecordsFramesTests
{
    private static readonly double[] Bins = [0.1, 0.5];

    /// <summary>
    /// The ablation grid (4 configurations x 2 seeds) with recognisable numbers. SAFR also ranks by "gradient × input";
    /// "importance only" seed 1 skipped faithfulness; the baseline kept its runs in folders, the others in memory.
    /// </summary>
    private static RunRecord[] Grid() =>
    [
        .. ExperimentArm.Ablations(seeds: 2).Select((arm, i) =>
        {
            var x = i + 1;
            List<FaithfulnessCurve> curves =
            [
                new("VMASK", Bins, [0.1 * x, 0.2 * x], [0.05 / x, 0.01 / x], 8),
                new("random", Bins, [0.01 * x, 1.0 / (3 * x)], [0.3, 0.2], 8),
            ];
            if (arm.Name == "SAFR") curves.Add(new("gradient × input", Bins, [0.07, 0.09 * x], [0.2, 0.1], 8));
            var faithfulness = arm is { Name: "importance only", Seed: 1 } ? null : new FaithfulnessReport(curves, EmptySkipped: i % 2);
            var test = new Evaluation(0.8 + x / 100.0, new PolysemanticityByImportance(0.3 + x / 1000.0, 0.45, 0.41, 100 + x, 300 - x, 0.5),
                new InteractionScore(0.02 * x, 32, 2), faithfulness, 32);
            EpochRecord[] history = [.. Enumerable.Range(1, 1 + i % 3).Select(e => new EpochRecord(e, 0.9 / e + x, 0.8 / e, 0.07, 0.03 * x, 0.6, 0.7 + e / 100.0, 1.5, e == 1))];
            var training = new TrainingResult(history, 1, history[0].DevAccuracy, 1, i % 2 == 0, arm.Name == "baseline" ? $"/runs/planted-seed{arm.Seed}" : null);
            return new RunRecord(arm.Apply(new RunSpec { Dataset = "planted", Mode = RunMode.Fast }), test, training) { Seconds = 10 + x, RunFolder = training.RunFolder };
        }),
    ];

    private static FaithfulnessCurve? Curve(RunRecord r, string ranking) => r.Test.Faithfulness?.Curves.FirstOrDefault(c => c.Ranking == ranking);

    private static readonly string[] RunColumns = ["Dataset", "Mode", "Tokenizer", "Name", "LambdaImportance", "LambdaInteraction", "Seed"];

    private static void AssertArmColumns(DataFrame frame, IEnumerable<RunRecord> runs)
    {
        var a = runs.ToArray();
        FrameAssert.Column(frame, "Dataset", a.Select(x => x.Spec.DatasetName));
        FrameAssert.Column(frame, "Mode", a.Select(x => x.Spec.Mode.ToString().ToLowerInvariant()));
        FrameAssert.Column(frame, "Tokenizer", a.Select(x => x.Spec.Tokenizer));
        FrameAssert.Column(frame, "Name", a.Select(x => x.Name));
        FrameAssert.Column(frame, "LambdaImportance", a.Select(x => x.Spec.LambdaImportance));
        FrameAssert.Column(frame, "LambdaInteraction", a.Select(x => x.Spec.LambdaInteraction));
        FrameAssert.Column(frame, "Seed", a.Select(x => x.Spec.Seed));
    }

    private static void AssertIsRunTable(DataFrame frame, IReadOnlyList<RunRecord> results, string[] rankings, bool fromCsv)
    {
        FrameAssert.Columns(frame,
        [
            .. RunColumns, "TestAccuracy", "TestExamples",
            "PolysemanticityImportant", "PolysemanticityOther", "PolysemanticityAll", "ImportantTokens", "OtherTokens", "ImportanceThreshold",
            "Interaction", "InteractionExamples", "InteractionBatches", "FaithfulnessExamples", "FaithfulnessEmptySkipped",
            .. rankings.Select(k => $"AopcComprehensiveness[{k}]"), .. rankings.Select(k => $"AopcSufficiency[{k}]"),
            "Epochs", "BestEpoch", "BestDevAccuracy", "ModelEpoch", "StoppedEarly", "SecondsPerEpoch", "Seconds", "RunFolder",
        ]);
        AssertArmColumns(frame, results);
        FrameAssert.Column(frame, "TestAccuracy", results.Select(r => r.TestAccuracy));
        FrameAssert.Column(frame, "TestExamples", results.Select(r => r.Test.Examples));
        FrameAssert.Column(frame, "PolysemanticityImportant", results.Select(r => r.Test.Polysemanticity.Important));
        FrameAssert.Column(frame, "PolysemanticityOther", results.Select(r => r.Test.Polysemanticity.Other));
        FrameAssert.Column(frame, "PolysemanticityAll", results.Select(r => r.Test.Polysemanticity.All));
        FrameAssert.Column(frame, "ImportantTokens", results.Select(r => r.Test.Polysemanticity.ImportantTokens));
        FrameAssert.Column(frame, "OtherTokens", results.Select(r => r.Test.Polysemanticity.OtherTokens));
        FrameAssert.Column(frame, "ImportanceThreshold", results.Select(r => r.Test.Polysemanticity.Threshold));
        FrameAssert.Column(frame, "Interaction", results.Select(r => r.Test.Interaction.Value));
        FrameAssert.Column(frame, "InteractionExamples", results.Select(r => r.Test.Interaction.Examples));
        FrameAssert.Column(frame, "InteractionBatches", results.Select(r => r.Test.Interaction.Batches));
        FrameAssert.Column(frame, "FaithfulnessExamples", results.Select(r => r.Test.Faithfulness?.Curves[0].Examples));
        FrameAssert.Column(frame, "FaithfulnessEmptySkipped", results.Select(r => r.Test.Faithfulness?.EmptySkipped));
        foreach (var k in rankings)
        {
            FrameAssert.Column(frame, $"AopcComprehensiveness[{k}]", results.Select(r => Curve(r, k)?.AopcComprehensiveness));
            FrameAssert.Column(frame, $"AopcSufficiency[{k}]", results.Select(r => Curve(r, k)?.AopcSufficiency));
        }
        FrameAssert.Column(frame, "Epochs", results.Select(r => r.Training.Epochs));
        FrameAssert.Column(frame, "BestEpoch", results.Select(r => r.Training.BestEpoch));
        FrameAssert.Column(frame, "BestDevAccuracy", results.Select(r => r.Training.BestDevAccuracy));
        FrameAssert.Column(frame, "ModelEpoch", results.Select(r => r.Training.ModelEpoch));
        FrameAssert.Column(frame, "StoppedEarly", results.Select(r => r.Training.StoppedEarly));
        FrameAssert.Column(frame, "SecondsPerEpoch", results.Select(r => r.Training.SecondsPerEpoch));
        FrameAssert.Column(frame, "Seconds", results.Select(r => r.Seconds));
        FrameAssert.Column(frame, "RunFolder", results.Select(r => fromCsv ? r.RunFolder ?? "" : r.RunFolder));
    }

    private static void AssertIsSummary(DataFrame frame, IReadOnlyList<RunRecord> results, string[] rankings)
    {
        var configurations = results.GroupBy(r => (r.Name, r.Spec.LambdaImportance, r.Spec.LambdaInteraction)).ToArray();
        List<(string Name, Func<RunRecord, double?> Value)> metrics =
        [
            ("TestAccuracy", r => r.TestAccuracy), ("BestDevAccuracy", r => r.Training.BestDevAccuracy),
            ("PolysemanticityImportant", r => r.Test.Polysemanticity.Important), ("PolysemanticityOther", r => r.Test.Polysemanticity.Other),
            ("PolysemanticityAll", r => r.Test.Polysemanticity.All), ("Interaction", r => r.Test.Interaction.Value),
        ];
        foreach (var k in rankings)
        {
            metrics.Add(($"AopcComprehensiveness[{k}]", r => Curve(r, k)?.AopcComprehensiveness));
            metrics.Add(($"AopcSufficiency[{k}]", r => Curve(r, k)?.AopcSufficiency));
        }
        metrics.Add(("Epochs", r => r.Training.Epochs));
        metrics.Add(("Seconds", r => r.Seconds));
        string[] tested = ["TestAccuracy", "PolysemanticityImportant", "AopcComprehensiveness[VMASK]"];
        FrameAssert.Columns(frame, [.. RunColumns.Where(c => c != "Seed"), "Runs", "Seeds", .. metrics.SelectMany(m => new[] { m.Name + ".Mean", m.Name + ".Ci95" }),
            "PairedSeeds", .. tested.SelectMany(m => new[] { m + ".Diff", m + ".t", m + ".p" })]);
        FrameAssert.Column(frame, "Seeds", configurations.Select(g => string.Join(' ', g.Select(r => r.Spec.Seed).Order())));
        FrameAssert.Column(frame, "Name", configurations.Select(g => g.Key.Name));
        FrameAssert.Column(frame, "LambdaImportance", configurations.Select(g => g.Key.LambdaImportance));
        FrameAssert.Column(frame, "LambdaInteraction", configurations.Select(g => g.Key.LambdaInteraction));
        FrameAssert.Column(frame, "Runs", configurations.Select(g => g.Count()));
        foreach (var (name, value) in metrics)
        {
            var intervals = configurations.Select(g => g.Select(value).ToArray())
                .Select(v => v.Contains(null) ? null : MeanInterval.Of([.. v.Select(x => x!.Value)])).ToArray();
            FrameAssert.Column(frame, name + ".Mean", intervals.Select(i => i?.Mean));
            FrameAssert.Column(frame, name + ".Ci95", intervals.Select(i => i?.HalfWidth));
        }
    }

    private static void AssertIsHistories(DataFrame frame, IReadOnlyList<RunRecord> results)
    {
        var rows = results.SelectMany(r => r.Training.History.Select(h => (Arm: r, h))).ToArray();
        FrameAssert.Columns(frame, [.. RunColumns,
            "Epoch", "Loss", "CrossEntropy", "Importance", "Interaction", "TrainAccuracy", "DevAccuracy", "Seconds", "Improved"]);
        AssertArmColumns(frame, rows.Select(x => x.Arm));
        FrameAssert.Column(frame, "Epoch", rows.Select(x => x.h.Epoch));
        FrameAssert.Column(frame, "Loss", rows.Select(x => x.h.Loss));
        FrameAssert.Column(frame, "CrossEntropy", rows.Select(x => x.h.CrossEntropy));
        FrameAssert.Column(frame, "Importance", rows.Select(x => x.h.Importance));
        FrameAssert.Column(frame, "Interaction", rows.Select(x => x.h.Interaction));
        FrameAssert.Column(frame, "TrainAccuracy", rows.Select(x => x.h.TrainAccuracy));
        FrameAssert.Column(frame, "DevAccuracy", rows.Select(x => x.h.DevAccuracy));
        FrameAssert.Column(frame, "Seconds", rows.Select(x => x.h.Seconds));
        FrameAssert.Column(frame, "Improved", rows.Select(x => x.h.Improved));
    }

    private static void AssertIsFaithfulness(DataFrame frame, IReadOnlyList<RunRecord> results)
    {
        var rows = results.SelectMany(r => (r.Test.Faithfulness?.Curves ?? []).SelectMany(c => c.Bins.Select((bin, b) => (Arm: r, c, bin, b)))).ToArray();
        FrameAssert.Columns(frame, [.. RunColumns, "Ranking", "Bin", "Comprehensiveness", "Sufficiency", "Examples"]);
        AssertArmColumns(frame, rows.Select(x => x.Arm));
        FrameAssert.Column(frame, "Ranking", rows.Select(x => x.c.Ranking));
        FrameAssert.Column(frame, "Bin", rows.Select(x => x.bin));
        FrameAssert.Column(frame, "Comprehensiveness", rows.Select(x => x.c.Comprehensiveness[x.b]));
        FrameAssert.Column(frame, "Sufficiency", rows.Select(x => x.c.Sufficiency[x.b]));
        FrameAssert.Column(frame, "Examples", rows.Select(x => x.c.Examples));
    }

    [Fact]
    public void TheAblationGridsRunTableHasEveryMetricOfEveryRunAndComesBackFromCsv()
    {
        var results = Grid();
        string[] rankings = ["VMASK", "random", "gradient × input"];
        var frame = results.Frame();
        Assert.Equal(8, frame.Rows.Count);
        AssertIsRunTable(frame, results, rankings, fromCsv: false);
        AssertIsRunTable(FrameAssert.RoundTrip(frame), results, rankings, fromCsv: true);
        // Where nothing was measured the cell is null, not 0 or NaN.
        Assert.Null(frame["AopcComprehensiveness[VMASK]"][3]);         // importance only, seed 1: faithfulness skipped
        Assert.Null(frame["AopcComprehensiveness[gradient × input]"][0]); // the baseline was not ranked by gradient × input
    }

    [Fact]
    public void TheSummaryIsEachConfigurationsMeanIntervalOfEveryMetricAndComesBackFromCsv()
    {
        var results = Grid();
        string[] rankings = ["VMASK", "random", "gradient × input"];
        var frame = results.SummaryFrame();
        Assert.Equal(["baseline", "importance only", "interaction only", "SAFR"], frame["Name"].Cast<string>());
        AssertIsSummary(frame, results, rankings);
        AssertIsSummary(FrameAssert.RoundTrip(frame), results, rankings);
        Assert.Null(frame["AopcComprehensiveness[VMASK].Mean"][1]);  // one of its runs skipped faithfulness: no mean of fewer runs
    }

    [Fact]
    public void TheSummaryAgreesWithTheRunTableGroupedByTheFramesOwnGroupBy()
    {
        var results = Grid();
        var means = results.Frame().GroupBy("Name").Mean("TestAccuracy");
        var summary = results.SummaryFrame();
        for (var r = 0; r < summary.Rows.Count; r++)
        {
            var row = Enumerable.Range(0, (int)means.Rows.Count).Single(i => (string)means["Name"][i] == (string)summary["Name"][r]);
            Assert.Equal((double)summary["TestAccuracy.Mean"][r]!, (double)means["TestAccuracy"][row]!, 12);
        }
    }

    [Fact]
    public void TwoArmsThatShareANameButNotTheirLambdasAreTwoConfigurationsInBothSummaries()
    {
        // "SAFR" at lambda 1 (seeds 0, 1) and a user's "SAFR" at lambda_imp 0.15 (seed 0): not three seeds of one configuration.
        var grid = Grid().Where(r => r.Name == "SAFR").ToArray();
        var weaker = grid[0] with { Spec = grid[0].Spec with { LambdaImportance = 0.15 } };
        RunRecord[] results = [.. grid, weaker];
        var frame = results.SummaryFrame();
        Assert.Equal([1.0, 0.15], frame["LambdaImportance"].Cast<double>());
        Assert.Equal([2, 1], frame["Runs"].Cast<int>());
        Assert.Equal(weaker.TestAccuracy, frame["TestAccuracy.Mean"][1]);
    }

    [Fact]
    public void OneSeedHasAMeanAndNoInterval()
    {
        var frame = new[] { Grid()[0] }.SummaryFrame();
        Assert.Equal(1, frame["Runs"][0]);
        Assert.Equal(Grid()[0].TestAccuracy, frame["TestAccuracy.Mean"][0]);
        Assert.True(double.IsNaN((double)frame["TestAccuracy.Ci95"][0]!));
    }

    [Fact]
    public void EveryRunsEpochsAreRowsUnderItsRunAndComeBackFromCsv()
    {
        var results = Grid();
        var frame = results.HistoryFrame();
        Assert.Equal(results.Sum(r => r.Training.Epochs), frame.Rows.Count);
        AssertIsHistories(frame, results);
        AssertIsHistories(FrameAssert.RoundTrip(frame), results);
    }

    [Fact]
    public void EveryRunsFaithfulnessBinsAreRowsUnderItsRunAndComeBackFromCsv()
    {
        var results = Grid();
        var frame = results.FaithfulnessFrame();
        Assert.Equal(7 * 2 * 2 + 2 * 2, frame.Rows.Count);  // 7 runs scored x 2 rankings x 2 bins, and SAFR's extra ranking
        AssertIsFaithfulness(frame, results);
        AssertIsFaithfulness(FrameAssert.RoundTrip(frame), results);
    }

    [Fact]
    public void NoResultsAreFramesWithoutRows()
    {
        RunRecord[] none = [];
        Assert.Equal(0, none.Frame().Rows.Count);
        Assert.Equal(0, none.SummaryFrame().Rows.Count);
        Assert.Equal(0, none.HistoryFrame().Rows.Count);
        Assert.Equal(0, none.FaithfulnessFrame().Rows.Count);
    }

    [Fact]
    public void ATrainedExperimentsFramesHoldItsResultsAndComeBackFromCsv()
    {
        var settings = new RunSpec
        {
            Architecture = TinyRun.Config(), MaxLength = 10, LearningRate = 1e-3, Epochs = 1, Patience = 10, BatchSize = 16, FaithfulnessExamples = 4,
        };
        var results = new Experiment(TinyRun.Task.Dataset, settings).Run([ExperimentArm.Baseline(0), ExperimentArm.Baseline(1), ExperimentArm.Safr(0)]);
        string[] rankings = [.. results[0].Test.Faithfulness!.Curves.Select(c => c.Ranking)];
        var runs = results.Frame();
        AssertIsRunTable(runs, results, rankings, fromCsv: false);
        AssertIsRunTable(FrameAssert.RoundTrip(runs), results, rankings, fromCsv: true);
        var summary = results.SummaryFrame();
        AssertIsSummary(summary, results, rankings);
        AssertIsSummary(FrameAssert.RoundTrip(summary), results, rankings);
        AssertIsHistories(FrameAssert.RoundTrip(results.HistoryFrame()), results);
        AssertIsFaithfulness(FrameAssert.RoundTrip(results.FaithfulnessFrame()), results);
    }
}
