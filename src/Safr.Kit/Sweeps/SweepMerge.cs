using System.Text.Json;
using Safr.Kit.Runs;
using Safr.Kit.Serialization;
using Safr.Kit.Tables;

namespace Safr.Kit.Sweeps;

/// <summary>
/// Gathers a sweep's finished cells (their run records; nothing is trained or evaluated) into the sweep folder as a
/// results folder (<see cref="ResultsFolder"/>: records.jsonl, results.csv, summary.csv) and manifest.json (the spec and
/// every cell: its run folder and whether it finished), each written atomically. Unfinished cells are left out and listed.
/// </summary>
public static class SweepMerge
{
    public const string ManifestFileName = "manifest.json";

    /// <summary>Merges the sweep in <paramref name="folder"/> (one with a spec.json).</summary>
    public static SweepMergeResult Run(string folder) => Run(Sweep.Open(folder));

    public static SweepMergeResult Run(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var cells = sweep.Cells;
        var finished = cells.Select(c => (Cell: c, Record: sweep.ResultOf(c))).Where(x => x.Record is not null).ToArray();
        var records = finished.Select(x => x.Record! with { RunFolder = Relative(sweep, sweep.RunFolderOf(x.Cell).Path) }).ToArray();
        var unfinished = cells.Where(c => finished.All(x => x.Cell.Index != c.Index)).ToArray();
        // A folder whose runs are not here (moved, or committed without them) keeps the results it has.
        if (records.Length == 0 && File.Exists(Path.Combine(sweep.Folder, ResultsFolder.ResultsFileName)))
            throw new InputException($"{sweep.Folder}: no cell of the sweep has finished under {sweep.RunsFolder}, and the folder already holds {ResultsFolder.ResultsFileName}; it is left as it is");
        ResultsFolder.Save(sweep.Folder, records);
        var manifestFile = Path.Combine(sweep.Folder, ManifestFileName);
        AtomicFile.WriteAllBytes(manifestFile, Manifest(sweep, [.. finished.Select(x => x.Cell.Index)]));
        return new SweepMergeResult(sweep, records, unfinished, manifestFile);
    }

    /// <summary>Whether <paramref name="folder"/> holds a results table merged before run records (and no records.jsonl).</summary>
    public static bool HoldsLegacyResults(string folder)
    {
        var results = Path.Combine(folder, ResultsFolder.ResultsFileName);
        return !File.Exists(Path.Combine(folder, ResultsFolder.RecordsFileName)) && File.Exists(results)
            && File.ReadLines(results).FirstOrDefault()?.StartsWith("cell,dataset,arm,", StringComparison.Ordinal) == true;
    }

    /// <summary>
    /// Rewrites a results folder merged before run records (results.csv of flat metrics, manifest.json with the spec) as
    /// records.jsonl with its results.csv and summary.csv (<see cref="LegacyRunRecords.FromResultsCsv"/>). Returns the records.
    /// </summary>
    public static IReadOnlyList<RunRecord> Upgrade(string folder)
    {
        var full = Path.GetFullPath(folder);
        var manifest = Path.Combine(full, ManifestFileName);
        if (!File.Exists(manifest)) throw new InputException($"{full}: no {ManifestFileName}; only a merged sweep folder can be upgraded");
        using var document = JsonDocument.Parse(File.ReadAllBytes(manifest));
        var spec = SweepSpec.Parse(document.RootElement.GetProperty("spec").GetRawText(), manifest, full, datasets: null) with { Output = full };
        var records = LegacyRunRecords.FromResultsCsv(Path.Combine(full, ResultsFolder.ResultsFileName), spec);
        ResultsFolder.Save(full, records);
        return records;
    }

    private static string Relative(Sweep sweep, string path) => Path.GetRelativePath(sweep.Folder, path).Replace('\\', '/');

    private static byte[] Manifest(Sweep sweep, IReadOnlyCollection<int> finished)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", "safr-sweep-manifest");
            w.WriteNumber("version", 2);
            w.WriteString("mergedUtc", DateTime.UtcNow);
            w.WritePropertyName("spec");
            using (var spec = JsonDocument.Parse(sweep.Spec.ToJson())) spec.RootElement.WriteTo(w);
            w.WriteNumber("cellCount", sweep.Cells.Count);
            w.WriteNumber("finished", finished.Count);
            w.WriteString("records", ResultsFolder.RecordsFileName);
            w.WriteString("results", ResultsFolder.ResultsFileName);
            w.WriteString("summary", ResultsFolder.SummaryFileName);
            w.WriteStartArray("cells");
            foreach (var cell in sweep.Cells)
            {
                w.WriteStartObject();
                w.WriteNumber("cell", cell.Index);
                w.WriteString("dataset", cell.Dataset);
                w.WriteString("arm", cell.ArmName);
                w.WriteNumber("imp", cell.Spec.LambdaImportance);
                w.WriteNumber("inter", cell.Spec.LambdaInteraction);
                w.WriteNumber("seed", cell.Seed);
                w.WriteString("runFolder", Relative(sweep, sweep.RunFolderOf(cell).Path));
                w.WriteBoolean("finished", finished.Contains(cell.Index));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
