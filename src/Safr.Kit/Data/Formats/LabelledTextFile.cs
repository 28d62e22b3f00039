using System.Text;
using System.Text.Json;

namespace Safr.Kit.Data;

/// <summary>
/// Reads a user's own file into raw examples: a CSV or TSV with a header row, or JSON Lines, the text and the label
/// taken from the named columns (fields). Every problem is a <see cref="DataFormatException"/> at its line.
/// </summary>
internal static class LabelledTextFile
{
    /// <summary>The format an extension says: .csv, .tsv (.tab), .jsonl (.ndjson, .json).</summary>
    public static TextFileFormat FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => TextFileFormat.Csv,
        ".tsv" or ".tab" => TextFileFormat.Tsv,
        ".jsonl" or ".ndjson" or ".json" => TextFileFormat.JsonLines,
        var other => throw new InputException(
            $"{path}: cannot tell the format from the extension \"{other}\": name it (OwnDataOptions.Format: Csv, Tsv or JsonLines), or use .csv, .tsv or .jsonl"),
    };

    public static List<RawExample> Read(string path, TextFileFormat format, string textColumn, string labelColumn, Encoding? encoding)
    {
        var examples = format switch
        {
            TextFileFormat.Csv => ReadTable(path, ',', textColumn, labelColumn, encoding),
            TextFileFormat.Tsv => ReadTable(path, '\t', textColumn, labelColumn, encoding),
            TextFileFormat.JsonLines => ReadJsonLines(path, textColumn, labelColumn, encoding),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        if (examples.Count == 0) throw new DataFormatException(path, 1, "the file has no examples");
        return examples;
    }

    private static List<RawExample> ReadTable(string path, char separator, string textColumn, string labelColumn, Encoding? encoding)
    {
        using var records = CsvTable.ReadFile(path, separator, encoding).GetEnumerator();
        if (!records.MoveNext())
            throw new DataFormatException(path, 1, $"the file is empty: expected a header row naming the columns (\"{textColumn}\", \"{labelColumn}\", ...)");
        var header = records.Current;
        int Column(string name)
        {
            var index = Array.IndexOf(header.Fields, name);
            if (index >= 0) return index;
            // One column that holds the other separator: the file is probably not separated the way its format says.
            var hint = header.Fields.Length == 1 && header.Fields[0].Contains(separator == ',' ? '\t' : ',')
                ? $" (one column: is the file {(separator == ',' ? "tab" : "comma")}-separated? Name its format in OwnDataOptions.Format)"
                : "";
            throw new DataFormatException(path, header.Line,
                $"no column \"{name}\"; the columns are {string.Join(", ", header.Fields.Select(f => $"\"{Sst2Reader.Shorten(f)}\""))}{hint}");
        }
        var (text, label) = (Column(textColumn), Column(labelColumn));
        var examples = new List<RawExample>();
        while (records.MoveNext())
        {
            var record = records.Current;
            if (record.Fields.Length != header.Fields.Length)
                throw new DataFormatException(path, record.Line,
                    $"{record.Fields.Length} fields where the header (line {header.Line}) has {header.Fields.Length}");
            examples.Add(RawExample.Checked(record.Fields[text], record.Fields[label], Origin.Line(path, record.Line), textColumn, labelColumn));
        }
        return examples;
    }

    private static List<RawExample> ReadJsonLines(string path, string textField, string labelField, Encoding? encoding)
    {
        var examples = new List<RawExample>();
        var lines = StrictText.ReadAllText(path, encoding).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (string.IsNullOrWhiteSpace(line)) continue;
            var origin = Origin.Line(path, i + 1);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw origin.Error($"not valid JSON: {e.Message}");
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw origin.Error($"expected a JSON object with the fields \"{textField}\" and \"{labelField}\", found {Kind(root)}" +
                        (root.ValueKind == JsonValueKind.Array ? " (JSON Lines is one object per line, not one array of objects)" : ""));
                JsonElement Field(string name) => root.TryGetProperty(name, out var value) ? value
                    : throw origin.Error($"no field \"{name}\"; this line has {string.Join(", ", root.EnumerateObject().Select(p => $"\"{Sst2Reader.Shorten(p.Name)}\""))}");
                var text = Field(textField);
                if (text.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    throw origin.Error($"the text \"{textField}\" is {Kind(text)}, not a string");
                examples.Add(RawExample.Checked(text.GetString(), Label(Field(labelField), labelField, origin), origin, textField, labelField));
            }
        }
        return examples;
    }

    /// <summary>A class name (a string) or an integer (a JSON number without a fraction), as text; null for JSON null.</summary>
    private static string? Label(JsonElement label, string labelField, Origin origin) => label.ValueKind switch
    {
        JsonValueKind.String => label.GetString(),
        JsonValueKind.Null => null,
        JsonValueKind.Number when label.TryGetInt64(out var integer) => integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        JsonValueKind.Number => throw origin.Error($"the label {label.GetRawText()} (\"{labelField}\") is not an integer: labels are class names or integers 0..C-1"),
        _ => throw origin.Error($"the label (\"{labelField}\") is {Kind(label)}: expected a class name (a string) or an integer"),
    };

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
