using System.Text;
using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Serialization;

namespace Safr.Kit.Tables;

/// <summary>
/// A folder of finished runs, as <c>safr sweep merge</c> writes it and notebooks read it:
/// <code>
/// records.jsonl   one RunRecord per line (the runs themselves: spec, evaluation, training)
/// results.csv     one row per run (RunRecords.Frame), for spreadsheets and pandas
/// summary.csv     one row per configuration (RunRecords.SummaryFrame): means, 95% intervals, paired tests
/// </code>
/// The CSVs are views of the records, never read back; <see cref="Load"/> checks that summary.csv is the one the records
/// give, so an edited table or one merged from other runs is caught.
/// <code>
/// var sweep = ResultsFolder.Load("../results/sst2-ablations");
/// sweep.SummaryFrame()
/// </code>
/// </summary>
public static class ResultsFolder
{
    public const string RecordsFileName = "records.jsonl";
    public const string ResultsFileName = "results.csv";
    public const string SummaryFileName = "summary.csv";

    private static readonly JsonSerializerOptions Line = new(RunSpec.Json) { WriteIndented = false };

    /// <summary>Writes <paramref name="runs"/> into <paramref name="folder"/>: records.jsonl, results.csv and summary.csv, each atomically.</summary>
    public static void Save(string folder, IEnumerable<RunRecord> runs)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(runs);
        var records = runs.ToArray();
        Directory.CreateDirectory(folder);
        var lines = new StringBuilder();
        foreach (var r in records) lines.Append(JsonSerializer.Serialize(r, Line)).Append('\n');
        AtomicFile.WriteAllBytes(Path.Combine(folder, RecordsFileName), Encoding.UTF8.GetBytes(lines.ToString()));
        AtomicFile.WriteAllBytes(Path.Combine(folder, ResultsFileName), Encoding.UTF8.GetBytes(FrameCsv.ToCsv(records.Frame())));
        AtomicFile.WriteAllBytes(Path.Combine(folder, SummaryFileName), Encoding.UTF8.GetBytes(FrameCsv.ToCsv(records.SummaryFrame())));
    }

    /// <summary>The runs of a results folder (its records.jsonl), in order.</summary>
    public static IReadOnlyList<RunRecord> Load(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        var full = Path.GetFullPath(folder);
        var file = Path.Combine(full, RecordsFileName);
        if (!File.Exists(file))
            throw new FileNotFoundException(Directory.Exists(full)
                ? $"{file}: no such file; `safr sweep merge {folder}` writes it from a sweep's finished runs"
                : $"{full}: no such folder (a results folder holds {RecordsFileName})", file);
        var records = new List<RunRecord>();
        var number = 0;
        foreach (var line in File.ReadLines(file, Encoding.UTF8))
        {
            number++;
            if (line.Length == 0) continue;
            records.Add(RunRecord.Parse(Encoding.UTF8.GetBytes(line), file, number));
        }
        var summary = Path.Combine(full, SummaryFileName);
        if (File.Exists(summary) && File.ReadAllText(summary, Encoding.UTF8) != FrameCsv.ToCsv(records.SummaryFrame()))
            throw new DataFormatException(summary, 1, $"this summary is not the one {RecordsFileName} beside it gives; merge the runs again");
        return records;
    }
}
