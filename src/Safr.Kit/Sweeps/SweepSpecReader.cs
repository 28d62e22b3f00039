using System.Text.Json;
using Safr.Kit.Data;
using Safr.Kit.Model;
using Safr.Kit.Runs;

namespace Safr.Kit.Sweeps;

/// <summary>
/// Reads a sweep spec's JSON (comments and trailing commas allowed) into a <see cref="SweepSpec"/>. Its own fields are
/// name, description, datasets, grid or arms, seeds and output; every other field is a <see cref="RunSpec"/> field by
/// its sweep name (<see cref="RunFields"/>), read and checked as RunSpec reads and checks it, so a field added to RunSpec
/// is a sweep field too. Each mistake is one <see cref="DataFormatException"/>, <c>FILE:LINE: "field": what is wrong</c>,
/// the line being where that field (or array element) is written (<c>knownDatasets</c> null: any dataset name, as in a
/// spec.json a sweep recorded).
/// </summary>
internal sealed class SweepSpecReader(byte[] bytes, string file, string baseFolder, IReadOnlyCollection<string>? knownDatasets)
{
    private static readonly string[] SweepFields = ["name", "description", "datasets", "grid", "arms", "seeds", "output"];

    /// <summary>The RunSpec fields a spec sets for every run: all but the cell's own (dataset, seed) and the run's name.</summary>
    internal static readonly IReadOnlyList<RunField> TemplateFields = [.. RunFields.All.Where(f => f.Name is not ("dataset" or "seed" or "name"))];

    /// <summary>The RunSpec fields an arm or a grid may vary: all but the data and the seed.</summary>
    internal static readonly IReadOnlyList<RunField> ArmFields =
        [.. RunFields.All.Where(f => f.Name is not ("dataset" or "seed" or "name" or "data" or "dev-data" or "test-data" or "text-column" or "label-column"))];

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private Dictionary<string, int> _lines = [];

    public SweepSpec Read()
    {
        var json = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new DataFormatException(file, (int)(e.LineNumber ?? 0) + 1, $"not valid JSON: {e.Message}", e);
        }
        _lines = JsonLines.Of(json);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail("", "a sweep spec is a JSON object with the fields datasets, grid or arms, seeds and output (README.md, section Sweeps)");
            var template = new RunSpec();
            foreach (var property in root.EnumerateObject())
            {
                if (SweepFields.Contains(property.Name)) continue;
                if (property.Name == "architecture") { template = template with { Architecture = Architecture(property.Value) }; continue; }
                var field = TemplateFields.FirstOrDefault(f => f.JsonName == property.Name)
                    ?? throw Fail(property.Name, $"unknown field; a sweep spec has {string.Join(", ", SweepFields)} and the run fields {string.Join(", ", TemplateFields.Select(f => f.JsonName))}");
                template = Set(template, field, property.Value, property.Name);
            }
            Check(template, "");
            var hasGrid = root.TryGetProperty("grid", out var grid);
            var hasArms = root.TryGetProperty("arms", out var arms);
            if (hasGrid == hasArms)
                throw Fail(hasGrid ? "arms" : "", hasGrid
                    ? "give either \"grid\" or \"arms\", not both"
                    : "no arms: give \"grid\": { \"imp\": [0, 1], \"inter\": [0, 1] } or \"arms\": [{ \"name\": \"SAFR\", \"imp\": 1, \"inter\": 1 }, ...]");
            var armSpecs = hasGrid ? Grid(grid, template) : NamedArms(arms, template);
            var datasets = template.DataFile is null ? DatasetNames(root)
                : root.TryGetProperty("datasets", out _) ? throw Fail("datasets", "a sweep over your own \"data\" file has no datasets") : [template.DatasetName];
            var spec = new SweepSpec
            {
                Name = OptionalString(root, "name") ?? Path.GetFileNameWithoutExtension(file),
                Description = OptionalString(root, "description"),
                Datasets = datasets,
                Template = template,
                Arms = armSpecs,
                Seeds = Seeds(root),
                Output = Output(root),
            };
            // Run folders are named by dataset, mode, tokenizer, lambdas and seed (RunSpec.RunFolderName): two arms that
            // differ in nothing else would train into the same folders.
            var armIndex = 0;
            foreach (var arm in armSpecs)
            {
                var twin = armSpecs.Take(armIndex).FirstOrDefault(a => a.RunFolderName() == arm.RunFolderName());
                if (twin is not null)
                    throw Fail(hasGrid ? "grid" : $"arms[{armIndex}]", $"arm \"{twin.DisplayName}\" already has lambda_imp {arm.LambdaImportance:G} and lambda_inter {arm.LambdaInteraction:G} (their runs would share run folders)");
                armIndex++;
            }
            return spec;
        }
    }

    private RunSpec Set(RunSpec spec, RunField field, JsonElement value, string path)
    {
        try
        {
            return field.With(spec, field.Read(value));
        }
        catch (InputException)
        {
            throw Fail(path, $"expected {RunField.Describe(field.Type)}");
        }
    }

    /// <summary>Checks a spec as RunSpec does, the problem put on the line of the field at <paramref name="prefix"/>.</summary>
    private void Check(RunSpec spec, string prefix)
    {
        try
        {
            spec.Validate();
        }
        catch (RunFieldException e)
        {
            var name = RunFields.Find(e.Field)?.JsonName ?? e.Field;
            var path = prefix.Length == 0 ? name : _lines.ContainsKey($"{prefix}.{name}") ? $"{prefix}.{name}" : prefix;
            throw Fail(path, path == prefix && prefix.Length > 0 ? $"{name}: {e.Problem}" : e.Problem);
        }
    }

    private SafrTransformerConfig Architecture(JsonElement value)
    {
        try
        {
            var config = value.Deserialize<SafrTransformerConfig>(RunSpec.Json) ?? throw Fail("architecture", "expected an object");
            return config;
        }
        catch (JsonException e)
        {
            throw Fail("architecture", $"not an architecture: {e.Message}");
        }
    }

    private string[] DatasetNames(JsonElement root)
    {
        var names = RequiredArray(root, "datasets", "the datasets to sweep, e.g. \"datasets\": [\"sst2\"]")
            .Select((e, i) => e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 } s ? s : throw Fail($"datasets[{i}]", "expected a dataset's name (a string)"))
            .ToArray();
        for (var i = 0; i < names.Length; i++)
        {
            if (knownDatasets is not null && !knownDatasets.Contains(names[i]))
                throw Fail($"datasets[{i}]", $"unknown dataset \"{names[i]}\": expected one of {string.Join(", ", knownDatasets)}");
            if (Array.IndexOf(names, names[i]) < i) throw Fail($"datasets[{i}]", $"\"{names[i]}\" is listed twice");
        }
        return names;
    }

    /// <summary>The arms of a grid: every combination of the fields' values, the first field varying slowest.</summary>
    private RunSpec[] Grid(JsonElement grid, RunSpec template)
    {
        if (grid.ValueKind != JsonValueKind.Object) throw Fail("grid", "expected an object: { \"imp\": [0, 1], \"inter\": [0, 1] }");
        var axes = new List<(RunField Field, object?[] Values)>();
        foreach (var property in grid.EnumerateObject())
        {
            var path = $"grid.{property.Name}";
            var field = ArmFields.FirstOrDefault(f => f.JsonName == property.Name)
                ?? throw Fail(path, $"unknown field; a grid varies run fields: {string.Join(", ", ArmFields.Select(f => f.JsonName))}");
            if (property.Value.ValueKind != JsonValueKind.Array || property.Value.GetArrayLength() == 0)
                throw Fail(path, "expected a non-empty array of values, e.g. [0, 1]");
            var values = property.Value.EnumerateArray().Select((e, i) => Value(field, e, $"{path}[{i}]", template)).ToArray();
            for (var i = 0; i < values.Length; i++)
                if (Array.FindIndex(values, v => Equals(v, values[i])) < i) throw Fail($"{path}[{i}]", $"{RunField.Format(values[i], "null")} is listed twice");
            axes.Add((field, values));
        }
        foreach (var required in new[] { "imp", "inter" })
            if (!axes.Any(a => a.Field.JsonName == required))
                throw Fail("grid", $"\"{required}\" is missing: the lambda_{required} values, e.g. \"{required}\": [0, 1]");
        IEnumerable<RunSpec> specs = [template];
        foreach (var (field, values) in axes) specs = specs.SelectMany(s => values.Select(v => field.With(s, v)));
        var varied = axes.Select(a => a.Field).Where(f => f.JsonName is not ("imp" or "inter")).ToArray();
        // A grid point is named as the ablation names it (baseline, SAFR, ...) or impA-interB, plus any other field it varies.
        return [.. specs.Select(s => s with { Name = string.Join(", ", [s.DisplayName, .. varied.Select(f => $"{f.JsonName} {RunField.Format(f.Get(s), "null")}")]) })];
    }

    private RunSpec[] NamedArms(JsonElement arms, RunSpec template)
    {
        if (arms.ValueKind != JsonValueKind.Array || arms.GetArrayLength() == 0)
            throw Fail("arms", "expected a non-empty array of arms: [{ \"name\": \"baseline\", \"imp\": 0, \"inter\": 0 }, ...]");
        var list = new List<RunSpec>();
        var i = 0;
        foreach (var arm in arms.EnumerateArray())
        {
            var path = $"arms[{i++}]";
            if (arm.ValueKind != JsonValueKind.Object) throw Fail(path, "expected an object: { \"name\": \"SAFR\", \"imp\": 1, \"inter\": 1 }");
            var spec = template;
            foreach (var property in arm.EnumerateObject())
            {
                if (property.Name == "name") continue;
                var field = ArmFields.FirstOrDefault(f => f.JsonName == property.Name)
                    ?? throw Fail($"{path}.{property.Name}", $"unknown field; an arm has \"name\" and run fields: {string.Join(", ", ArmFields.Select(f => f.JsonName))}");
                spec = field.With(spec, Value(field, property.Value, $"{path}.{property.Name}", template));
            }
            var name = arm.TryGetProperty("name", out var n)
                ? n.ValueKind == JsonValueKind.String && n.GetString() is { } s && s.Trim().Length > 0 ? s.Trim() : throw Fail($"{path}.name", "expected a non-empty string")
                : throw Fail(path, "\"name\" is missing");
            foreach (var required in new[] { "imp", "inter" })
                if (!arm.TryGetProperty(required, out _)) throw Fail(path, $"\"{required}\" (lambda_{required}) is missing");
            if (list.Any(x => x.Name == name)) throw Fail($"{path}.name", $"another arm is already called \"{name}\"");
            Check(spec, path);
            list.Add(spec with { Name = name });
        }
        return [.. list];
    }

    /// <summary>A value of <paramref name="field"/>, checked as RunSpec checks it.</summary>
    private object? Value(RunField field, JsonElement element, string path, RunSpec template)
    {
        var spec = Set(template, field, element, path);
        try
        {
            spec.Validate();
        }
        catch (RunFieldException e) when (e.Field == field.Name)
        {
            throw Fail(path, e.Problem);
        }
        return field.Get(spec);
    }

    private int[] Seeds(JsonElement root)
    {
        var seeds = RequiredArray(root, "seeds", "the seeds of each arm, e.g. \"seeds\": [0, 1, 2]")
            .Select((e, i) => e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var s) && s >= 0 ? s : throw Fail($"seeds[{i}]", "expected a seed: a whole number, 0 or more"))
            .ToArray();
        for (var i = 0; i < seeds.Length; i++)
            if (Array.IndexOf(seeds, seeds[i]) < i) throw Fail($"seeds[{i}]", $"seed {seeds[i]} is listed twice");
        return seeds;
    }

    private string Output(JsonElement root)
    {
        if (!root.TryGetProperty("output", out var e))
            throw Fail("", "\"output\" is missing: the folder the sweep keeps its runs and results in (relative to the spec's folder)");
        var text = e.ValueKind == JsonValueKind.String && e.GetString() is { } s && s.Trim().Length > 0 ? s : throw Fail("output", "expected a folder (a non-empty string)");
        try
        {
            return Path.GetFullPath(text, baseFolder);
        }
        catch (ArgumentException x)
        {
            throw Fail("output", $"not a folder path: {x.Message}");
        }
    }

    private List<JsonElement> RequiredArray(JsonElement root, string field, string what)
    {
        if (!root.TryGetProperty(field, out var e)) throw Fail("", $"\"{field}\" is missing: {what}");
        if (e.ValueKind != JsonValueKind.Array || e.GetArrayLength() == 0) throw Fail(field, $"expected a non-empty array: {what}");
        return [.. e.EnumerateArray()];
    }

    private string? OptionalString(JsonElement root, string field) =>
        !root.TryGetProperty(field, out var e) ? null
            : e.ValueKind == JsonValueKind.String ? e.GetString() : throw Fail(field, "expected a string");

    private DataFormatException Fail(string path, string problem) =>
        new(file, _lines.GetValueOrDefault(path, 1), path.Length == 0 ? problem : $"\"{path}\": {problem}");
}
