using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace Safr.Kit.Tables;

/// <summary>
/// <see cref="DataFrame.SaveCsv(DataFrame, string, char, bool, Encoding, CultureInfo)"/> and
/// <see cref="DataFrame.LoadCsv(string, char, bool, string[], Type[], int, int, bool, Encoding, bool, CultureInfo)"/> with the
/// arguments a lossless round trip of the kit's frames needs. Left to its defaults, SaveCsv writes ASCII (so "×" in
/// "gradient × input" and any non-ASCII token become "?") in the current culture, and LoadCsv guesses every number
/// column as float (7 digits). Here: UTF-8 without a byte-order mark, invariant culture (doubles are written "G17",
/// which reads back bit for bit, NaN and ±Infinity included), and the column types given back to LoadCsv.
/// What CSV still cannot carry: a null string is written like "" and reads back as ""; the string "null" reads back
/// as null; a string's leading and trailing spaces are trimmed on reading; a row whose every cell is empty is skipped
/// (no kit frame has one: each row has a number). Without the types, LoadCsv would read numbers back as float.
/// <code>
/// FrameCsv.Save(frame, "runs.csv");
/// var again = FrameCsv.Load("runs.csv", FrameCsv.ColumnTypes(frame));
/// </code>
/// </summary>
public static class FrameCsv
{
    private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="frame"/> with a header row, comma-separated, UTF-8, invariant culture.</summary>
    public static void Save(DataFrame frame, string path)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentException.ThrowIfNullOrEmpty(path);
        DataFrame.SaveCsv(frame, path, separator: ',', header: true, encoding: Utf8, cultureInfo: CultureInfo.InvariantCulture);
    }

    /// <summary>The CSV text <see cref="Save"/> writes, as a string.</summary>
    public static string ToCsv(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        using var buffer = new MemoryStream();
        DataFrame.SaveCsv(frame, buffer, separator: ',', header: true, encoding: Utf8, cultureInfo: CultureInfo.InvariantCulture);
        return Utf8.GetString(buffer.ToArray());
    }

    /// <summary>Reads a CSV written by <see cref="Save"/> into columns of the given types (one per column, in order).</summary>
    /// <param name="columnTypes">Each column's type, e.g. <see cref="ColumnTypes"/> of the frame that was saved.</param>
    public static DataFrame Load(string path, IReadOnlyList<Type> columnTypes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(columnTypes);
        return DataFrame.LoadCsv(path, separator: ',', header: true, dataTypes: [.. columnTypes], encoding: Utf8,
            cultureInfo: CultureInfo.InvariantCulture);
    }

    /// <summary>Each column's element type (double, int, string, ...), in column order.</summary>
    public static Type[] ColumnTypes(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return [.. frame.Columns.Select(c => c.DataType)];
    }
}
