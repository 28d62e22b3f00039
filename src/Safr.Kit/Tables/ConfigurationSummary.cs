using Safr.Kit.Metrics;
using Safr.Kit.Runs;

namespace Safr.Kit.Tables;

/// <summary>
/// One configuration (<see cref="RunSpec.Configuration"/>: a run without its seed) summarised over its seeds: each
/// metric's mean ± 95% interval, and for the tested metrics (<see cref="RunMetric.Tested"/>) a paired t-test by seed
/// against the configuration's baseline (both lambdas 0), null for the baseline itself or where no baseline ran.
/// </summary>
/// <param name="Configuration">The spec every run shares (seed 0, no name).</param>
/// <param name="Name">The first run's name.</param>
/// <param name="Seeds">The seeds that ran, in order.</param>
/// <param name="Means">Each summarised metric's mean and interval, by metric name; null where a run lacks it.</param>
/// <param name="Tests">Each tested metric's paired test against the baseline, by metric name.</param>
public sealed record ConfigurationSummary(
    RunSpec Configuration, string Name, IReadOnlyList<int> Seeds,
    IReadOnlyDictionary<string, MeanInterval?> Means, IReadOnlyDictionary<string, PairedTest?> Tests)
{
    public int Runs => Seeds.Count;

    /// <summary>The mean and interval of <paramref name="metric"/>, or null.</summary>
    public MeanInterval? this[RunMetric metric] => Means.GetValueOrDefault(metric.Name);

    /// <summary>The paired test of <paramref name="metric"/> against the baseline, or null.</summary>
    public PairedTest? VsBaseline(RunMetric metric) => Tests.GetValueOrDefault(metric.Name);

    /// <summary>
    /// Summarises <paramref name="runs"/> per configuration, in first-seen order. A configuration's runs must be distinct
    /// seeds (two runs of one seed are an error, not averaged).
    /// </summary>
    public static IReadOnlyList<ConfigurationSummary> Of(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.ToArray();
        var metrics = RunMetric.Summarised(all);
        var groups = all.GroupBy(r => r.Spec.Configuration).ToArray();
        var byConfiguration = groups.ToDictionary(g => g.Key, g => g.ToArray());
        return [.. groups.Select(g =>
        {
            var seeds = g.OrderBy(r => r.Spec.Seed).ToArray();
            var repeated = seeds.GroupBy(r => r.Spec.Seed).FirstOrDefault(s => s.Count() > 1);
            if (repeated is not null)
                throw new ArgumentException($"{g.First().Name} ({g.Key.DatasetName}) has {repeated.Count()} runs of seed {repeated.Key}: one run per seed is summarised", nameof(runs));
            var baseline = g.Key.IsBaseline ? null : byConfiguration.GetValueOrDefault(g.Key.Baseline)?.ToDictionary(r => r.Spec.Seed);
            var means = metrics.ToDictionary(m => m.Name, m =>
            {
                var values = seeds.Select(m.Value).ToArray();
                return values.All(v => v.HasValue) ? MeanInterval.Of([.. values.Select(v => v!.Value)]) : null;
            });
            var tests = RunMetric.Tested.ToDictionary(m => m.Name, m =>
            {
                if (baseline is null) return null;
                var paired = seeds.Where(r => baseline.ContainsKey(r.Spec.Seed) && m.Value(r) is not null && m.Value(baseline[r.Spec.Seed]) is not null).ToArray();
                return PairedTest.Of([.. paired.Select(r => m.Value(r)!.Value)], [.. paired.Select(r => m.Value(baseline[r.Spec.Seed])!.Value)]);
            });
            return new ConfigurationSummary(g.Key, g.First().Name, [.. seeds.Select(r => r.Spec.Seed)], means, tests);
        })];
    }
}
