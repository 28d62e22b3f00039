using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;

namespace Safr.Notebooks;

/// <summary>
/// Turns a value into a mime bundle through the formatters the .NET Interactive kernel would use, found by its
/// convention-based route and duck-typed, so neither a library nor this runner needs Microsoft.DotNet.Interactive:
/// an attribute whose type is named <c>TypeFormatterSourceAttribute</c> (any namespace) on the value's type, a base
/// type or an interface; its <c>Type FormatterSourceType</c> is instantiated, its public <c>CreateTypeFormatters()</c>
/// yields formatter objects exposing <c>string MimeType</c>, optionally <c>Type Type</c> (default: the annotated type),
/// and <c>bool Format(object instance, TextWriter writer)</c>. (The real Microsoft.DotNet.Interactive.Formatting
/// 1.0.0-beta.23562.1 follows the same route for attributes that are not its own, in Formatter.TryRegisterFromFormatterSources.)
/// The bundle always has text/plain (a formatter's, else ToString()); other mime types come from formatters.
/// </summary>
internal sealed class FormatterDiscovery
{
    public const string PlainText = "text/plain";
    public const string Html = "text/html";
    private const int ListLimit = 20;

    private readonly ConcurrentDictionary<Type, TypeFormatters> byType = new();

    /// <summary>
    /// The mime bundle for <paramref name="value"/>: only the requested mime types when some are given (as
    /// display(value, "text/html") asks); otherwise the attribute's PreferredMimeTypes, or every mime type its
    /// formatters offer; text/plain always (the kernel's null is shown as "&lt;null&gt;").
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        if (value is null) return [new(PlainText, "<null>")];
        if (value is HtmlString html) return [new(Html, html.Html)];
        if (value is string text) return [new(PlainText, text)];

        var formatters = byType.GetOrAdd(value.GetType(), Discover);
        var wanted = mimeTypes is { Count: > 0 } ? mimeTypes
            : formatters.Preferred is { Length: > 0 } preferred ? preferred
            : formatters.All.Select(f => f.MimeType).Distinct().ToArray();
        var bundle = new List<KeyValuePair<string, string>>();
        foreach (var mime in wanted.Distinct())
        {
            if (Apply(formatters.All.Where(f => f.MimeType == mime), value) is { } formatted) bundle.Add(new(mime, formatted));
        }
        if (!bundle.Exists(e => e.Key == PlainText) && (mimeTypes is not { Count: > 0 } || mimeTypes.Contains(PlainText) || bundle.Count == 0))
            bundle.Add(new(PlainText, Apply(formatters.All.Where(f => f.MimeType == PlainText), value) ?? PlainTextOf(value)));
        return bundle;
    }

    /// <summary>
    /// ToString(), invariant for numbers; a sequence whose type does not override ToString is listed as the kernel's
    /// plain text formatter lists it ("[ 1, 2, 3 ]", the first 20 items), rather than as its type name.
    /// </summary>
    private static string PlainTextOf(object? value)
    {
        if (value is null) return "<null>";
        if (value is IEnumerable sequence and not string && value.GetType().GetMethod("ToString", Type.EmptyTypes)?.DeclaringType == typeof(object))
        {
            var items = sequence.Cast<object?>().Take(ListLimit + 1).Select(PlainTextOf).ToList();
            return items.Count == 0 ? "[ ]" : $"[ {string.Join(", ", items.Take(ListLimit))}{(items.Count > ListLimit ? ", ..." : "")} ]";
        }
        return (value is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : value.ToString()) ?? "";
    }

    /// <summary>The first formatter that accepts the value wins (Format returning false passes it on), as in the kernel.</summary>
    private static string? Apply(IEnumerable<Formatter> candidates, object value)
    {
        foreach (var formatter in candidates)
        {
            if (!formatter.Type.IsInstanceOfType(value)) continue;
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            if (formatter.Format(value, writer)) return writer.ToString();
        }
        return null;
    }

    private static TypeFormatters Discover(Type type)
    {
        var formatters = new List<Formatter>();
        string[]? preferred = null;
        foreach (var (attribute, annotated) in SourceAttributes(type))
        {
            var attributeType = attribute.GetType();
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
            preferred ??= attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[];
            var source = Activator.CreateInstance(sourceType, nonPublic: true)
                ?? throw new InvalidOperationException($"formatter source {sourceType} of {type} could not be created");
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"formatter source {sourceType} of {type} has no public CreateTypeFormatters()");
            if (create.Invoke(source, null) is not IEnumerable created) continue;
            foreach (var formatter in created)
            {
                if (formatter is not null && Formatter.TryCreate(formatter, annotated) is { } usable) formatters.Add(usable);
            }
        }
        return new TypeFormatters(formatters, preferred);
    }

    /// <summary>TypeFormatterSourceAttribute-named attributes on the type, then its base types, then its interfaces.</summary>
    private static IEnumerable<(object Attribute, Type Annotated)> SourceAttributes(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            foreach (var attribute in t.GetCustomAttributes(inherit: false).Where(IsSourceAttribute)) yield return (attribute, t);
        }
        foreach (var i in type.GetInterfaces())
        {
            foreach (var attribute in i.GetCustomAttributes(inherit: false).Where(IsSourceAttribute)) yield return (attribute, i);
        }
    }

    private static bool IsSourceAttribute(object attribute) => attribute.GetType().Name == "TypeFormatterSourceAttribute";

    private sealed record TypeFormatters(IReadOnlyList<Formatter> All, string[]? Preferred);

    /// <summary>One duck-typed formatter: its mime type, the type it formats, and its Format method bound to a TextWriter.</summary>
    private sealed record Formatter(string MimeType, Type Type, Func<object, TextWriter, bool> Format)
    {
        public static Formatter? TryCreate(object formatter, Type annotated)
        {
            var type = formatter.GetType();
            if (type.GetProperty("MimeType")?.GetValue(formatter) is not string mime) return null;
            var formats = type.GetProperty("Type")?.GetValue(formatter) as Type ?? annotated;
            var format = type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(m => m.Name == "Format" && m.GetParameters().Length == 2)
                .Select(m => (Method: m, Writer: WriterArgument(m.GetParameters()[1].ParameterType)))
                .FirstOrDefault(x => x.Writer is not null);
            if (format.Method is null) return null;
            var (method, writerArgument) = (format.Method, format.Writer!);
            return new Formatter(mime, formats, (value, writer) =>
            {
                object? result;
                try
                {
                    result = method.Invoke(formatter, [value, writerArgument(writer)]);
                }
                catch (TargetInvocationException e) when (e.InnerException is not null)
                {
                    throw new InvalidOperationException($"the {mime} formatter {type} for {value.GetType()} threw: {e.InnerException.Message}", e.InnerException);
                }
                return result is not false; // bool false passes the value on; void or true means formatted
            });
        }

        /// <summary>
        /// A TextWriter parameter takes the writer itself; any other type with a (TextWriter) constructor is made around
        /// it, which is how .NET Interactive's own ITypeFormatter.Format(object, FormatContext) can be called too.
        /// </summary>
        private static Func<TextWriter, object>? WriterArgument(Type parameter)
        {
            if (parameter.IsAssignableFrom(typeof(StringWriter))) return w => w;
            var constructor = parameter.GetConstructor([typeof(TextWriter)]);
            return constructor is null ? null : w => constructor.Invoke([w]);
        }
    }
}
