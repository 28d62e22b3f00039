using System.Text.Json;

namespace Safr.Notebooks.Tests;

/// <summary>
/// Writes small notebooks the way VS Code's Polyglot Notebooks saves them (nbformat 4.2, no cell ids, C# cell
/// metadata), so the tests also exercise the upgrade to 4.5.
/// </summary>
internal sealed class NotebookBuilder
{
    private readonly JsonArray cells = [];

    public JsonObject Metadata { get; } = new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    public NotebookBuilder Code(string source, string[]? tags = null, string kernel = "csharp")
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = kernel },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel },
        };
        if (tags is not null) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)t).ToArray());
        cells.Add(new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["metadata"] = metadata,
            ["outputs"] = new JsonArray(),
            ["source"] = Lines(source),
        });
        return this;
    }

    public NotebookBuilder Markdown(string source)
    {
        cells.Add(new JsonObject { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = Lines(source) });
        return this;
    }

    /// <summary>Adds a raw JSON cell (for fields the runner must keep).</summary>
    public NotebookBuilder Cell(JsonObject cell)
    {
        cells.Add(cell);
        return this;
    }

    public JsonObject Extra { get; } = new();

    public string Save(string folder, string name = "test.ipynb")
    {
        var root = new JsonObject { ["cells"] = cells.DeepClone(), ["metadata"] = Metadata.DeepClone(), ["nbformat"] = 4, ["nbformat_minor"] = 2 };
        foreach (var (key, value) in Extra) root[key] = value?.DeepClone();
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>nbformat's multi-line string: a list of lines, each but the last keeping its newline.</summary>
    private static JsonArray Lines(string source)
    {
        var lines = source.Split('\n');
        return new JsonArray(lines.Select((line, i) => (JsonNode?)(i < lines.Length - 1 ? line + "\n" : line)).Where(l => (string?)l != "").ToArray());
    }
}
