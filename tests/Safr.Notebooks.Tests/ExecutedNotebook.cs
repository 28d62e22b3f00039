namespace Safr.Notebooks.Tests;

/// <summary>An executed notebook read back from disk, with helpers to reach cells and outputs.</summary>
internal sealed class ExecutedNotebook(string path)
{
    public JsonObject Root { get; } = JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    public string Path { get; } = path;

    public JsonArray Cells => Root["cells"]!.AsArray();

    public JsonObject Cell(int index) => Cells[index]!.AsObject();

    /// <summary>The code cells, in order (markdown and raw cells left out).</summary>
    public IEnumerable<JsonObject> CodeCells => Cells.Select(c => c!.AsObject()).Where(c => (string?)c["cell_type"] == "code");

    public JsonArray Outputs(int cellIndex) => Cell(cellIndex)["outputs"]!.AsArray();

    public JsonObject Output(int cellIndex, int outputIndex = 0) => Outputs(cellIndex)[outputIndex]!.AsObject();

    public int? ExecutionCount(int cellIndex) => (int?)Cell(cellIndex)["execution_count"];

    /// <summary>nbformat's multi-line strings (a string or a list of lines) as one string.</summary>
    public static string Text(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue value => (string?)value ?? "",
        _ => "",
    };

    public string Data(int cellIndex, string mime, int outputIndex = 0) => Text(Output(cellIndex, outputIndex)["data"]![mime]);
}
