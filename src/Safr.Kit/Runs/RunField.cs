using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Safr.Kit.Runs;

/// <summary>One field of <see cref="RunSpec"/> as the CLI and sweep specs see it (<see cref="RunFieldAttribute"/>).</summary>
/// <param name="Name">The CLI flag without its dashes ("max-length").</param>
/// <param name="JsonName">The sweep spec's key ("maxLength").</param>
/// <param name="Type">The property's type (int, double?, string, RunMode, ...).</param>
public sealed record RunField(string Name, string JsonName, string Description, Type Type, PropertyInfo Property)
{
    /// <summary>The field's value in <paramref name="spec"/>.</summary>
    public object? Get(RunSpec spec) => Property.GetValue(spec);

    /// <summary>A copy of <paramref name="spec"/> with this field set to <paramref name="value"/> (of <see cref="Type"/>).</summary>
    public RunSpec With(RunSpec spec, object? value)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var copy = spec with { };
        Property.SetValue(copy, value);
        return copy;
    }

    /// <summary>The value of a JSON element as this field's type; an <see cref="InputException"/> saying what was expected.</summary>
    public object? Read(JsonElement element)
    {
        try
        {
            return element.Deserialize(Type, RunSpec.Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InputException($"\"{JsonName}\": expected {Describe(Type)}, got {element.GetRawText()}", e);
        }
    }

    /// <summary>
    /// The value a command-line word gives this field ("8", "0.25", "fast", "gpt2"); an <see cref="InputException"/>
    /// naming the flag and what was expected.
    /// </summary>
    public object? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = Nullable.GetUnderlyingType(Type) ?? Type;
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        object? value = t == typeof(string) ? text
            : t == typeof(int) && int.TryParse(text, System.Globalization.NumberStyles.Integer, culture, out var i) ? i
            : t == typeof(double) && double.TryParse(text, System.Globalization.NumberStyles.Float, culture, out var d) ? d
            : t == typeof(bool) && bool.TryParse(text, out var b) ? b
            : t.IsEnum && char.IsLetter(text.FirstOrDefault()) && Enum.TryParse(t, text, ignoreCase: true, out var e) ? e
            : null;
        return value ?? throw new RunFieldException(Name, $"expected {Describe(Type)}, got '{text}'");
    }

    /// <summary>
    /// A value of a field as the command line and a sweep spec spell it ("0.25", "fast", "true", "gpt2"), or
    /// <paramref name="none"/> for null: what messages, flag help and grid point names show.
    /// </summary>
    public static string Format(object? value, string none = "none") => value switch
    {
        null => none,
        double d => d.ToString("G", System.Globalization.CultureInfo.InvariantCulture),
        Enum e => e.ToString().ToLowerInvariant(),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>"a whole number", "a number", "true or false", "paper or fast", ...: what a value of <paramref name="type"/> looks like.</summary>
    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        var text = t == typeof(int) ? "a whole number" : t == typeof(double) ? "a number" : t == typeof(bool) ? "true or false"
            : t.IsEnum ? string.Join(" or ", Enum.GetNames(t).Select(JsonNamingPolicy.CamelCase.ConvertName)) : "a string";
        return t != type || type == typeof(string) ? text + " (or null)" : text;
    }

    internal static string CamelCase(string kebab)
    {
        var s = new StringBuilder();
        var upper = false;
        foreach (var c in kebab)
        {
            if (c == '-') { upper = true; continue; }
            s.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return s.ToString();
    }
}

/// <summary>Every <see cref="RunField"/> of <see cref="RunSpec"/>, in declaration order.</summary>
public static class RunFields
{
    public static IReadOnlyList<RunField> All { get; } =
    [
        .. typeof(RunSpec).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Field: p.GetCustomAttribute<RunFieldAttribute>()))
            .Where(x => x.Field is not null)
            .OrderBy(x => x.Property.MetadataToken)
            .Select(x => new RunField(x.Field!.Name, RunField.CamelCase(x.Field.Name), x.Field.Description, x.Property.PropertyType, x.Property)),
    ];

    /// <summary>The field a CLI flag or a sweep key names ("max-length" or "maxLength"), or null.</summary>
    public static RunField? Find(string name) =>
        All.FirstOrDefault(f => f.Name == name || f.JsonName == name);
}
