using System.Numerics;
using System.Text.Json;
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
        using var records = CsvTable.ReadFile(path).GetEnumerator();
        if (!records.MoveNext() || !records.Current.Fields.SequenceEqual(Columns))
            throw new DataFormatException(path, 1, $"not a sweep's results table from before run records: the header should be {string.Join(',', Columns)}");
        var cells = spec.Cells;
        var runs = new List<RunRecord>();
        while (records.MoveNext())
        {
            var row = records.Current;
            if (row.Fields.Length != Columns.Length)
                throw new DataFormatException(path, row.Line, $"expected {Columns.Length} fields as in the header, found {row.Fields.Length}");
            // Every number of the old table is required: an empty one is as wrong as a word.
            T Number<T>(string column) where T : struct, INumber<T> => CsvField.Number<T>(row, Array.IndexOf(Columns, column), path, column)
                ?? throw new DataFormatException(path, row.Line, $"column {Array.IndexOf(Columns, column) + 1} \"{column}\" is empty");
            string Text(string column) => row.Fields[Array.IndexOf(Columns, column)];
            var r = new CellResult(Number<int>("cell"), Text("dataset"), Text("arm"), Number<double>("lambda_imp"), Number<double>("lambda_inter"),
                Number<int>("seed"), Text("mode"), Text("tokenizer"), Number<double>("test_accuracy"), Number<double>("p_important"),
                Number<double>("p_other"), Number<long>("important_tokens"), Number<long>("other_tokens"), Number<double>("l_inter"),
                Number<double>("aopc_comprehensiveness"), Number<double>("aopc_sufficiency"), Number<double>("aopc_comprehensiveness_random"),
                Number<double>("aopc_sufficiency_random"), Number<int>("epochs"), Number<int>("model_epoch"), Number<double>("best_dev_accuracy"),
                Number<double>("seconds"), Number<int>("test_examples"), Text("run_folder"));
            var cell = cells.FirstOrDefault(c => c.Dataset == r.Dataset && c.Spec.LambdaImportance == r.LambdaImportance
                && c.Spec.LambdaInteraction == r.LambdaInteraction && c.Seed == r.Seed)
                ?? throw new DataFormatException(path, row.Line, $"no cell of the sweep's spec is {r.Dataset}, lambda_imp {r.LambdaImportance:G}, lambda_inter {r.LambdaInteraction:G}, seed {r.Seed}");
            runs.Add(Record(cell.Spec, r));
        }
        return runs;
    }

    /// <summary>The old table's header; each column's type is the type of <see cref="CellResult"/>'s parameter it fills.</summary>
    private static readonly string[] Columns =
    [
        "cell", "dataset", "arm", "lambda_imp", "lambda_inter", "seed", "mode", "tokenizer", "test_accuracy", "p_important", "p_other",
        "important_tokens", "other_tokens", "l_inter", "aopc_comprehensiveness", "aopc_sufficiency", "aopc_comprehensiveness_random",
        "aopc_sufficiency_random", "epochs", "model_epoch", "best_dev_accuracy", "seconds", "test_examples", "run_folder",
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
