using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Safr.Kit.Runs;

namespace Safr.Kit.Sweeps;

/// <summary>
/// A sweep: a grid over <see cref="RunSpec"/> fields. Its JSON gives the datasets, the arms (a grid of field values, or
/// named arms, each a few RunSpec fields), the seeds, what every run shares (any RunSpec field by its sweep name:
/// "mode", "epochs", "dataFraction", ...; see <see cref="RunFields"/>), and the folder the sweep keeps its runs in. It
/// expands to <see cref="Cells"/>, dataset × arm × seed in that order, numbered from 0.
/// <code>
/// {
///   "datasets": ["sst2"],
///   "grid": { "imp": [0, 1], "inter": [0, 1] },     // or "arms": [{ "name": "SAFR", "imp": 1, "inter": 1 }, ...]
///   "seeds": [0, 1, 2],
///   "mode": "fast", "epochs": 8, "dataFraction": 1, // any RunSpec field; the rest keep the paper's defaults
///   "output": "../runs/sweeps/sst2-ablations"       // relative to the spec file's folder
/// }
/// </code>
/// <see cref="Load"/> reports a bad field as <c>FILE:LINE: "field": what is wrong</c>.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The sweep's name (default: the spec file's name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>A note for people; changes nothing.</summary>
    public string? Description { get; init; }

    /// <summary>Dataset names as <see cref="Data.Datasets.Load"/> takes them, in sweep order.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>What every run shares (its dataset, seed and name are the cell's).</summary>
    public required RunSpec Template { get; init; }

    /// <summary>The configurations, in sweep order: the template with each arm's fields and name.</summary>
    public required IReadOnlyList<RunSpec> Arms { get; init; }

    public required IReadOnlyList<int> Seeds { get; init; }

    /// <summary>The sweep's folder (absolute).</summary>
    public required string Output { get; init; }

    /// <summary>Every run of the sweep: dataset, then arm, then seed, numbered from 0.</summary>
    public IReadOnlyList<SweepCell> Cells =>
    [
        .. Datasets.SelectMany(d => Arms.SelectMany(a => Seeds.Select(s => a with { Dataset = d, Seed = s })))
            .Select((spec, i) => new SweepCell(i, spec)),
    ];

    /// <summary>Cell <paramref name="index"/> (0-based); an <see cref="InputException"/> when there is no such cell.</summary>
    public SweepCell Cell(int index)
    {
        var cells = Cells;
        return index >= 0 && index < cells.Count ? cells[index]
            : throw new InputException($"the sweep '{Name}' has {cells.Count} cells, numbered 0 to {cells.Count - 1}; there is no cell {index}");
    }

    /// <summary>Reads a spec file; relative output folders are taken from the file's folder.</summary>
    /// <param name="datasets">The dataset names allowed (default: <see cref="Data.Datasets.Names"/>).</param>
    /// <exception cref="Data.DataFormatException">A field is missing, unknown or wrong: FILE:LINE: "field": what is wrong.</exception>
    public static SweepSpec Load(string path, IReadOnlyCollection<string>? datasets = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full)) throw new InputException($"{full}: a folder, not a sweep spec (a JSON file)");
        if (!File.Exists(full)) throw new FileNotFoundException($"{full}: no such sweep spec", full);
        return new SweepSpecReader(File.ReadAllBytes(full), full, Path.GetDirectoryName(full)!, datasets ?? Data.Datasets.Names).Read();
    }

    /// <summary>Reads a spec from its JSON text; <paramref name="file"/> names it in errors and (without extension) is the default name.</summary>
    /// <param name="baseFolder">Where a relative output folder is taken from (default: the current folder).</param>
    public static SweepSpec Parse(string json, string file, string? baseFolder = null, IReadOnlyCollection<string>? datasets = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        return new SweepSpecReader(Encoding.UTF8.GetBytes(json), file, baseFolder ?? Directory.GetCurrentDirectory(), datasets ?? Data.Datasets.Names).Read();
    }

    /// <summary>
    /// The spec in its own schema: every template field, the arms listed (a grid as the arms it expands to, each with
    /// the fields it sets), and the output absolute. It reads back as the same sweep.
    /// </summary>
    public string ToJson()
    {
        var root = new JsonObject { ["name"] = Name };
        if (Description is not null) root["description"] = Description;
        root["datasets"] = new JsonArray([.. Datasets.Select(d => (JsonNode)d)]);
        root["arms"] = new JsonArray([.. Arms.Select(arm =>
        {
            var o = new JsonObject { ["name"] = arm.DisplayName };
            foreach (var field in SweepSpecReader.ArmFields.Where(f => !Equals(f.Get(arm), f.Get(Template)) || f.Name is "imp" or "inter"))
                o[field.JsonName] = JsonSerializer.SerializeToNode(field.Get(arm), field.Type, RunSpec.Json);
            return (JsonNode)o;
        })]);
        root["seeds"] = new JsonArray([.. Seeds.Select(s => (JsonNode)s)]);
        foreach (var field in SweepSpecReader.TemplateFields)
            if (field.Get(Template) is { } value) root[field.JsonName] = JsonSerializer.SerializeToNode(value, field.Type, RunSpec.Json);
        if (Template.Architecture is { } architecture) root["architecture"] = JsonSerializer.SerializeToNode(architecture, RunSpec.Json);
        root["output"] = Output;
        return root.ToJsonString(RunSpec.Json);
    }

    /// <summary>
    /// Where <paramref name="other"/> would train or score other runs than this spec ("datasets", "seeds", "arms", or the
    /// first RunSpec field a cell differs in), or null when it would train the same; names, description and output do not count.
    /// </summary>
    public string? FirstDifference(SweepSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Datasets.SequenceEqual(other.Datasets, StringComparer.Ordinal)) return "datasets";
        if (!Seeds.SequenceEqual(other.Seeds)) return "seeds";
        if (Arms.Count != other.Arms.Count) return "arms";
        foreach (var (a, b) in Cells.Zip(other.Cells))
        {
            var (x, y) = (a.Spec with { Name = null }, b.Spec with { Name = null });
            if (x == y) continue;
            return RunFields.All.FirstOrDefault(f => !Equals(f.Get(x), f.Get(y)))?.JsonName ?? "architecture";
        }
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sweep '{Name}': {Datasets.Count} dataset(s) × {Arms.Count} arm(s) × {Seeds.Count} seed(s) = {Datasets.Count * Arms.Count * Seeds.Count} cells; " +
        $"{Template.Mode.ToString().ToLowerInvariant()} mode, {Template.Tokenizer} tokens, up to {Template.Epochs} epochs (patience {Template.Patience}), data fraction {Template.DataFraction:G}; output {Output}");
}
