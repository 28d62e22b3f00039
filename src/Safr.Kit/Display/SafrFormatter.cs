namespace Safr.Kit.Display;

/// <summary>
/// One convention-based .NET Interactive formatter: the kernel reads <see cref="Type"/> and
/// <see cref="MimeType"/> and calls <see cref="Format"/> by reflection. It never throws: a value that
/// cannot be rendered shows as a visible error box instead of breaking the notebook cell.
/// </summary>
public sealed class SafrFormatter
{
    public const string HtmlMimeType = "text/html";
    public const string PlainTextMimeType = "text/plain";

    private readonly Func<object, string> _render;

    internal SafrFormatter(Type type, string mimeType, Func<object, string> render)
    {
        Type = type;
        MimeType = mimeType;
        _render = render;
    }

    /// <summary>The type this formatter renders (and its subtypes).</summary>
    public Type Type { get; }

    /// <summary>"text/html" or "text/plain".</summary>
    public string MimeType { get; }

    /// <summary>
    /// Writes <paramref name="instance"/> and returns true; false (writing nothing) when it is null or not
    /// a <see cref="Type"/>, so the kernel tries its next formatter. A failure while rendering writes an
    /// error box naming the type and the exception, and still returns true.
    /// </summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is null || writer is null || !Type.IsInstanceOfType(instance)) return false;
        string text;
        try
        {
            text = _render(instance);
        }
        catch (Exception e)
        {
            text = MimeType == HtmlMimeType ? HtmlParts.ErrorBox(instance.GetType(), e) : PlainError(instance.GetType(), e);
        }
        try
        {
            writer.Write(text);
            return true;
        }
        catch (Exception)
        {
            return false;  // the writer itself failed: nothing sensible can be shown through it
        }
    }

    internal static string PlainError(Type type, Exception e) =>
        $"[Safr.Kit could not display {type.FullName}: {e.GetType().Name}: {e.Message}]";

    public override string ToString() => $"{MimeType} formatter for {Type.FullName}";
}
