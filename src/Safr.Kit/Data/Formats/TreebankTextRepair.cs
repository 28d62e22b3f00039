using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// Undoes the encoding artifacts of the treebank's datasetSentences.txt so that a sentence can be found
/// among the phrases of dictionary.txt: UTF-8 text that was decoded as Latin-1 and re-encoded
/// ("clichÃ©s" for "clichés"), the stray "Â" that this leaves before a no-break space, no-break spaces
/// themselves, and the parser's -LRB- / -RRB- for parentheses. The same artifacts are listed by other
/// SST loaders (e.g. gensim's test corpus reader); exactly how the SAFR release handled them is unknown.
/// </summary>
public static class TreebankTextRepair
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The sentence with every artifact above repaired.</summary>
    public static string Repair(string text) =>
        NormalizeSpaces(FixDoubleEncoding(text))
            .Replace("-LRB-", "(", StringComparison.Ordinal)
            .Replace("-RRB-", ")", StringComparison.Ordinal);

    /// <summary>No-break spaces as plain spaces (applied to dictionary phrases too, so both sides compare alike).</summary>
    public static string NormalizeSpaces(string text) => text.Replace('\u00a0', ' ');

    /// <summary>
    /// Re-decodes each run of characters U+0080..U+00FF as the UTF-8 bytes it came from, when those bytes
    /// are valid UTF-8 (so genuine Latin-1 text such as "é" alone is left as it is).
    /// </summary>
    public static string FixDoubleEncoding(string text)
    {
        StringBuilder? fixedText = null;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] < 0x80 || text[i] > 0xFF)
            {
                fixedText?.Append(text[i]);
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && text[i] >= 0x80 && text[i] <= 0xFF) i++;
            var run = text.AsSpan(start, i - start);
            var bytes = new byte[run.Length];
            for (var k = 0; k < run.Length; k++) bytes[k] = (byte)run[k];
            string? decoded = null;
            try
            {
                decoded = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
            }
            if (decoded is null || decoded.Length == run.Length)
            {
                fixedText?.Append(run);
                continue;
            }
            fixedText ??= new StringBuilder(text.Length).Append(text, 0, start);
            fixedText.Append(decoded);
        }
        return fixedText?.ToString() ?? text;
    }

    /// <summary>
    /// Decodes one line of a treebank file: UTF-8 when the bytes are valid UTF-8, otherwise Latin-1 (so a
    /// file saved in Latin-1 still yields the right characters instead of replacement marks).
    /// </summary>
    public static string DecodeLine(ReadOnlySpan<byte> bytes) => DecodeLine(bytes, out _);

    /// <summary>As <see cref="DecodeLine(ReadOnlySpan{byte})"/>; <paramref name="latin1"/> says whether the line was read as Latin-1.</summary>
    public static string DecodeLine(ReadOnlySpan<byte> bytes, out bool latin1)
    {
        latin1 = !System.Text.Unicode.Utf8.IsValid(bytes);
        return latin1 ? Encoding.Latin1.GetString(bytes) : StrictUtf8.GetString(bytes);
    }
}
