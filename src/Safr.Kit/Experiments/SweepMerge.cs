using System.Text;
using System.Text.Json;
using Safr.Kit.Serialization;

namespace Safr.Kit.Experiments;

/// <summary>
/// Gathers a sweep's finished cells (their .cell.json; nothing is trained or evaluated) into the sweep folder's
/// results.csv (one row per cell, <see cref="SweepCsv.Results"/>), summary.csv (one row per configuration,
/// <see cref="SweepCsv.Summary"/>) and manifest.json (the spec and every cell: its run folder, result file and whether it
/// finished), each written atomically. Unfinished cells are left out and listed.
/// </summary>
public static class SweepMerge
{
    public const string ResultsFileName = "results.csv";
    public const string SummaryFileName = "summary.csv";
    public const string ManifestFileName = "manifest.json";

    /// <summary>Merges the sweep in <paramref name="folder"/> (one with a spec.json).</summary>
    public static SweepMergeResult Run(string folder) => Run(Sweep.Open(folder));

    public static SweepMergeResult Run(Sweep sweep)
    {
        ArgumentNullException.ThrowIfNull(sweep);
        var cells = sweep.Cells;
        var results = cells.Select(sweep.ResultOf).OfType<SweepCellResult>().ToArray();
        var unfinished = cells.Where(c => results.All(r => r.Cell != c.Index)).ToArray();
        var summary = SweepSummary.Of(results);
        var resultsFile = Path.Combine(sweep.Folder, ResultsFileName);
        var summaryFile = Path.Combine(sweep.Folder, SummaryFileName);
        var manifestFile = Path.Combine(sweep.Folder, ManifestFileName);
        AtomicFile.WriteAllBytes(resultsFile, Encoding.UTF8.GetBytes(SweepCsv.Results(results)));
        AtomicFile.WriteAllBytes(summaryFile, Encoding.UTF8.GetBytes(SweepCsv.Summary(summary)));
        AtomicFile.WriteAllBytes(manifestFile, Manifest(sweep, results));
        return new SweepMergeResult(sweep, results, summary, unfinished, resultsFile, summaryFile, manifestFile);
    }

    private static byte[] Manifest(Sweep sweep, IReadOnlyList<SweepCellResult> results)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            string Relative(string path) => Path.GetRelativePath(sweep.Folder, path).Replace('\\', '/');
            w.WriteStartObject();
            w.WriteString("format", "safr-sweep-manifest");
            w.WriteNumber("version", 1);
            w.WriteString("mergedUtc", DateTime.UtcNow);
            w.WriteString("folder", sweep.Folder);
            w.WritePropertyName("spec");
            using (var spec = JsonDocument.Parse(sweep.Spec.ToJson())) spec.RootElement.WriteTo(w);
            w.WriteNumber("cellCount", sweep.Cells.Count);
            w.WriteNumber("finished", results.Count);
            w.WriteString("results", ResultsFileName);
            w.WriteString("summary", SummaryFileName);
            w.WriteStartArray("cells");
            foreach (var cell in sweep.Cells)
            {
                w.WriteStartObject();
                w.WriteNumber("cell", cell.Index);
                w.WriteString("dataset", cell.Dataset);
                w.WriteString("arm", cell.ArmName);
                w.WriteNumber("imp", cell.Arm.LambdaImportance);
                w.WriteNumber("inter", cell.Arm.LambdaInteraction);
                w.WriteNumber("seed", cell.Seed);
                w.WriteString("runFolder", Relative(sweep.RunFolderOf(cell).Path));
                w.WriteString("result", Relative(sweep.ResultFileOf(cell)));
                w.WriteBoolean("finished", results.Any(r => r.Cell == cell.Index));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
