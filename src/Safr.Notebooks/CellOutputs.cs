using System.Text.Json.Nodes;

namespace Safr.Notebooks;

/// <summary>
/// The outputs of the cell that is running, in the order they happened (console text also echoed live to the real
/// console when <paramref name="echo"/> is set). Thread-safe: a cell may write or display
/// from tasks it started, and a DisplayedValue from an earlier cell may be updated at any time.
/// </summary>
internal sealed class CellOutputs(bool echo)
{
    private readonly Lock gate = new();
    private readonly List<CellOutput> items = [];

    /// <summary>Appends console text, merging with the previous output when it is the same stream (as Jupyter shows it).</summary>
    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (items.Count > 0 && items[^1] is StreamOutput last && last.Name == stream) last.Text.Append(text);
            else
            {
                var output = new StreamOutput(stream);
                output.Text.Append(text);
                items.Add(output);
            }
        }
        if (echo) ConsoleCapture.Echo(stream, text);
    }

    public DataOutput Add(IReadOnlyList<KeyValuePair<string, string>> data, int? executionCount = null)
    {
        var output = new DataOutput(data, executionCount);
        lock (gate) items.Add(output);
        return output;
    }

    public void Add(ErrorOutput error)
    {
        lock (gate) items.Add(error);
    }

    /// <summary>Replaces a displayed value's data where it stands; a no-op race with a concurrent ToJson is harmless (either data is whole).</summary>
    public void Replace(DataOutput output, IReadOnlyList<KeyValuePair<string, string>> data)
    {
        lock (gate) output.Data = data;
    }

    public IReadOnlyList<JsonObject> ToJson()
    {
        lock (gate) return items.Select(o => o.ToJson()).ToArray();
    }
}
