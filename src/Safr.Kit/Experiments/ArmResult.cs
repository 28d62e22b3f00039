using Safr.Kit.Metrics;
using Safr.Kit.Training;

namespace Safr.Kit.Experiments;

/// <summary>What an arm scored on the test split, and how its training went.</summary>
public sealed record ArmResult(ExperimentArm Arm, Evaluation Test, TrainingResult Training)
{
    public string Name => Arm.Name;

    public double TestAccuracy => Test.Accuracy;
}
