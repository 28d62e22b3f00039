using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Safr.Notebooks;

/// <summary>
/// An nbformat 4 notebook held as a JSON tree, so that every field this runner does not know
/// (metadata of other tools, attachments, future keys) is written back exactly as it was read.
/// </summary>
public sealed class Notebook
{
    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        // Jupyter and VS Code write one-space indentation and raw UTF-8: diffs stay small.
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private Notebook(JsonObject root, string displayPath)
    {
        Root = root;
        DisplayPath = displayPath;
    }

    /// <summary>The whole document.</summary>
    public JsonObject Root { get; }

    /// <summary>The path as the user gave it; every error message starts with it.</summary>
    public string DisplayPath { get; }

    /// <summary>The cells, in file order (views over <see cref="Root"/>: editing them edits the document).</summary>
    public IReadOnlyList<NotebookCell> Cells => CellArray.Select(n => new NotebookCell(n as JsonObject ?? throw Invalid("a cell is not a JSON object"))).ToArray();

    /// <summary>The notebook-level metadata object (created when absent).</summary>
    public JsonObject Metadata => Root.Child("metadata") ?? new JsonObject(); // a non-object "metadata" is left as it is

    private JsonArray CellArray => Root["cells"] as JsonArray ?? throw Invalid("it has no \"cells\" array");

    public static Notebook Load(string path, string? displayPath = null)
    {
        displayPath ??= path;
        if (!File.Exists(path)) throw new NotebookException(displayPath, null, null, "no such notebook");
        return Parse(File.ReadAllText(path, Encoding.UTF8), displayPath);
    }

    public static Notebook Parse(string json, string displayPath)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new NotebookException(displayPath, null, null, $"not valid JSON ({e.Message})");
        }
        if (node is not JsonObject root) throw new NotebookException(displayPath, null, null, "not a notebook (the JSON is not an object)");
        var notebook = new Notebook(root, displayPath);
        var format = root["nbformat"] is JsonValue v && v.TryGetValue<int>(out var f) ? f : (int?)null;
        if (format != 4) throw notebook.Invalid($"nbformat {format?.ToString() ?? "(missing)"} is not supported; nbformat 4 is");
        _ = notebook.CellArray;
        return notebook;
    }

    public void InsertCell(int index, NotebookCell cell) => CellArray.Insert(index, cell.Json);

    public void RemoveCellAt(int index) => CellArray.RemoveAt(index);

    /// <summary>
    /// Brings the document up to nbformat 4.5 and the Polyglot Notebooks shape: unique cell ids, and the
    /// notebook and C# cell metadata VS Code writes. Only missing pieces are added; nothing present is changed.
    /// </summary>
    public void Normalize()
    {
        if ((Root["nbformat_minor"] as JsonValue)?.TryGetValue<int>(out var minor) != true || minor < 5) Root["nbformat_minor"] = 5;
        PolyglotMetadata.AddMissingToNotebook(Metadata);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in Cells)
        {
            if (cell.Id is not { } id || !NotebookCell.IsValidId(id) || !seen.Add(id))
            {
                cell.Id = NotebookCell.NewId(seen);
                seen.Add(cell.Id);
            }
            if (cell.IsCode) PolyglotMetadata.AddMissingToCell(cell.Metadata);
        }
    }

    public string ToJson() => Root.ToJsonString(WriteOptions) + "\n";

    /// <summary>Writes through a temporary file in the same folder and a rename, so a reader never sees half a notebook.</summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(new UTF8Encoding(false).GetBytes(ToJson()));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private NotebookException Invalid(string detail) => new(DisplayPath, null, null, $"not an nbformat 4 notebook: {detail}");
}
