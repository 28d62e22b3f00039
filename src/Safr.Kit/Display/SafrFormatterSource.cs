namespace Safr.Kit.Display;

/// <summary>
/// The formatter source that <see cref="TypeFormatterSourceAttribute"/> names on the kit's result types:
/// an HTML and a plain-text formatter for every type <see cref="SafrDisplay"/> renders. The kernel
/// creates it with its parameterless constructor and calls <see cref="CreateTypeFormatters"/> by name.
/// </summary>
public sealed class SafrFormatterSource
{
    public IEnumerable<object> CreateTypeFormatters()
    {
        foreach (var type in SafrDisplay.DisplayedTypes)
        {
            yield return new SafrFormatter(type, SafrFormatter.HtmlMimeType, SafrDisplay.ToHtml);
            yield return new SafrFormatter(type, SafrFormatter.PlainTextMimeType, SafrDisplay.ToText);
        }
    }
}
