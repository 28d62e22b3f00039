using System.Runtime.CompilerServices;

namespace Safr.Kit.Display;

/// <summary>
/// Hands <see cref="SafrFormatterSource"/> (root namespace, named by the result types' attributes) the formatters of
/// every type <see cref="SafrDisplay"/> renders, as the assembly loads: the result types stay free of Display.
/// </summary>
internal static class FormatterRegistration
{
#pragma warning disable CA2255 // deliberate: the kernel may ask for formatters before any Display type is touched
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => SafrFormatterSource.Register(Formatters);

    private static IEnumerable<object> Formatters()
    {
        foreach (var type in SafrDisplay.DisplayedTypes)
        {
            yield return new SafrFormatter(type, SafrFormatter.HtmlMimeType, SafrDisplay.ToHtml);
            yield return new SafrFormatter(type, SafrFormatter.PlainTextMimeType, SafrDisplay.ToText);
        }
    }
}
