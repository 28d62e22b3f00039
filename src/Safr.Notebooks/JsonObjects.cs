using System.Text.Json.Nodes;

namespace Safr.Notebooks;

/// <summary>Small helpers for editing notebook JSON in place without disturbing what is already there.</summary>
internal static class JsonObjects
{
    /// <summary>The named child object, created when absent; null when something else already holds the name (left alone).</summary>
    public static JsonObject? Child(this JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child) return child;
        if (parent.ContainsKey(name)) return null;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary>The node's string value; null when it is absent or not a string (no exception for a malformed file).</summary>
    public static string? AsString(this JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
