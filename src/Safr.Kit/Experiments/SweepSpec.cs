using System.Globalization;
using System.Text;
using System.Text.Json;
using Safr.Kit.Data;

namespace Safr.Kit.Experiments;

/// <summary>
/// A sweep as its JSON spec gives it: the datasets, the arms (a lambda_imp × lambda_inter grid, or named arms), the
/// seeds, and what every run shares (run mode, tokenizer, epochs, patience, data fraction, batch size, learning rate), and the folder the sweep
/// keeps its runs and results in. It expands to <see cref="Cells"/>, dataset × arm × seed in that order, numbered from 0.
/// <code>
/// {
///   "datasets": ["sst2"],
///   "grid": { "imp": [0, 1], "inter": [0, 1] },     // or "arms": [{ "name": "SAFR", "imp": 1, "inter": 1 }, ...]
///   "seeds": [0, 1, 2],
///   "mode": "fast", "tokenizer": "whitespace", "epochs": 8, "patience": 3, "dataFraction": 1,
///   "batchSize": 32, "learningRate": 1e-4,          // optional: the release's
///   "output": "../runs/sweeps/sst2-ablations"       // relative to the spec file's folder
/// }
/// </code>
/// README.md (section Sweeps) lists every field; <see cref="Load"/> reports a bad one as <c>FILE:LINE: "field": what is wrong</c>.
/// </summary>
public sealed record SweepSpec
{
    /// <summary>The sweep's name (default: the spec file's name without extension).</summary>
    public required string Name { get; init; }

    /// <summary>A note for people; changes nothing.</summary>
    public string? Description { get; init; }

    /// <summary>Dataset names as <see cref="Data.Datasets.Load"/> takes them, in sweep order.</summary>
    public required IReadOnlyList<string> Datasets { get; init; }

    /// <summary>The configurations, in sweep order (a grid: lambda_imp, then lambda_inter, each in the order given).</summary>
    public required IReadOnlyList<SweepArm> Arms { get; init; }

    public required IReadOnlyList<int> Seeds { get; init; }

    public RunMode Mode { get; init; } = RunMode.Paper;

    /// <summary>A tokenizer <see cref="TextTokenizers.Get"/> knows.</summary>
    public string Tokenizer { get; init; } = WhitespaceTokenizer.TokenizerName;

    /// <summary>Maximum epochs of each run.</summary>
    public int Epochs { get; init; } = 100;

    public int Patience { get; init; } = 3;

    /// <summary>Each run trains, stops and is tested on this seeded fraction of every split (<see cref="ExperimentSettings.DataFraction"/>).</summary>
    public double DataFraction { get; init; } = 1;

    /// <summary>Tokens per text; null: the release's (256 for IMDB, else 128).</summary>
    public int? MaxLength { get; init; }

    /// <summary>Examples per training step; null: the template's (<see cref="ExperimentSettings.BatchSize"/>, 32 as released).</summary>
    public int? BatchSize { get; init; }

    /// <summary>Adam's learning rate; null: the template's (<see cref="ExperimentSettings.LearningRate"/>, 1e-4 as released).</summary>
    public double? LearningRate { get; init; }

    /// <summary>Test examples ERASER's faithfulness scores (0 skips it, and the AOPC metrics are NaN).</summary>
    public int FaithfulnessExamples { get; init; } = 500;

    /// <summary>"cpu", "cuda" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>The sweep's folder (absolute).</summary>
    public required string Output { get; init; }

    /// <summary>Every run of the sweep: dataset, then arm, then seed, numbered from 0.</summary>
    public IReadOnlyList<SweepCell> Cells =>
    [
        .. Datasets.SelectMany(d => Arms.SelectMany(a => Seeds.Select(s => (Dataset: d, Arm: a.ForSeed(s)))))
            .Select((c, i) => new SweepCell(i, c.Dataset, c.Arm)),
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
    /// <exception cref="DataFormatException">A field is missing, unknown or wrong: FILE:LINE: "field": what is wrong.</exception>
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

    /// <summary>The spec in its own schema, its arms listed (a grid as the arms it expands to) and its output absolute.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("name", Name);
            if (Description is not null) w.WriteString("description", Description);
            w.WriteStartArray("datasets");
            foreach (var d in Datasets) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteStartArray("arms");
            foreach (var a in Arms)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Name);
                w.WriteNumber("imp", a.LambdaImportance);
                w.WriteNumber("inter", a.LambdaInteraction);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("seeds");
            foreach (var s in Seeds) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteString("mode", Mode.ToString().ToLowerInvariant());
            w.WriteString("tokenizer", Tokenizer);
            w.WriteNumber("epochs", Epochs);
            w.WriteNumber("patience", Patience);
            w.WriteNumber("dataFraction", DataFraction);
            if (MaxLength is { } length) w.WriteNumber("maxLength", length);
            if (BatchSize is { } batch) w.WriteNumber("batchSize", batch);
            if (LearningRate is { } rate) w.WriteNumber("learningRate", rate);
            w.WriteNumber("faithfulnessExamples", FaithfulnessExamples);
            w.WriteString("device", Device);
            w.WriteString("output", Output);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The first field in which <paramref name="other"/> would train or score other runs than this spec (its cells, or
    /// what each run does), or null when it would train the same; the name, description and output folder do not count.
    /// </summary>
    public string? FirstDifference(SweepSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (!Datasets.SequenceEqual(other.Datasets, StringComparer.Ordinal)) return "datasets";
        if (!Arms.SequenceEqual(other.Arms)) return "arms";
        if (!Seeds.SequenceEqual(other.Seeds)) return "seeds";
        if (Mode != other.Mode) return "mode";
        if (Tokenizer != other.Tokenizer) return "tokenizer";
        if (Epochs != other.Epochs) return "epochs";
        if (Patience != other.Patience) return "patience";
        if (!DataFraction.Equals(other.DataFraction)) return "dataFraction";
        if (MaxLength != other.MaxLength) return "maxLength";
        if (BatchSize != other.BatchSize) return "batchSize";
        if (LearningRate != other.LearningRate) return "learningRate";
        if (FaithfulnessExamples != other.FaithfulnessExamples) return "faithfulnessExamples";
        if (Device != other.Device) return "device";
        return null;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"sweep '{Name}': {Datasets.Count} dataset(s) × {Arms.Count} arm(s) × {Seeds.Count} seed(s) = {Datasets.Count * Arms.Count * Seeds.Count} cells; " +
        $"{Mode.ToString().ToLowerInvariant()} mode, {Tokenizer} tokens, up to {Epochs} epochs (patience {Patience}), data fraction {DataFraction:G}; output {Output}");
}
