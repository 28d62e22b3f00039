using System.Globalization;

namespace Safr.Kit.Data;

/// <summary>
/// Turns the labels of a user's own data into class indices, by one rule for every file and frame:
/// <list type="number">
/// <item>with class names given, labels that are all among them become their positions;</item>
/// <item>otherwise labels that are all integers are the class indices 0..C-1 themselves (C: the number of names given, else
/// the largest label + 1, and then every class must occur: labels 1..4 are an error that says how to read them as names);</item>
/// <item>otherwise labels are class names: the given ones (any other is an error at its line), else the distinct names
/// sorted by ordinal comparison, so that the order never depends on which example comes first.</item>
/// </list>
/// Fewer than two classes is an error.
/// </summary>
internal static class ClassLabels
{
    /// <summary>The class names, the rule that applied (for the dataset's description), and each part's labelled examples.</summary>
    public static (IReadOnlyList<string> Names, string Rule, List<TextExample>[] Parts) Assign(
        IReadOnlyList<IReadOnlyList<RawExample>> parts, IReadOnlyList<string>? given, Origin whole)
    {
        if (given is not null) CheckGiven(given);
        var all = parts.SelectMany(p => p).ToList();
        var byName = given?.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index, StringComparer.Ordinal);
        if (byName is not null && all.All(e => byName.ContainsKey(e.Label)))
            return (given!, $"labels: the given class names ({string.Join(", ", given!)})", Label(parts, e => byName[e.Label]));

        if (all.All(e => IsInteger(e.Label)))
        {
            var values = all.Select(e => (Example: e, Value: long.Parse(e.Label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture))).ToList();
            var count = given?.Count ?? (int)Math.Min(values.Max(v => v.Value) + 1, int.MaxValue);
            foreach (var (example, value) in values)
            {
                if (value < 0)
                    throw example.Origin.Error($"the label {value} is negative: integer labels are class indices 0..C-1" +
                        (given is null ? "; to read the labels as class names, give them (OwnDataOptions.ClassNames)" : ""));
                if (value >= count)
                    throw example.Origin.Error($"the label {value} is outside 0..{count - 1}: OwnDataOptions.ClassNames names {count} classes ({string.Join(", ", given!)})");
            }
            if (given is null)
            {
                var seen = values.Select(v => v.Value).ToHashSet();
                var missing = Enumerable.Range(0, count).FirstOrDefault(c => !seen.Contains(c), -1);
                if (missing >= 0)
                    throw whole.Error($"integer labels are class indices 0..{count - 1}, but no example has the label {missing} (labels seen: " +
                        $"{string.Join(", ", seen.Order().Take(20))}); to read the labels as class names, give them (OwnDataOptions.ClassNames)");
            }
            var names = given ?? [.. Enumerable.Range(0, count).Select(c => c.ToString(CultureInfo.InvariantCulture))];
            TooFew(names, whole);
            var rule = given is null ? $"labels: the integers 0..{count - 1}" : $"labels: the integers 0..{count - 1}, named {string.Join(", ", given)}";
            return (names, rule, Label(parts, e => int.Parse(e.Label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)));
        }

        if (byName is not null)
        {
            var unknown = all.First(e => !byName.ContainsKey(e.Label));
            throw unknown.Origin.Error($"unknown class \"{Sst2Reader.Shorten(unknown.Label)}\": the classes are {string.Join(", ", given!)} (OwnDataOptions.ClassNames)");
        }
        string[] sorted = [.. all.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        TooFew(sorted, whole);
        var index = sorted.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        return (sorted, $"labels: class names, sorted ({string.Join(", ", sorted)})", Label(parts, e => index[e.Label]));
    }

    private static List<TextExample>[] Label(IReadOnlyList<IReadOnlyList<RawExample>> parts, Func<RawExample, int> label) =>
        [.. parts.Select(p => p.Select(e => new TextExample(e.Text, label(e))).ToList())];

    private static bool IsInteger(string label) =>
        long.TryParse(label, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);

    private static void TooFew(IReadOnlyList<string> names, Origin whole)
    {
        if (names.Count < 2) throw whole.Error($"fewer than two classes: every label is \"{Sst2Reader.Shorten(names[0])}\"");
    }

    private static void CheckGiven(IReadOnlyList<string> given)
    {
        if (given.Count < 2) throw new InputException($"OwnDataOptions.ClassNames names {given.Count} class(es): a classifier needs at least two");
        if (given.Any(string.IsNullOrWhiteSpace))
            throw new InputException("OwnDataOptions.ClassNames has an empty name");
        var twice = given.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new InputException($"OwnDataOptions.ClassNames names \"{twice.Key}\" twice");
    }
}
