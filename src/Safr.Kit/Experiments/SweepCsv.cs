using System.Globalization;
using System.Text;
using Microsoft.VisualBasic.FileIO;
using Safr.Kit.Data;
using Safr.Kit.Metrics;

namespace Safr.Kit.Experiments;

/// <summary>
/// The merged tables as CSV (RFC 4180, comma-separated, a header row, snake_case columns): numbers in invariant culture
/// written to round-trip (<c>double.Parse</c> gives back the very value), NaN where a metric or test is undefined, and an
/// empty field where it does not apply (no baseline to test against). <see cref="ReadResults"/> reads a results table back.
/// </summary>
public static class SweepCsv
{
    /// <summary>The results table's columns, in order (<see cref="Results"/>).</summary>
    public static IReadOnlyList<string> ResultColumns { get; } =
        ["cell", "dataset", "arm", "lambda_imp", "lambda_inter", "seed", "mode", "tokenizer",
        "test_accuracy", "p_important", "p_other", "important_tokens", "other_tokens", "l_inter",
        "aopc_comprehensiveness", "aopc_sufficiency", "aopc_comprehensiveness_random", "aopc_sufficiency_random",
        "epochs", "model_epoch", "best_dev_accuracy", "seconds", "test_examples", "run_folder"];

    /// <summary>The summary's metrics, each as <c>NAME_mean</c> and <c>NAME_ci95</c> (the 95% interval's half-width).</summary>
    public static IReadOnlyList<string> SummaryMetrics { get; } =
        ["test_accuracy", "p_important", "p_other", "l_inter", "aopc_comprehensiveness", "aopc_sufficiency", "epochs", "seconds"];

    /// <summary>The metrics tested against the baseline, each as <c>NAME_vs_baseline_diff</c>, <c>_t</c> and <c>_p</c>.</summary>
    public static IReadOnlyList<string> TestedMetrics { get; } = ["test_accuracy", "p_important", "aopc_comprehensiveness"];

    /// <summary>One row per cell.</summary>
    public static string Results(IEnumerable<SweepCellResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var csv = new StringBuilder();
        Row(csv, ResultColumns);
        foreach (var r in results)
        {
            Row(csv, [Int(r.Cell), r.Dataset, r.Arm, Number(r.LambdaImportance), Number(r.LambdaInteraction), Int(r.Seed), r.Mode, r.Tokenizer,
                Number(r.TestAccuracy), Number(r.PolysemanticityImportant), Number(r.PolysemanticityOther), Int(r.ImportantTokens), Int(r.OtherTokens),
                Number(r.Interaction), Number(r.AopcComprehensiveness), Number(r.AopcSufficiency), Number(r.AopcComprehensivenessRandom),
                Number(r.AopcSufficiencyRandom), Int(r.Epochs), Int(r.ModelEpoch), Number(r.BestDevAccuracy), Number(r.Seconds), Int(r.TestExamples),
                r.RunFolder.Replace('\\', '/')]);
        }
        return csv.ToString();
    }

    /// <summary>One row per configuration.</summary>
    public static string Summary(IEnumerable<SweepSummaryRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var csv = new StringBuilder();
        Row(csv, ["dataset", "mode", "tokenizer", "arm", "lambda_imp", "lambda_inter", "runs", "seeds",
            .. SummaryMetrics.SelectMany(m => new[] { $"{m}_mean", $"{m}_ci95" }),
            "paired_seeds", .. TestedMetrics.SelectMany(m => new[] { $"{m}_vs_baseline_diff", $"{m}_vs_baseline_t", $"{m}_vs_baseline_p" })]);
        foreach (var r in rows)
        {
            MeanInterval[] means = [r.TestAccuracy, r.PolysemanticityImportant, r.PolysemanticityOther, r.Interaction, r.AopcComprehensiveness, r.AopcSufficiency, r.Epochs, r.Seconds];
            PairedTest?[] tests = [r.TestAccuracyVsBaseline, r.PolysemanticityImportantVsBaseline, r.AopcComprehensivenessVsBaseline];
            Row(csv, [r.Dataset, r.Mode, r.Tokenizer, r.Arm, Number(r.LambdaImportance), Number(r.LambdaInteraction), Int(r.Runs),
                string.Join(' ', r.Seeds.Select(s => Int(s))),
                .. means.SelectMany(m => new[] { Number(m.Mean), Number(m.HalfWidth) }),
                tests[0] is { } first ? Int(first.Pairs) : "",
                .. tests.SelectMany(t => t is null ? new[] { "", "", "" } : [Number(t.MeanDifference), Number(t.T), Number(t.PValue)])]);
        }
        return csv.ToString();
    }

    /// <summary>
    /// Reads a results table written by <see cref="Results"/> (a merged sweep's results.csv) back into its cells' results,
    /// every number exactly as it was. A file that is not such a table fails with its path and line
    /// (<see cref="DataFormatException"/>).
    /// </summary>
    public static IReadOnlyList<SweepCellResult> ReadResults(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // TextFieldParser (the runtime's own RFC 4180 reader) rather than DataFrame.LoadCsv: it gives each record's line
        // number for the error message, and the records are typed here anyway.
        using var parser = new TextFieldParser(path, Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var header = parser.ReadFields() ?? throw new DataFormatException(path, 1, "the file is empty, not a sweep's results table");
        if (!header.SequenceEqual(ResultColumns))
            throw new DataFormatException(path, 1, $"not a sweep's results table: the header should be {string.Join(',', ResultColumns)}");
        var results = new List<SweepCellResult>();
        while (!parser.EndOfData)
        {
            var line = (int)parser.LineNumber;
            string[] f;
            try { f = parser.ReadFields()!; }
            catch (MalformedLineException e) { throw new DataFormatException(path, (int)e.LineNumber, "a malformed CSV record", e); }
            if (f.Length != ResultColumns.Count)
                throw new DataFormatException(path, line, $"{f.Length} fields where the header has {ResultColumns.Count}");
            var column = 0;
            string Text() => f[column++];
            double Real() => Parse(path, line, ResultColumns[column], f[column++], s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
            int Whole() => Parse(path, line, ResultColumns[column], f[column++], s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            long Long() => Parse(path, line, ResultColumns[column], f[column++], s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));
            results.Add(new SweepCellResult(Whole(), Text(), Text(), Real(), Real(), Whole(), Text(), Text(),
                Real(), Real(), Real(), Long(), Long(), Real(), Real(), Real(), Real(), Real(),
                Whole(), Whole(), Real(), Real(), Whole(), Text()));
        }
        return results;
    }

    private static T Parse<T>(string path, int line, string column, string field, Func<string, T> parse)
    {
        try { return parse(field); }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new DataFormatException(path, line, $"column {column}: '{field}' is not a number", e);
        }
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Row(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append('\n');
    }

    private static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
