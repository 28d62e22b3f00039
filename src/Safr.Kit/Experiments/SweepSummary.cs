using Safr.Kit.Metrics;

namespace Safr.Kit.Experiments;

/// <summary>
/// Summarises a sweep's cell results per configuration (dataset, mode, tokenizer and lambdas), in the order the cells
/// came: mean ± 95% interval of every metric (<see cref="MeanInterval"/>), and paired t-tests against the baseline of the
/// same dataset, mode and tokenizer over the seeds both ran (<see cref="PairedTest"/>).
/// </summary>
public static class SweepSummary
{
    /// <summary>What makes a configuration: a run's dataset, mode, tokenizer and lambdas (its seed is one of its runs).</summary>
    public static (string Dataset, string Mode, string Tokenizer, double LambdaImportance, double LambdaInteraction) ConfigurationOf(SweepCellResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return (run.Dataset, run.Mode, run.Tokenizer, run.LambdaImportance, run.LambdaInteraction);
    }

    /// <summary>The configuration a summary row describes, comparable with <see cref="ConfigurationOf(SweepCellResult)"/>.</summary>
    public static (string Dataset, string Mode, string Tokenizer, double LambdaImportance, double LambdaInteraction) ConfigurationOf(SweepSummaryRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (row.Dataset, row.Mode, row.Tokenizer, row.LambdaImportance, row.LambdaInteraction);
    }

    public static IReadOnlyList<SweepSummaryRow> Of(IEnumerable<SweepCellResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var groups = results.GroupBy(ConfigurationOf).ToArray();
        return [.. groups.Select(g =>
        {
            var runs = g.OrderBy(r => r.Seed).ToArray();
            var baseline = g.Key.LambdaImportance == 0 && g.Key.LambdaInteraction == 0 ? null
                : groups.FirstOrDefault(b => (b.Key.Dataset, b.Key.Mode, b.Key.Tokenizer) == (g.Key.Dataset, g.Key.Mode, g.Key.Tokenizer)
                    && b.Key.LambdaImportance == 0 && b.Key.LambdaInteraction == 0)?.ToDictionary(r => r.Seed);
            PairedTest? Test(Func<SweepCellResult, double> metric)
            {
                if (baseline is null) return null;
                var paired = runs.Where(r => baseline.ContainsKey(r.Seed)).ToArray();
                return PairedTest.Of([.. paired.Select(metric)], [.. paired.Select(r => metric(baseline[r.Seed]))]);
            }
            MeanInterval Mean(Func<SweepCellResult, double> metric) => MeanInterval.Of([.. runs.Select(metric)]);
            return new SweepSummaryRow(g.Key.Dataset, g.Key.Mode, g.Key.Tokenizer, runs[0].Arm, g.Key.LambdaImportance, g.Key.LambdaInteraction,
                [.. runs.Select(r => r.Seed)],
                Mean(r => r.TestAccuracy), Mean(r => r.PolysemanticityImportant), Mean(r => r.PolysemanticityOther), Mean(r => r.Interaction),
                Mean(r => r.AopcComprehensiveness), Mean(r => r.AopcSufficiency), Mean(r => r.Epochs), Mean(r => r.Seconds),
                Test(r => r.TestAccuracy), Test(r => r.PolysemanticityImportant), Test(r => r.AopcComprehensiveness));
        })];
    }
}
