namespace Safr.Kit;

/// <summary>
/// Names the formatter source of a type for .NET Interactive (Polyglot Notebooks). The kernel matches
/// this attribute by its name and reads <see cref="FormatterSourceType"/> and <see cref="PreferredMimeTypes"/>
/// by reflection (its convention-based route), so the kit needs no reference to Microsoft.DotNet.Interactive. It lives
/// in the root namespace, which imports no other, so result types of every layer carry it without importing Display.
/// <code>
/// [TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
/// public sealed record TrainingResult(...)
/// </code>
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A class with a public parameterless constructor and <c>public IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType ?? throw new ArgumentNullException(nameof(formatterSourceType));

    /// <summary>The MIME types the kernel should prefer for the type, best first.</summary>
    public string[]? PreferredMimeTypes { get; set; } = ["text/html", "text/plain"];
}
