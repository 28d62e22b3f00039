using Safr.Kit.Analysis;
using Safr.Kit.Data.Synthetic;
using Safr.Kit.Runs;
using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Tests.Display;

/// <summary>Hand-built results with recognisable numbers (no model, no libtorch).</summary>
internal static class Samples
{
    public static readonly EpochRecord[] History =
    [
        new(1, 0.9, 0.8, 0.07, 0.03, 0.6, 0.7, 1.5, true),
        new(2, 0.6, 0.55, 0.04, 0.01, 0.75, 0.8, 1.25, true),
        new(3, 0.45, 0.4, 0.03, 0.02, 0.85, 0.78, 1.0, false),
    ];

    public static TrainingResult Training() => new(History, BestEpoch: 2, BestDevAccuracy: 0.8, ModelEpoch: 2, StoppedEarly: false, RunFolder: "/runs/<demo>");

    public static RunRecord Run() => new(
        new RunSpec { Dataset = "sst2", LambdaImportance = 1, LambdaInteraction = 0.5, Seed = 7 },
        new Evaluation(0.8125, new PolysemanticityByImportance(0.4, 0.5, 0.45, 100, 300, 0.5), new InteractionScore(0.02, 400, 4), null, 400),
        Training())
    {
        Seconds = 3.75, DatasetDescription = "SST-2 <binary> sentences", LibTorchVersion = "2.1.0", SourceCommit = "abc123",
    };

    public static readonly PlantedTask Task = PlantedTask.Generate(new PlantedTaskOptions { Train = 8, Dev = 4, Test = 4, FillerWords = 20, Seed = 1 });

    public static DemoResult Demo()
    {
        var baseline = new RunRecord(new RunSpec { Dataset = "planted", Name = "baseline" },
            new Evaluation(0.9, new PolysemanticityByImportance(0.5, 0.4, 0.45, 100, 300, 0.5), new InteractionScore(0.02, 4, 1), null, 4),
            new TrainingResult(History, 2, 0.8, 2, false, null));
        var safr = new RunRecord(new RunSpec { Dataset = "planted", Name = "SAFR <1,1>", LambdaImportance = 1, LambdaInteraction = 1 },
            new Evaluation(0.93, new PolysemanticityByImportance(0.3, 0.45, 0.41, 120, 280, 0.5), new InteractionScore(0.03, 4, 1), null, 4),
            new TrainingResult(History[..2], 2, 0.8, 2, true, null));
        return new DemoResult([baseline, safr], [0.6, 0.75], Task, PlantedDemo.ModelConfig(50, 2, 22), 61.5);
    }

    public static readonly string[] Tokens = ["not", "<b>", "good", "</script>"];

    public static AllocationReport Allocation()
    {
        var activations = new double[,]
        {
            { 1.0, 0.0, 0.1, 0.0 },
            { 0.0, 0.0, 0.2, 0.0 },
            { 0.0, 2.0, 0.3, 0.0 },
            { 0.0, 0.0, 0.1, 0.0 },
        };
        double[][] interference =
        [
            [0, 0.5, -0.25, 0.1],
            [0.4, 0, 0.2, -0.3],
            [-0.2, 0.1, 0, 0.6],
            [0.05, -0.1, 0.7, 0],
        ];
        return new AllocationReport("not <b> good </script>", Tokens, [0, 1, 2, 3], 0, null,
            [0.9, 0.1, 0.8, 0.3], [0.2, 0.4, 0.1, 0.3], interference, NeuronAllocation.FromActivations(activations), 2,
            [new TokenPair(0, 2, "not", "good", 0.41), new TokenPair(1, 3, "<b>", "</script>", 0.12)]);
    }

    /// <summary>Two configurations, the SAFR one over two seeds; its first run has a NaN accuracy (a gap, not a broken figure).</summary>
    public static RunRecord[] Arms()
    {
        static RunRecord Arm(string name, double lambda, int seed, double accuracy, double important, EpochRecord[] history) => new(
            new ExperimentArm(name, lambda, lambda, seed).Apply(new RunSpec()),
            new Evaluation(accuracy, new PolysemanticityByImportance(important, 0.5, 0.45, 100, 300, 0.5), new InteractionScore(0.01, 400, 4), null, 400),
            new TrainingResult(history, history.Length, 0.8, history.Length, false, null));
        return
        [
            Arm("baseline", 0, 0, 0.9, 0.5, History),
            Arm("SAFR <1,1>", 1, 1, double.NaN, 0.3, History[..2]),
            Arm("SAFR <1,1>", 1, 2, 0.92, 0.35, History),
        ];
    }

    public static readonly double[] Bins = [0.01, 0.05, 0.1, 0.2, 0.5];

    public static FaithfulnessReport Faithfulness() => new(
        [
            new FaithfulnessCurve("VMASK", Bins, [0.1, 0.2, 0.3, 0.4, 0.5], [0.05, 0.04, 0.03, 0.02, 0.01], 500),
            new FaithfulnessCurve("random", Bins, [0.01, 0.02, 0.03, 0.04, 0.05], [0.3, 0.25, 0.2, 0.15, 0.1], 500),
            new FaithfulnessCurve("<attention>", Bins, [0.02, 0.03, 0.04, 0.05, 0.06], [0.35, 0.3, 0.25, 0.2, 0.15], 500),
        ],
        EmptySkipped: 2);
}
