using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// A small hand-written RFC 4180 CSV reader, enough for Zhang et al.'s AG News files (every field quoted,
/// <c>""</c> for a quote) and the IMDB CSV (Python's csv module: quoted when needed). Hand-written because
/// only these two well-defined formats are needed and the kit takes no CSV package; it is strict, so a
/// damaged file fails with its path and line instead of yielding shifted columns.
/// Records end at LF, CRLF or CR outside quotes; quoted fields keep their line breaks; blank lines are skipped.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRecord> ReadFile(string path, char separator = ',', Encoding? encoding = null)
    {
        using var reader = StrictText.OpenText(path, encoding);
        foreach (var record in Read(reader, path, separator)) yield return record;
    }

    /// <summary>Reads records from <paramref name="reader"/>; <paramref name="filePath"/> only names the source in errors.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, string filePath, char separator = ',')
    {
        var input = new CharSource(reader);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        while (true)
        {
            var c = input.Peek();
            if (c < 0) yield break;
            var recordLine = line;
            fields.Clear();
            var endOfRecord = false;
            var sawQuotedField = false;
            while (!endOfRecord)
            {
                field.Clear();
                c = input.Peek();
                if (c == '"')
                {
                    // Quoted field: runs to the closing quote; "" is a literal quote; line breaks are kept.
                    sawQuotedField = true;
                    var openedOn = line;
                    input.Read();
                    while (true)
                    {
                        c = input.Read();
                        if (c < 0)
                            throw new DataFormatException(filePath, openedOn,
                                $"unterminated quoted field: the quote opened in column {fields.Count + 1} on this line is never closed before the end of the file");
                        if (c == '"')
                        {
                            if (input.Peek() == '"')
                            {
                                input.Read();
                                field.Append('"');
                                continue;
                            }
                            break;
                        }
                        if (c == '\n') line++;
                        else if (c == '\r' && input.Peek() != '\n') line++;
                        field.Append((char)c);
                    }
                    c = input.Read();
                    if (c >= 0 && c != separator && c != '\n' && c != '\r')
                        throw new DataFormatException(filePath, line,
                            $"unexpected character '{(char)c}' after the closing quote of column {fields.Count + 1} (expected '{separator}' or the end of the line)" +
                            (openedOn != line ? $"; the quoted field opened on line {openedOn} is probably unterminated" : ""));
                }
                else
                {
                    while (true)
                    {
                        c = input.Read();
                        if (c < 0 || c == separator || c == '\n' || c == '\r') break;
                        if (c == '"')
                            throw new DataFormatException(filePath, line,
                                $"a quote inside the unquoted column {fields.Count + 1} (a field with quotes must itself be quoted)");
                        field.Append((char)c);
                    }
                }
                fields.Add(field.ToString());
                if (c == separator) continue;
                endOfRecord = true;
                if (c == '\r' && input.Peek() == '\n') input.Read();
                if (c >= 0) line++;
            }
            // A blank line is one empty unquoted field: not a record.
            if (fields.Count == 1 && fields[0].Length == 0 && !sawQuotedField) continue;
            yield return new CsvRecord(recordLine, [.. fields]);
        }
    }

    /// <summary>Buffered character reading with one character of look-ahead.</summary>
    private sealed class CharSource(TextReader reader)
    {
        private readonly char[] _buffer = new char[1 << 16];
        private int _position;
        private int _length;

        public int Peek()
        {
            if (_position < _length) return _buffer[_position];
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            return _length > 0 ? _buffer[0] : -1;
        }

        public int Read()
        {
            var c = Peek();
            if (c >= 0) _position++;
            return c;
        }
    }
}
