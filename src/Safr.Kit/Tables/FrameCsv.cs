using System.Globalization;
using Microsoft.Data.Analysis;
using Safr.Kit.Data;

namespace Safr.Kit.Tables;

/// <summary>
/// A DataFrame as CSV through the kit's one CSV path, <see cref="CsvTable"/> (CsvHelper), so a results table and a data
/// file are written and read by the same library. What holds for the kit's column types (bool, int, long, float,
/// double, string): the file is UTF-8 without a byte-order mark, records end with "\n", fields are quoted as RFC 4180
/// says; numbers are in the invariant culture, doubles as "G17" and floats as "G9", which read back bit for bit (-0,
/// subnormals, NaN and ±Infinity included); booleans are True/False; a null number or boolean is an empty field and
/// reads back as null; strings come back exactly as they were (outer spaces, commas, quotes, line breaks, the word
/// "null", a row of empty cells). What CSV cannot carry: a null string is written like "" and reads back as "".
/// <see cref="Load"/> needs each column's type, since a CSV holds none; a field that does not parse as its column's type
/// is a <see cref="DataFormatException"/> naming the file, line and column. The same frame always gives the same bytes.
/// <code>
/// FrameCsv.Save(frame, "runs.csv");
/// var again = FrameCsv.Load("runs.csv", FrameCsv.ColumnTypes(frame));
/// </code>
/// </summary>
public static class FrameCsv
{
    private static readonly Type[] Supported = [typeof(bool), typeof(int), typeof(long), typeof(float), typeof(double), typeof(string)];

    /// <summary>Writes <paramref name="frame"/> with a header row, comma-separated, UTF-8, invariant culture.</summary>
    public static void Save(DataFrame frame, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CsvTable.WriteFile(path, Header(frame), Rows(frame));
    }

    /// <summary>The CSV text <see cref="Save"/> writes, as a string.</summary>
    public static string ToCsv(DataFrame frame)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        CsvTable.Write(text, Header(frame), Rows(frame));
        return text.ToString();
    }

    /// <summary>Reads a CSV written by <see cref="Save"/> into columns of the given types (one per column, in order).</summary>
    /// <param name="columnTypes">Each column's type, e.g. <see cref="ColumnTypes"/> of the frame that was saved.</param>
    public static DataFrame Load(string path, IReadOnlyList<Type> columnTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columnTypes);
        foreach (var type in columnTypes) CheckSupported(type, "a column");
        using var records = CsvTable.ReadFile(path).GetEnumerator();
        if (!records.MoveNext())
            throw new DataFormatException(path, 1, $"the file is empty: expected a header row naming {columnTypes.Count} columns");
        var header = records.Current;
        if (header.Fields.Length != columnTypes.Count)
            throw new DataFormatException(path, header.Line, $"the header has {header.Fields.Length} columns, expected {columnTypes.Count} (one per column type given)");
        var rows = new List<CsvRecord>();
        while (records.MoveNext())
        {
            var row = records.Current;
            if (row.Fields.Length != header.Fields.Length)
                throw new DataFormatException(path, row.Line, $"expected {header.Fields.Length} fields as in the header, found {row.Fields.Length}");
            rows.Add(row);
        }
        return new DataFrame(header.Fields.Select((name, i) => Column(name, columnTypes[i], rows, i, path)));
    }

    /// <summary>Each column's element type (double, int, string, ...), in column order.</summary>
    public static Type[] ColumnTypes(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return [.. frame.Columns.Select(c => c.DataType)];
    }

    private static string[] Header(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        foreach (var column in frame.Columns) CheckSupported(column.DataType, $"column \"{column.Name}\"");
        return [.. frame.Columns.Select(c => c.Name)];
    }

    private static IEnumerable<string?[]> Rows(DataFrame frame)
    {
        for (long row = 0; row < frame.Rows.Count; row++)
            yield return [.. frame.Columns.Select(c => Field(c[row]))];
    }

    /// <summary>
    /// A cell as its field. 17 and 9 significant digits read back as the very double and float; a fixed count (not the
    /// shortest round-trip form) is what the committed results tables were written with, so they keep their bytes.
    /// </summary>
    private static string? Field(object? value) => value switch
    {
        null => null,
        string s => s,
        double d => d.ToString("G17", CultureInfo.InvariantCulture),
        float f => f.ToString("G9", CultureInfo.InvariantCulture),
        bool b => b ? "True" : "False",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"FrameCsv cannot write a {value.GetType().Name} value"),
    };

    private static DataFrameColumn Column(string name, Type type, List<CsvRecord> rows, int index, string path)
    {
        if (type == typeof(double)) return new DoubleDataFrameColumn(name, rows.Select(r => CsvField.Number<double>(r, index, path, name)));
        if (type == typeof(float)) return new SingleDataFrameColumn(name, rows.Select(r => CsvField.Number<float>(r, index, path, name)));
        if (type == typeof(int)) return new Int32DataFrameColumn(name, rows.Select(r => CsvField.Number<int>(r, index, path, name)));
        if (type == typeof(long)) return new Int64DataFrameColumn(name, rows.Select(r => CsvField.Number<long>(r, index, path, name)));
        if (type == typeof(bool)) return new BooleanDataFrameColumn(name, rows.Select(r => CsvField.Boolean(r, index, path, name)));
        return new StringDataFrameColumn(name, rows.Select(r => r.Fields[index]));
    }

    private static void CheckSupported(Type type, string what)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (Array.IndexOf(Supported, type) < 0)
            throw new ArgumentException($"{what} is of type {type.Name}; FrameCsv reads and writes columns of {string.Join(", ", Supported.Select(t => t.Name))}");
    }
}
