using System.Globalization;

namespace Safr.Kit.Experiments;

/// <summary>
/// One run of a sweep: a dataset, an arm and a seed, numbered from 0 in the sweep's order (dataset, then arm,
/// then seed), the number Slurm's array index and <c>safr sweep SPEC --cell N</c> name.
/// </summary>
public sealed record SweepCell(int Index, string Dataset, ExperimentArm Arm)
{
    public int Seed => Arm.Seed;

    public string ArmName => Arm.Name;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cell {Index}: {Dataset}, {Arm.Name} (lambda_imp {Arm.LambdaImportance:G}, lambda_inter {Arm.LambdaInteraction:G}), seed {Arm.Seed}");
}
