using System.Globalization;
using Microsoft.Data.Analysis;

namespace Safr.Kit.Data;

/// <summary>
/// Reads a DataFrame's text column (strings) and label column (strings, or whole numbers of any numeric type, as
/// <see cref="DataFrame.LoadCsv(string, char, bool, string[], Type[], int, int, bool, System.Text.Encoding, bool, CultureInfo)"/>
/// guesses 0/1 as floats) into raw examples. Problems are a <see cref="DataFormatException"/> naming the 0-based row.
/// </summary>
internal static class LabelledFrame
{
    public static List<RawExample> Read(DataFrame frame, string name, string textColumn, string labelColumn)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = Column(frame, name, textColumn);
        var label = Column(frame, name, labelColumn);
        if (text.DataType != typeof(string))
            throw DataFormatException.InFrame(name, null, $"the text column \"{textColumn}\" holds {text.DataType.Name} values, not strings");
        if (frame.Rows.Count == 0) throw DataFormatException.InFrame(name, null, "no rows");
        var examples = new List<RawExample>((int)Math.Min(frame.Rows.Count, int.MaxValue));
        for (long row = 0; row < frame.Rows.Count; row++)
        {
            var origin = Origin.Row(name, row);
            examples.Add(RawExample.Checked((string?)text[row], Label(label[row], labelColumn, origin), origin, textColumn, labelColumn));
        }
        return examples;
    }

    private static DataFrameColumn Column(DataFrame frame, string name, string column) =>
        frame.Columns.FirstOrDefault(c => c.Name == column)
        ?? throw DataFormatException.InFrame(name, null, $"no column \"{column}\"; the columns are {string.Join(", ", frame.Columns.Select(c => $"\"{c.Name}\""))}");

    /// <summary>A class name, or a whole number as its invariant text; null for a missing value.</summary>
    private static string? Label(object? value, string labelColumn, Origin origin) => value switch
    {
        null => null,
        string s => s,
        char c => c.ToString(),
        byte or sbyte or short or ushort or int or uint or long or ulong => Convert.ToString(value, CultureInfo.InvariantCulture),
        float or double when Convert.ToDouble(value, CultureInfo.InvariantCulture) is var d && double.IsInteger(d) && Math.Abs(d) < 1e15 =>
            ((long)d).ToString(CultureInfo.InvariantCulture),
        decimal d when decimal.IsInteger(d) => decimal.Truncate(d).ToString(CultureInfo.InvariantCulture),
        float or double or decimal => throw origin.Error(
            $"the label {Convert.ToString(value, CultureInfo.InvariantCulture)} (\"{labelColumn}\") is not an integer: labels are class names or integers 0..C-1"),
        _ => throw origin.Error($"the label (\"{labelColumn}\") is a {value.GetType().Name}: expected a class name (a string) or an integer"),
    };
}
