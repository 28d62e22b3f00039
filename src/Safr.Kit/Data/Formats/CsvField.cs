using System.Globalization;
using System.Numerics;

namespace Safr.Kit.Data;

/// <summary>
/// One field of a <see cref="CsvRecord"/> read as the value of a typed column, in the invariant culture: an integer,
/// a floating-point number (NaN, Infinity and -Infinity included) or a boolean (True/False). An empty field is null.
/// A field that is not a value of its column's type is a <see cref="DataFormatException"/> naming the file, the line
/// and the column, e.g. <c>results.csv:7: column 9 "TestAccuracy": "0.8x" is not a number (Double)</c>.
/// </summary>
internal static class CsvField
{
    // Strict on purpose: the kit's tables never hold spaces, thousands separators or hex around their numbers, so a
    // field that has them was edited by hand and is better reported than guessed at.
    private const NumberStyles Integer = NumberStyles.AllowLeadingSign;
    private const NumberStyles Real = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    /// <summary>Field <paramref name="index"/> of <paramref name="record"/> as a number of type <typeparamref name="T"/>; null when empty.</summary>
    /// <param name="source">The file, for the error.</param>
    /// <param name="column">The column's name in the header, for the error.</param>
    public static T? Number<T>(CsvRecord record, int index, string source, string column) where T : struct, INumber<T>
    {
        var text = record.Fields[index];
        if (text.Length == 0) return null;
        var real = typeof(T) == typeof(double) || typeof(T) == typeof(float);
        return T.TryParse(text, real ? Real : Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(record, index, source, column, $"is not {(real ? "a number" : "an integer")} ({typeof(T).Name})");
    }

    /// <summary>Field <paramref name="index"/> of <paramref name="record"/> as True or False (any case); null when empty.</summary>
    public static bool? Boolean(CsvRecord record, int index, string source, string column)
    {
        var text = record.Fields[index];
        if (text.Length == 0) return null;
        return bool.TryParse(text, out var value) ? value : throw Error(record, index, source, column, "is not True or False (Boolean)");
    }

    private static DataFormatException Error(CsvRecord record, int index, string source, string column, string problem) =>
        new(source, record.Line, $"column {index + 1} \"{column}\": \"{Sst2Reader.Shorten(record.Fields[index])}\" {problem}");
}
