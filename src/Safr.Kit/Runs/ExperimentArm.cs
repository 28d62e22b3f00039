using System.Globalization;

namespace Safr.Kit.Runs;

/// <summary>
/// One model of an experiment: the two lambdas and a seed, under a name for tables and figures. An experiment's
/// <see cref="RunSpec"/> with these four set is the arm's run (<see cref="Experiment.Spec"/>).
/// </summary>
public sealed record ExperimentArm(string Name, double LambdaImportance, double LambdaInteraction, int Seed = 0)
{
    /// <summary>Both lambdas 0: the released model without SAFR.</summary>
    public static ExperimentArm Baseline(int seed = 0) => new("baseline", 0, 0, seed);

    /// <summary>Both lambdas 1: the paper's SAFR.</summary>
    public static ExperimentArm Safr(int seed = 0) => new("SAFR", 1, 1, seed);

    /// <summary>L_imp alone.</summary>
    public static ExperimentArm ImportanceOnly(int seed = 0) => new("importance only", 1, 0, seed);

    /// <summary>L_inter alone.</summary>
    public static ExperimentArm InteractionOnly(int seed = 0) => new("interaction only", 0, 1, seed);

    /// <summary>The paper's ablation grid (baseline, each term alone, SAFR), each with seeds 0 .. <paramref name="seeds"/> - 1.</summary>
    public static IReadOnlyList<ExperimentArm> Ablations(int seeds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seeds, 1);
        Func<int, ExperimentArm>[] grid = [Baseline, ImportanceOnly, InteractionOnly, Safr];
        return [.. grid.SelectMany(arm => Enumerable.Range(0, seeds).Select(arm))];
    }

    /// <summary><paramref name="spec"/> as this arm: its name, lambdas and seed.</summary>
    public RunSpec Apply(RunSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec with { Name = Name, LambdaImportance = LambdaImportance, LambdaInteraction = LambdaInteraction, Seed = Seed };
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name} (lambda_imp {LambdaImportance:G}, lambda_inter {LambdaInteraction:G}, seed {Seed})");
}
