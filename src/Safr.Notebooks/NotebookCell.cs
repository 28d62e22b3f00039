using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Safr.Notebooks;

/// <summary>A view over one cell's JSON object: reads and writes the fields the runner uses, leaves the rest alone.</summary>
public sealed partial class NotebookCell(JsonObject json)
{
    public JsonObject Json { get; } = json;

    public string CellType => Json["cell_type"].AsString() ?? "";

    public bool IsCode => CellType == "code";

    public string? Id
    {
        get => Json["id"].AsString();
        set => Json["id"] = value;
    }

    /// <summary>The source as one string (nbformat allows a string or a list of lines).</summary>
    public string Source
    {
        get => Json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => l.AsString())),
            var single => single.AsString() ?? "",
        };
        set => Json["source"] = JsonLines(value);
    }

    public JsonObject Metadata => Json.Child("metadata") ?? new JsonObject(); // a non-object "metadata" is left as it is

    /// <summary>The cell's tags (metadata.tags), as papermill reads them.</summary>
    public IReadOnlyList<string> Tags =>
        Json["metadata"]?["tags"] is JsonArray tags ? tags.Select(t => t.AsString() ?? "").ToArray() : [];

    /// <summary>
    /// The kernel this cell targets, read the way .NET Interactive reads it: polyglot_notebook.kernelName first,
    /// then the older dotnet_interactive.language; null when the cell does not say.
    /// </summary>
    public string? KernelName =>
        Json["metadata"]?["polyglot_notebook"]?["kernelName"].AsString() ?? Json["metadata"]?["dotnet_interactive"]?["language"].AsString();

    public void SetExecutionCount(int? count) => Json["execution_count"] = count;

    public void SetOutputs(IEnumerable<JsonObject> outputs) => Json["outputs"] = new JsonArray(outputs.Cast<JsonNode?>().ToArray());

    /// <summary>A new C# code cell with the Polyglot Notebooks metadata, keys in the order Jupyter writes them.</summary>
    public static NotebookCell NewCode(string source, string id, params string[] tags)
    {
        var metadata = new JsonObject();
        PolyglotMetadata.AddMissingToCell(metadata);
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        return new NotebookCell(new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = id,
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = JsonLines(source),
        });
    }

    /// <summary>nbformat 4.5: 1 to 64 letters, digits, '-' or '_'.</summary>
    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    /// <summary>Eight hex digits, as Jupyter makes them, unique within the notebook.</summary>
    public static string NewId(IReadOnlySet<string> taken)
    {
        while (true)
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            if (!taken.Contains(id)) return id;
        }
    }

    /// <summary>Multi-line text as Jupyter stores it: a list of lines, each but the last ending in "\n".</summary>
    public static JsonArray JsonLines(string text) => new(SplitLines(text).Select(l => (JsonNode?)l).ToArray());

    public static IEnumerable<string> SplitLines(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                yield return text[start..];
                yield break;
            }
            yield return text[start..(end + 1)];
            start = end + 1;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex IdPattern();
}
