using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// GPT-2's own spelling of a token, as in its vocab.json and as Hugging Face's convert_ids_to_tokens shows it: each
/// UTF-8 byte becomes one printable character (bytes_to_unicode of the GPT-2 release), so a leading space is
/// visible as "Ġ" and a newline as "Ċ". A probe display of "Ġmovie" then says where words start.
/// </summary>
public static class Gpt2TokenSpelling
{
    private static readonly char[] ByteToChar = BuildTable();

    /// <summary>The spelling of a token whose text is <paramref name="text"/> (a whole token: its bytes are the text's UTF-8).</summary>
    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var chars = new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++) chars[i] = ByteToChar[bytes[i]];
        return new string(chars);
    }

    /// <summary>
    /// Printable Latin-1 bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves; the other 68 bytes (controls,
    /// space, soft hyphen...) are mapped, in byte order, to U+0100 upwards.
    /// </summary>
    private static char[] BuildTable()
    {
        var table = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            table[b] = printable ? (char)b : (char)next++;
        }
        return table;
    }
}
