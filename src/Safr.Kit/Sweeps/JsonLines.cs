using System.Text.Json;

namespace Safr.Kit.Sweeps;

/// <summary>
/// Where each property and array element of a JSON text is written, so a spec's reader can put a problem on its line.
/// (System.Text.Json's DOM keeps no positions; its reader does, token by token.)
/// </summary>
internal static class JsonLines
{
    /// <summary>The 1-based line of every property and array element, by its path ("grid.imp", "arms[1].name", "seeds[2]"; "" the root).</summary>
    public static Dictionary<string, int> Of(ReadOnlySpan<byte> json)
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

    private sealed class Frame(string path, bool isArray)
    {
        public string Path { get; } = path;

        public bool IsArray { get; } = isArray;

        public int Next { get; set; }
    }
}
