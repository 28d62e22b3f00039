using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Safr.Notebooks;

/// <summary>One output of a cell, as nbformat 4 stores it; the JSON keys are written in the sorted order Jupyter uses.</summary>
internal abstract class CellOutput
{
    public abstract JsonObject ToJson();

    /// <summary>A mime bundle as nbformat wants it: text as a list of lines, JSON mime types as JSON values.</summary>
    protected static JsonObject Bundle(IReadOnlyList<KeyValuePair<string, string>> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in data)
        {
            if (mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal))
            {
                try
                {
                    bundle[mime] = JsonNode.Parse(text);
                    continue;
                }
                catch (JsonException)
                {
                    // not JSON after all: keep it as text
                }
            }
            bundle[mime] = NotebookCell.JsonLines(text);
        }
        return bundle;
    }
}

/// <summary>Text a cell wrote to Console.Out ("stdout") or Console.Error ("stderr"); consecutive writes to one stream merge.</summary>
internal sealed class StreamOutput(string name) : CellOutput
{
    public string Name { get; } = name;

    public StringBuilder Text { get; } = new();

    public override JsonObject ToJson() => new()
    {
        ["name"] = Name,
        ["output_type"] = "stream",
        ["text"] = NotebookCell.JsonLines(Text.ToString()),
    };
}

/// <summary>
/// A value shown by display() ("display_data") or a cell's last expression ("execute_result", with the cell's
/// execution count). Its data can be replaced later: that is how DisplayedValue.Update rewrites it in place.
/// </summary>
internal sealed class DataOutput(IReadOnlyList<KeyValuePair<string, string>> data, int? executionCount) : CellOutput
{
    public IReadOnlyList<KeyValuePair<string, string>> Data { get; set; } = data;

    /// <summary>Null for display_data; the cell's count for execute_result.</summary>
    public int? ExecutionCount { get; } = executionCount;

    public override JsonObject ToJson()
    {
        var json = new JsonObject { ["data"] = Bundle(Data) };
        if (ExecutionCount is { } count) json["execution_count"] = count;
        json["metadata"] = new JsonObject();
        json["output_type"] = ExecutionCount is null ? "display_data" : "execute_result";
        return json;
    }
}

/// <summary>A compile or runtime error: ename, evalue and the traceback lines, as Jupyter front ends show them.</summary>
internal sealed class ErrorOutput(string name, string value, IReadOnlyList<string> traceback) : CellOutput
{
    public string Name { get; } = name;

    public string Value { get; } = value;

    public IReadOnlyList<string> Traceback { get; } = traceback;

    public override JsonObject ToJson() => new()
    {
        ["ename"] = Name,
        ["evalue"] = Value,
        ["output_type"] = "error",
        ["traceback"] = new JsonArray(Traceback.Select(l => (JsonNode?)l).ToArray()),
    };
}
