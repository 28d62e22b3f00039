using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Experiments;

/// <summary>What an arm scored on the test split, and how its training went.</summary>
public sealed record ArmResult(ExperimentArm Arm, Evaluation Test, TrainingResult Training)
{
    public string Name => Arm.Name;

    public double TestAccuracy => Test.Accuracy;

    /// <summary>
    /// The configuration this run is one seed of: the arm's name with its lambdas. Summaries and figures group by it, so
    /// two arms that share a name but not their lambdas stay apart.
    /// </summary>
    public (string Name, double LambdaImportance, double LambdaInteraction) Configuration =>
        (Arm.Name, Arm.LambdaImportance, Arm.LambdaInteraction);
}
