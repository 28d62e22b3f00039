using System.Globalization;
using Safr.Kit.Runs;

namespace Safr.Kit.Sweeps;

/// <summary>
/// One run of a sweep: its <see cref="RunSpec"/> (the arm on one dataset with one seed), numbered from 0 in the sweep's
/// order (dataset, then arm, then seed), the number Slurm's array index and <c>safr sweep SPEC --cell N</c> name.
/// </summary>
public sealed record SweepCell(int Index, RunSpec Spec)
{
    public string Dataset => Spec.DatasetName;

    public int Seed => Spec.Seed;

    public string ArmName => Spec.DisplayName;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"cell {Index}: {Dataset}, {ArmName} (lambda_imp {Spec.LambdaImportance:G}, lambda_inter {Spec.LambdaInteraction:G}), seed {Seed}");
}
