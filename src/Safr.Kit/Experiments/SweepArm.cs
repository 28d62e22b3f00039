using System.Globalization;

namespace Safr.Kit.Experiments;

/// <summary>
/// One configuration of a sweep: the two lambdas under a name. Each of the sweep's seeds makes it an
/// <see cref="ExperimentArm"/> (<see cref="ForSeed"/>).
/// </summary>
public sealed record SweepArm(string Name, double LambdaImportance, double LambdaInteraction)
{
    /// <summary>Both lambdas 0: the arm every other configuration is tested against.</summary>
    public bool IsBaseline => LambdaImportance == 0 && LambdaInteraction == 0;

    public ExperimentArm ForSeed(int seed) => new(Name, LambdaImportance, LambdaInteraction, seed);

    /// <summary>
    /// The arm of a grid point: the ablation's names where they apply (baseline, importance only, interaction only,
    /// SAFR, as <see cref="ExperimentArm"/> names them), else "impA-interB".
    /// </summary>
    public static SweepArm ForGrid(double lambdaImportance, double lambdaInteraction) => (lambdaImportance, lambdaInteraction) switch
    {
        (0, 0) => new(ExperimentArm.Baseline().Name, 0, 0),
        (1, 0) => new(ExperimentArm.ImportanceOnly().Name, 1, 0),
        (0, 1) => new(ExperimentArm.InteractionOnly().Name, 0, 1),
        (1, 1) => new(ExperimentArm.Safr().Name, 1, 1),
        _ => new(string.Create(CultureInfo.InvariantCulture, $"imp{lambdaImportance:G}-inter{lambdaInteraction:G}"), lambdaImportance, lambdaInteraction),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} (lambda_imp {LambdaImportance:G}, lambda_inter {LambdaInteraction:G})");
}
