namespace Safr.Kit.Data;

/// <summary>
/// The release's tokenizer: Python's <c>str.split()</c> with no argument, i.e. split on runs of
/// whitespace, drop empty pieces, change nothing else (no lowercasing, no punctuation handling).
/// A token's key is the word itself. The default of every vocabulary (<see cref="Instance"/>).
/// </summary>
public sealed class WhitespaceTokenizer : ITextTokenizer
{
    public const string TokenizerName = "whitespace";

    private WhitespaceTokenizer()
    {
    }

    /// <summary>The tokenizer as an <see cref="ITextTokenizer"/> (it has no state).</summary>
    public static WhitespaceTokenizer Instance { get; } = new();

    public string Name => TokenizerName;

    public static string[] Tokenize(string text) =>
        text.Split(PythonWhitespace, StringSplitOptions.RemoveEmptyEntries);

    IReadOnlyList<string> ITextTokenizer.Tokenize(string text) => Tokenize(text);

    public string Display(string key) => key;

    /// <summary>The words joined by single spaces (the original spacing is not kept).</summary>
    public string Detokenize(IReadOnlyList<string> keys) => string.Join(' ', keys);

    /// <summary>
    /// Python's whitespace (<c>str.isspace</c>) is .NET's <see cref="char.IsWhiteSpace(char)"/> plus the
    /// four information separators U+001C..U+001F; both include U+00A0, which occurs in SST-2.
    /// </summary>
    public static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || (c >= '\u001c' && c <= '\u001f');

    public override string ToString() => TokenizerName;

    private static readonly char[] PythonWhitespace = Enumerable.Range(0, char.MaxValue + 1)
        .Select(i => (char)i).Where(IsPythonWhitespace).ToArray();
}
