using System.Collections;
using System.Reflection;
using Safr.Kit.Display;

namespace Safr.Kit.Tests.Display;

/// <summary>
/// What the .NET Interactive kernel does on its convention-based route, reduced to the steps the kit relies
/// on: find an attribute named TypeFormatterSourceAttribute (by name, not type), read FormatterSourceType
/// and PreferredMimeTypes, create the source with its parameterless constructor, call CreateTypeFormatters,
/// read each formatter's MimeType and Type properties, and call its Format method found by name (so an
/// overload would break it, as it would the kernel).
/// </summary>
internal static class ConventionDispatcher
{
    public const string AttributeName = "TypeFormatterSourceAttribute";

    public static object? SourceAttribute(Type type) => type.GetCustomAttributes(true).FirstOrDefault(a => a.GetType().Name == AttributeName);

    public static Type? FormatterSourceType(Type type) =>
        SourceAttribute(type) is { } attribute ? attribute.GetType().GetProperty("FormatterSourceType")?.GetValue(attribute) as Type : null;

    public static string[]? PreferredMimeTypes(Type type) =>
        SourceAttribute(type) is { } attribute ? attribute.GetType().GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[] : null;

    public static IReadOnlyList<object> Formatters(Type sourceType)
    {
        var source = Activator.CreateInstance(sourceType) ?? throw new InvalidOperationException($"{sourceType} could not be created");
        var formatters = sourceType.GetMethod("CreateTypeFormatters")?.Invoke(source, null) as IEnumerable
            ?? throw new InvalidOperationException($"{sourceType} has no CreateTypeFormatters returning IEnumerable");
        return [.. formatters.Cast<object>()];
    }

    /// <summary>
    /// Formats <paramref name="value"/> as <paramref name="mimeType"/> with the source its type names, or with
    /// <paramref name="fallbackSource"/> when it carries no attribute (the kit's result types get theirs from
    /// the lead). Returns null when no formatter handled it.
    /// </summary>
    public static string? Format(object value, string mimeType, Type? fallbackSource = null)
    {
        var sourceType = FormatterSourceType(value.GetType()) ?? fallbackSource
            ?? throw new InvalidOperationException($"{value.GetType()} has no {AttributeName}");
        foreach (var formatter in Formatters(sourceType))
        {
            var type = formatter.GetType();
            if (type.GetProperty("MimeType")?.GetValue(formatter) as string != mimeType) continue;
            var formatted = type.GetProperty("Type")?.GetValue(formatter) as Type ?? value.GetType();
            if (!formatted.IsAssignableFrom(value.GetType())) continue;
            var format = type.GetMethod("Format") ?? throw new InvalidOperationException($"{type} has no Format method");
            using var writer = new StringWriter();
            if (format.Invoke(formatter, [value, writer]) is true) return writer.ToString();
        }
        return null;
    }

    /// <summary>Formats with the kit's source as text/html, failing the test when nothing handled it.</summary>
    public static string Html(object value) =>
        Format(value, "text/html", typeof(SafrFormatterSource)) ?? throw new Xunit.Sdk.XunitException($"no text/html formatter handled {value.GetType()}");

    public static string Text(object value) =>
        Format(value, "text/plain", typeof(SafrFormatterSource)) ?? throw new Xunit.Sdk.XunitException($"no text/plain formatter handled {value.GetType()}");
}
