using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// Decodes data files strictly: UTF-8 unless an encoding is named, and invalid UTF-8 is an error naming the file,
/// line and byte offset, never text quietly turned into U+FFFD replacement characters that then enter the
/// vocabulary. .NET's readers replace invalid bytes by default, hence this small layer.
/// </summary>
public static class StrictText
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A whole file as text: UTF-8 (a byte-order mark is skipped), or <paramref name="encoding"/> when given.</summary>
    public static string ReadAllText(string path, Encoding? encoding = null) => Decode(File.ReadAllBytes(path), path, encoding);

    /// <summary>A reader over <see cref="ReadAllText"/>.</summary>
    public static TextReader OpenText(string path, Encoding? encoding = null) => new StringReader(ReadAllText(path, encoding));

    /// <summary>A reader over a stream's bytes (an archive entry), decoded as <see cref="Decode"/> does.</summary>
    public static TextReader OpenText(Stream stream, string source, Encoding? encoding = null)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new StringReader(Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source, encoding));
    }

    /// <summary>
    /// Decodes <paramref name="bytes"/> read from <paramref name="source"/> (a path, or "archive.zip!entry"): with a
    /// non-UTF-8 <paramref name="encoding"/> as that encoding, else as strict UTF-8. Invalid UTF-8 is a
    /// <see cref="DataFormatException"/> at its line, with the byte offset.
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string source, Encoding? encoding = null)
    {
        if (encoding is not null && encoding.CodePage != Encoding.UTF8.CodePage) return encoding.GetString(bytes);
        var start = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        var body = bytes[start..];
        if (System.Text.Unicode.Utf8.IsValid(body)) return Utf8.GetString(body);

        var chars = new char[body.Length];
        System.Text.Unicode.Utf8.ToUtf16(body, chars, out var valid, out _, replaceInvalidSequences: false);
        var offset = start + valid;
        var line = bytes[..offset].Count((byte)'\n') + 1;
        throw new DataFormatException(source, line,
            $"invalid UTF-8 at byte offset {offset} (0x{bytes[offset]:X2}); if the file is in another encoding, name it " +
            "(DatasetOptions.Encoding, for example Encoding.Latin1)");
    }
}
