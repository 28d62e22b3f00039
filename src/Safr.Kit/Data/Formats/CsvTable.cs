using System.Text;
using CsvHelper;

namespace Safr.Kit.Data;

/// <summary>One CSV record and the 1-based line it starts on (a quoted field may span lines).</summary>
public readonly record struct CsvRecord(int Line, string[] Fields);

/// <summary>
/// The kit's one CSV path, for data files and results tables alike: RFC 4180 records (comma- or tab-separated)
/// read and written with CsvHelper. Reading is strict, so a damaged file fails with its path and line instead of
/// yielding shifted columns: a quote inside an unquoted field, text after a closing quote, or a quote never closed
/// is a <see cref="DataFormatException"/>. Records end at LF, CRLF or CR outside quotes; quoted fields keep their
/// line breaks; blank lines are skipped; every record comes back, the header too, with as many fields as it has
/// (checking the count is the caller's job). Values are text: formatting numbers (invariant culture) is the caller's job.
/// <code>
/// CsvTable.WriteFile("runs.csv", ["arm", "accuracy"], [["safr", "0.91"], ["baseline", "0.89"]]);
/// foreach (var record in CsvTable.ReadFile("runs.csv")) Console.WriteLine($"{record.Line}: {string.Join(" | ", record.Fields)}");
/// </code>
/// </summary>
public static class CsvTable
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>
    /// The records of a file, decoded as <see cref="StrictText"/> does: strict UTF-8 (invalid bytes are an error naming
    /// the line), or <paramref name="encoding"/> when given.
    /// </summary>
    public static IEnumerable<CsvRecord> ReadFile(string path, char separator = ',', Encoding? encoding = null)
    {
        using var reader = StrictText.OpenText(path, encoding);
        foreach (var record in Read(reader, path, separator)) yield return record;
    }

    /// <summary>Reads records from <paramref name="reader"/>; <paramref name="source"/> only names the input in errors.</summary>
    public static IEnumerable<CsvRecord> Read(TextReader reader, string source, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(reader);
        // CsvHelper recovers from bad quoting and reports it before it returns the record; the record's start
        // offset (to find the offending line) is known only once it is current, so the report waits for it.
        CsvMalformedRecord? malformed = null;
        var options = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = true,
            TrimWhitespace = false,
            MalformedData = CsvMalformedDataHandling.Recover,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            OnMalformedRecord = m => malformed ??= m,
        };
        using var csv = CsvReader.Create(reader, options, leaveOpen: true);
        while (csv.Read())
        {
            var line = checked((int)csv.LineNumber);
            if (malformed is { } m && m.RecordNumber == csv.RowNumber) throw Malformed(source, line, csv.ByteOffset, m, separator);
            yield return new CsvRecord(line, csv.Current.ToArray());
        }
    }

    /// <summary>
    /// Writes a header and rows to a file as UTF-8 (no byte-order mark); see <see cref="Write"/>.
    /// </summary>
    public static void WriteFile(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = ',')
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var writer = new StreamWriter(path, append: false, Utf8);
        Write(writer, header, rows, separator);
    }

    /// <summary>
    /// Writes a header and rows, each with as many fields as the header. Fields are quoted as RFC 4180 says (only those
    /// holding the separator, a quote or a line break; quotes doubled); a null field is empty. Records end with "\n",
    /// which every CSV reader accepts and which keeps committed tables diff-friendly.
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        if (header.Count == 0) throw new ArgumentException("a CSV table needs at least one column", nameof(header));
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { Separator = separator, NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader([.. header]);
        var index = 0;
        foreach (var row in rows)
        {
            if (row is null || row.Count != header.Count)
                throw new ArgumentException($"row {index} has {row?.Count ?? 0} fields, the header {header.Count} ({string.Join(", ", header)})", nameof(rows));
            csv.WriteRecord([.. row]);
            index++;
        }
    }

    private static DataFormatException Malformed(string source, int recordLine, long recordOffset, CsvMalformedRecord m, char separator)
    {
        // The problem's own line: the record's first line plus the line breaks before the problem within the record.
        var before = Encoding.UTF8.GetBytes(m.RawRecord).AsSpan(0, (int)Math.Clamp(m.ByteOffset - recordOffset, 0, Encoding.UTF8.GetByteCount(m.RawRecord)));
        var line = recordLine + LineBreaks(before);
        var spans = line != recordLine ? $"; the record starts on line {recordLine}, so a quoted field opened there is probably unterminated" : "";
        var problem = m.Reason switch
        {
            CsvMalformedReason.UnterminatedQuote => (recordLine, "unterminated quoted field: a quote opened in this record is never closed before the end of the file"),
            CsvMalformedReason.TextAfterClosingQuote => (line, $"unexpected text after the closing quote of a field (expected '{Printable(separator)}' or the end of the line){spans}"),
            CsvMalformedReason.StrayQuote => (line, "a quote inside an unquoted field (a field with quotes must itself be quoted, each quote doubled)"),
            _ => (line, $"malformed record ({m.Reason})"),
        };
        return new DataFormatException(source, problem.Item1, problem.Item2);
    }

    private static int LineBreaks(ReadOnlySpan<byte> bytes)
    {
        var count = 0;
        for (var i = 0; i < bytes.Length; i++)
            if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 == bytes.Length || bytes[i + 1] != '\n'))) count++;
        return count;
    }

    private static string Printable(char separator) => separator == '\t' ? "\\t" : separator.ToString();
}
