using System.Text.Json;
using Microsoft.Data.Analysis;
using Safr.Kit.Attribution;
using Safr.Kit.Data;
using Safr.Kit.Metrics;
using Safr.Kit.Runs;
using Safr.Kit.Training;

namespace Safr.Kit.Sweeps;

/// <summary>
/// Reads what sweeps wrote before run records: a cell's flat metrics (NAME.cell.json beside its run folder) and a merged
/// sweep's results.csv, as <see cref="RunRecord"/>s. They carry what those files held: accuracy, P_l of important and other
/// tokens with their counts, L_inter, VMASK's and random's AOPC (each curve as its AOPC alone, no bins), epochs, the best
/// dev accuracy, seconds; no epoch history, no PolysemanticityAll (NaN), and BestEpoch taken as the model's epoch.
/// </summary>
public static class LegacyRunRecords
{
    /// <summary>The flat metrics a sweep cell wrote before run records (camelCase JSON).</summary>
    private sealed record CellResult(
        int Cell, string Dataset, string Arm, double LambdaImportance, double LambdaInteraction, int Seed, string Mode, string Tokenizer,
        double TestAccuracy, double PolysemanticityImportant, double PolysemanticityOther, long ImportantTokens, long OtherTokens,
        double Interaction, double AopcComprehensiveness, double AopcSufficiency, double AopcComprehensivenessRandom, double AopcSufficiencyRandom,
        int Epochs, int ModelEpoch, double BestDevAccuracy, double Seconds, int TestExamples, string RunFolder);

    /// <summary>Whether <paramref name="json"/> is an old cell result (it has "testAccuracy" at its top).</summary>
    public static bool IsCellResult(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("testAccuracy", out _);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>An old NAME.cell.json of <paramref name="cell"/> as a record; an error naming the file when it is of another cell.</summary>
    public static RunRecord FromCellFile(string path, SweepCell cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        CellResult r;
        try
        {
            r = JsonSerializer.Deserialize<CellResult>(File.ReadAllBytes(path), RunSpec.Json) ?? throw new DataFormatException(path, 1, "the file holds null");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(path, (int)(e.LineNumber ?? 0) + 1, $"not a sweep cell's result: {e.Message}", e);
        }
        if (r.Dataset != cell.Dataset || r.LambdaImportance != cell.Spec.LambdaImportance || r.LambdaInteraction != cell.Spec.LambdaInteraction
            || r.Seed != cell.Seed || r.Mode != cell.Spec.Mode.ToString().ToLowerInvariant() || r.Tokenizer != cell.Spec.Tokenizer)
            throw new InputException($"{path}: holds the result of another cell ({r.Dataset}, lambda_imp {r.LambdaImportance:G}, lambda_inter {r.LambdaInteraction:G}, seed {r.Seed}) than {cell}");
        return Record(cell.Spec, r);
    }

    /// <summary>
    /// A merged sweep's results.csv from before run records, each row matched to its cell of <paramref name="spec"/> (the
    /// sweep's recorded spec) by dataset, lambdas and seed.
    /// </summary>
    public static IReadOnlyList<RunRecord> FromResultsCsv(string path, SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var frame = DataFrame.LoadCsv(path, dataTypes: Columns.Select(c => c.Type).ToArray(), cultureInfo: System.Globalization.CultureInfo.InvariantCulture);
        if (!frame.Columns.Select(c => c.Name).SequenceEqual(Columns.Select(c => c.Name)))
            throw new DataFormatException(path, 1, $"not a sweep's results table from before run records: the header should be {string.Join(',', Columns.Select(c => c.Name))}");
        var cells = spec.Cells;
        var records = new List<RunRecord>();
        for (long i = 0; i < frame.Rows.Count; i++)
        {
            var row = frame.Rows[i];
            T Get<T>(string column) => (T)row[frame.Columns.IndexOf(column)];
            var r = new CellResult(Get<int>("cell"), Get<string>("dataset"), Get<string>("arm"), Get<double>("lambda_imp"), Get<double>("lambda_inter"),
                Get<int>("seed"), Get<string>("mode"), Get<string>("tokenizer"), Get<double>("test_accuracy"), Get<double>("p_important"),
                Get<double>("p_other"), Get<long>("important_tokens"), Get<long>("other_tokens"), Get<double>("l_inter"),
                Get<double>("aopc_comprehensiveness"), Get<double>("aopc_sufficiency"), Get<double>("aopc_comprehensiveness_random"),
                Get<double>("aopc_sufficiency_random"), Get<int>("epochs"), Get<int>("model_epoch"), Get<double>("best_dev_accuracy"),
                Get<double>("seconds"), Get<int>("test_examples"), Get<string>("run_folder"));
            var cell = cells.FirstOrDefault(c => c.Dataset == r.Dataset && c.Spec.LambdaImportance == r.LambdaImportance
                && c.Spec.LambdaInteraction == r.LambdaInteraction && c.Seed == r.Seed)
                ?? throw new DataFormatException(path, (int)i + 2, $"no cell of the sweep's spec is {r.Dataset}, lambda_imp {r.LambdaImportance:G}, lambda_inter {r.LambdaInteraction:G}, seed {r.Seed}");
            records.Add(Record(cell.Spec, r));
        }
        return records;
    }

    private static readonly (string Name, Type Type)[] Columns =
    [
        ("cell", typeof(int)), ("dataset", typeof(string)), ("arm", typeof(string)), ("lambda_imp", typeof(double)), ("lambda_inter", typeof(double)),
        ("seed", typeof(int)), ("mode", typeof(string)), ("tokenizer", typeof(string)), ("test_accuracy", typeof(double)), ("p_important", typeof(double)),
        ("p_other", typeof(double)), ("important_tokens", typeof(long)), ("other_tokens", typeof(long)), ("l_inter", typeof(double)),
        ("aopc_comprehensiveness", typeof(double)), ("aopc_sufficiency", typeof(double)), ("aopc_comprehensiveness_random", typeof(double)),
        ("aopc_sufficiency_random", typeof(double)), ("epochs", typeof(int)), ("model_epoch", typeof(int)), ("best_dev_accuracy", typeof(double)),
        ("seconds", typeof(double)), ("test_examples", typeof(int)), ("run_folder", typeof(string)),
    ];

    private static RunRecord Record(RunSpec spec, CellResult r)
    {
        var scored = Math.Min(spec.FaithfulnessExamples, r.TestExamples);
        // Each curve as its AOPC alone: a one-value "curve" whose mean is the AOPC the file recorded.
        FaithfulnessCurve Curve(string ranking, double comprehensiveness, double sufficiency) => new(ranking, [], [comprehensiveness], [sufficiency], scored);
        var faithfulness = double.IsNaN(r.AopcComprehensiveness) ? null : new FaithfulnessReport(
            [Curve(VmaskAttribution.RankingName, r.AopcComprehensiveness, r.AopcSufficiency),
             Curve(RandomAttribution.RankingName, r.AopcComprehensivenessRandom, r.AopcSufficiencyRandom)]);
        var test = new Evaluation(r.TestAccuracy,
            new PolysemanticityByImportance(r.PolysemanticityImportant, r.PolysemanticityOther, double.NaN, r.ImportantTokens, r.OtherTokens, PolysemanticityByImportance.DefaultThreshold),
            new InteractionScore(r.Interaction, r.TestExamples, 0), faithfulness, r.TestExamples);
        var training = new TrainingResult([], r.ModelEpoch, r.BestDevAccuracy, r.ModelEpoch, r.Epochs < spec.Epochs, r.RunFolder) { Epochs = r.Epochs };
        return new RunRecord(spec, test, training) { Seconds = r.Seconds, RunFolder = r.RunFolder };
    }
}
