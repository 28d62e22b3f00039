using System.Text.Json;
using System.Text.RegularExpressions;
using Safr.Kit.Data;

namespace Safr.Kit.Experiments;

/// <summary>
/// Reads a sweep spec's JSON (comments and trailing commas allowed) into a <see cref="SweepSpec"/>, checking every
/// field (<c>knownDatasets</c> null: any dataset name, as in a spec.json a sweep recorded). Each mistake is one <see cref="DataFormatException"/>, <c>FILE:LINE: "field": what is wrong</c>, the line
/// being where that field (or array element) is written.
/// </summary>
internal sealed partial class SweepSpecReader(byte[] bytes, string file, string baseFolder, IReadOnlyCollection<string>? knownDatasets)
{
    private static readonly string[] Fields =
        ["name", "description", "datasets", "grid", "arms", "seeds", "mode", "tokenizer", "epochs", "patience", "dataFraction", "maxLength", "batchSize", "learningRate", "faithfulnessExamples", "device", "output"];

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
        _lines = Lines(json);
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail("", "a sweep spec is a JSON object with the fields datasets, grid or arms, seeds and output (README.md, section Sweeps)");
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                    throw Fail(property.Name, $"unknown field; a sweep spec has {string.Join(", ", Fields)}");
                if (!seen.Add(property.Name)) throw Fail(property.Name, "given twice");
            }
            var hasGrid = root.TryGetProperty("grid", out var grid);
            var hasArms = root.TryGetProperty("arms", out var arms);
            if (hasGrid == hasArms)
                throw Fail(hasGrid ? "arms" : "", hasGrid
                    ? "give either \"grid\" or \"arms\", not both"
                    : "no arms: give \"grid\": { \"imp\": [0, 1], \"inter\": [0, 1] } or \"arms\": [{ \"name\": \"SAFR\", \"imp\": 1, \"inter\": 1 }, ...]");
            return new SweepSpec
            {
                Name = OptionalString(root, "name") ?? Path.GetFileNameWithoutExtension(file),
                Description = OptionalString(root, "description"),
                Datasets = DatasetNames(root),
                Arms = hasGrid ? Grid(grid) : NamedArms(arms),
                Seeds = Seeds(root),
                Mode = Mode(root),
                Tokenizer = Tokenizer(root),
                Epochs = OptionalInt(root, "epochs", 1) ?? 100,
                Patience = OptionalInt(root, "patience", 1) ?? 3,
                DataFraction = DataFraction(root),
                MaxLength = OptionalInt(root, "maxLength", 1),
                BatchSize = OptionalInt(root, "batchSize", 1),
                LearningRate = LearningRate(root),
                FaithfulnessExamples = OptionalInt(root, "faithfulnessExamples", 0) ?? 500,
                Device = Device(root),
                Output = Output(root),
            };
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

    private SweepArm[] Grid(JsonElement grid)
    {
        if (grid.ValueKind != JsonValueKind.Object) throw Fail("grid", "expected an object: { \"imp\": [0, 1], \"inter\": [0, 1] }");
        foreach (var property in grid.EnumerateObject())
        {
            if (property.Name is not ("imp" or "inter"))
                throw Fail($"grid.{property.Name}", "unknown field; a grid has \"imp\" (the lambda_imp values) and \"inter\" (the lambda_inter values)");
        }
        var imp = Lambdas(grid, "grid.imp", "imp");
        var inter = Lambdas(grid, "grid.inter", "inter");
        return [.. imp.SelectMany(i => inter.Select(j => SweepArm.ForGrid(i, j)))];
    }

    private double[] Lambdas(JsonElement grid, string path, string name)
    {
        if (!grid.TryGetProperty(name, out var values)) throw Fail("grid", $"\"{name}\" is missing: the lambda_{name} values, e.g. \"{name}\": [0, 1]");
        if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
            throw Fail(path, "expected a non-empty array of numbers, e.g. [0, 1]");
        var lambdas = values.EnumerateArray().Select((e, i) => Lambda(e, $"{path}[{i}]")).ToArray();
        for (var i = 0; i < lambdas.Length; i++)
            if (Array.IndexOf(lambdas, lambdas[i]) < i) throw Fail($"{path}[{i}]", $"{lambdas[i]:G} is listed twice");
        return lambdas;
    }

    private double Lambda(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var v) && double.IsFinite(v) && v >= 0 ? v
            : throw Fail(path, "expected a lambda: a number, 0 or more");

    private SweepArm[] NamedArms(JsonElement arms)
    {
        if (arms.ValueKind != JsonValueKind.Array || arms.GetArrayLength() == 0)
            throw Fail("arms", "expected a non-empty array of arms: [{ \"name\": \"baseline\", \"imp\": 0, \"inter\": 0 }, ...]");
        var list = new List<SweepArm>();
        var i = 0;
        foreach (var arm in arms.EnumerateArray())
        {
            var path = $"arms[{i++}]";
            if (arm.ValueKind != JsonValueKind.Object) throw Fail(path, "expected an object: { \"name\": \"SAFR\", \"imp\": 1, \"inter\": 1 }");
            foreach (var property in arm.EnumerateObject())
            {
                if (property.Name is not ("name" or "imp" or "inter"))
                    throw Fail($"{path}.{property.Name}", "unknown field; an arm has \"name\", \"imp\" (lambda_imp) and \"inter\" (lambda_inter)");
            }
            var name = arm.TryGetProperty("name", out var n)
                ? n.ValueKind == JsonValueKind.String && n.GetString() is { } s && s.Trim().Length > 0 ? s.Trim() : throw Fail($"{path}.name", "expected a non-empty string")
                : throw Fail(path, "\"name\" is missing");
            var imp = arm.TryGetProperty("imp", out var a) ? Lambda(a, $"{path}.imp") : throw Fail(path, "\"imp\" (lambda_imp) is missing");
            var inter = arm.TryGetProperty("inter", out var b) ? Lambda(b, $"{path}.inter") : throw Fail(path, "\"inter\" (lambda_inter) is missing");
            if (list.FirstOrDefault(x => x.Name == name) is not null) throw Fail($"{path}.name", $"another arm is already called \"{name}\"");
            // Run folders are named by the lambdas (Experiment.RunFolderOf): two arms with the same ones would share them.
            if (list.FirstOrDefault(x => x.LambdaImportance == imp && x.LambdaInteraction == inter) is { } twin)
                throw Fail(path, $"arm \"{twin.Name}\" already has lambda_imp {imp:G} and lambda_inter {inter:G}");
            list.Add(new SweepArm(name, imp, inter));
        }
        return [.. list];
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

    private RunMode Mode(JsonElement root)
    {
        var text = OptionalString(root, "mode");
        try
        {
            return text is null ? RunMode.Paper : RunModes.Parse(text);
        }
        catch (InputException e)
        {
            throw Fail("mode", e.Message);
        }
    }

    private string Tokenizer(JsonElement root)
    {
        var name = OptionalString(root, "tokenizer") ?? WhitespaceTokenizer.TokenizerName;
        return TextTokenizers.Names.Contains(name) ? name
            : throw Fail("tokenizer", $"unknown tokenizer '{name}': expected one of {string.Join(", ", TextTokenizers.Names)}");
    }

    private double DataFraction(JsonElement root)
    {
        if (!root.TryGetProperty("dataFraction", out var e)) return 1;
        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var f) && f > 0 && f <= 1 ? f
            : throw Fail("dataFraction", "expected a number in (0, 1]: the seeded fraction of every split each run uses (1: all)");
    }

    private double? LearningRate(JsonElement root)
    {
        if (!root.TryGetProperty("learningRate", out var e)) return null;
        return e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var rate) && double.IsFinite(rate) && rate > 0 ? rate
            : throw Fail("learningRate", "expected a positive number: Adam's learning rate (the release's is 1e-4)");
    }

    private string Device(JsonElement root)
    {
        var device = OptionalString(root, "device") ?? "cpu";
        return DeviceName().IsMatch(device) ? device : throw Fail("device", $"unknown device '{device}': expected cpu, cuda or cuda:N");
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

    private int? OptionalInt(JsonElement root, string field, int minimum) =>
        !root.TryGetProperty(field, out var e) ? null
            : e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) && v >= minimum ? v
            : throw Fail(field, $"expected a whole number, {minimum} or more");

    private DataFormatException Fail(string path, string problem) =>
        new(file, _lines.GetValueOrDefault(path, 1), path.Length == 0 ? problem : $"\"{path}\": {problem}");

    /// <summary>The 1-based line of every property and array element, by its path ("grid.imp", "arms[1].name", "seeds[2]"; "" the root).</summary>
    private static Dictionary<string, int> Lines(ReadOnlySpan<byte> json)
    {
        var newlines = new List<long>();
        for (var i = 0; i < json.Length; i++)
            if (json[i] == (byte)'\n') newlines.Add(i);
        int LineAt(long offset)
        {
            var index = newlines.BinarySearch(offset);
            return (index < 0 ? ~index : index) + 1;
        }
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new Stack<Frame>();
        string? property = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        string ValuePath()
        {
            if (frames.Count == 0) return "";
            var top = frames.Peek();
            return top.IsArray ? $"{top.Path}[{top.Next++}]" : property ?? top.Path;
        }
        while (reader.Read())
        {
            var line = LineAt(reader.TokenStartIndex);
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var parent = frames.Peek().Path;
                    property = parent.Length == 0 ? reader.GetString()! : $"{parent}.{reader.GetString()}";
                    lines.TryAdd(property, line);
                    break;
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    var path = ValuePath();
                    lines.TryAdd(path, line);
                    frames.Push(new Frame(path, reader.TokenType == JsonTokenType.StartArray));
                    property = null;
                    break;
                case JsonTokenType.EndObject:
                case JsonTokenType.EndArray:
                    frames.Pop();
                    property = null;
                    break;
                default:
                    lines.TryAdd(ValuePath(), line);
                    break;
            }
        }
        return lines;
    }

    [GeneratedRegex("^(cpu|cuda(:[0-9]+)?)$")]
    private static partial Regex DeviceName();

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Next { get; set; }
    }
}
