namespace Safr.Kit;

/// <summary>
/// The formatter source that <see cref="TypeFormatterSourceAttribute"/> names on the kit's result types: an HTML and a
/// plain-text formatter for every type the display layer renders. The kernel creates it with its parameterless
/// constructor and calls <see cref="CreateTypeFormatters"/> by name. It sits in the root namespace so that result types
/// of any layer can name it without importing Display; Display hands it its formatters when the assembly loads
/// (<c>Safr.Kit.Display.FormatterRegistration</c>), so no lower layer depends on Display.
/// </summary>
public sealed class SafrFormatterSource
{
    private static Func<IEnumerable<object>>? s_formatters;

    /// <summary>Called once by Display as the assembly loads.</summary>
    internal static void Register(Func<IEnumerable<object>> formatters) => s_formatters = formatters;

    public IEnumerable<object> CreateTypeFormatters() =>
        s_formatters?.Invoke() ?? throw new InvalidOperationException("bug in Safr.Kit: the display formatters were not registered when the assembly loaded");
}
