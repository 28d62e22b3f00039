namespace Safr.Notebooks.Tests;

/// <summary>
/// The convention-based attribute as a library would declare it without referencing .NET Interactive: only its
/// name and its FormatterSourceType / PreferredMimeTypes properties matter.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface, AllowMultiple = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    public Type FormatterSourceType { get; } = formatterSourceType;

    public string[]? PreferredMimeTypes { get; set; }
}

/// <summary>A value with an HTML and a plain text formatter.</summary>
[TypeFormatterSource(typeof(GaugeFormatterSource))]
public sealed record Gauge(double Value);

public sealed class GaugeFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new DelegateFormatter<Gauge>("text/html", g => $"<meter value=\"{g.Value}\">{g.Value}</meter>");
        yield return new DelegateFormatter<Gauge>("text/plain", g => $"gauge {g.Value}");
    }
}

/// <summary>Formatted through an attribute on its interface; only HTML is offered, so text/plain falls back to ToString().</summary>
[TypeFormatterSource(typeof(ShapeFormatterSource))]
public interface IShape
{
    string Name { get; }
}

public sealed class Square : IShape
{
    public string Name => "square";

    public override string ToString() => "a square";
}

public sealed class ShapeFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new DelegateFormatter<IShape>("text/html", s => $"<svg><title>{s.Name}</title></svg>");
    }
}

/// <summary>An attribute that prefers one mime type: display() shows that one (and text/plain) only.</summary>
[TypeFormatterSource(typeof(PreferredSource), PreferredMimeTypes = ["text/markdown"])]
public sealed class Note;

public sealed class PreferredSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new DelegateFormatter<Note>("text/markdown", _ => "**note**");
        yield return new DelegateFormatter<Note>("text/html", _ => "<b>note</b>");
    }
}

/// <summary>The duck-typed formatter shape: MimeType, Type, Format(object, TextWriter).</summary>
public sealed class DelegateFormatter<T>(string mimeType, Func<T, string> render)
{
    public string MimeType { get; } = mimeType;

    public Type Type => typeof(T);

    public bool Format(object instance, TextWriter writer)
    {
        writer.Write(render((T)instance));
        return true;
    }
}
