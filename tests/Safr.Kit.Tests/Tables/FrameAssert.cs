using Microsoft.Data.Analysis;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>Checks of a frame against the records it came from, and of its CSV round trip.</summary>
internal static class FrameAssert
{
    public static void Columns(DataFrame frame, params string[] names) => Assert.Equal(names, frame.Columns.Select(c => c.Name));

    /// <summary>
    /// The column <paramref name="name"/> holds exactly <paramref name="expected"/>, in a column of element type T
    /// (a nullable T: of its underlying type, nulls included). Doubles compare bit for bit (NaN equals NaN).
    /// </summary>
    public static void Column<T>(DataFrame frame, string name, IEnumerable<T> expected)
    {
        var column = frame.Columns[name];
        Assert.Equal(Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T), column.DataType);
        Assert.Equal(expected.Select(e => (object?)e).ToArray(), Cells(column));
    }

    /// <summary>
    /// Saves <paramref name="frame"/> to a temporary CSV (<see cref="FrameCsv.Save"/>), reads it back with its column types
    /// (<see cref="FrameCsv.Load"/>), asserts the same column names, types and every value, and returns what was read, for
    /// the caller to check against the source records again. The one difference CSV makes: a null string reads back as "".
    /// </summary>
    public static DataFrame RoundTrip(DataFrame frame)
    {
        using var folder = new TempFolder();
        var path = folder["frame.csv"];
        FrameCsv.Save(frame, path);
        var back = FrameCsv.Load(path, FrameCsv.ColumnTypes(frame));
        Assert.Equal(frame.Columns.Select(c => c.Name), back.Columns.Select(c => c.Name));
        Assert.Equal(frame.Columns.Select(c => c.DataType), back.Columns.Select(c => c.DataType));
        Assert.Equal(frame.Rows.Count, back.Rows.Count);
        foreach (var column in frame.Columns)
        {
            var expected = Cells(column);
            if (column.DataType == typeof(string)) expected = [.. expected.Select(c => c ?? "")];
            Assert.True(expected.SequenceEqual(Cells(back.Columns[column.Name])), $"column {column.Name} changed on the way through CSV");
        }
        return back;
    }

    private static object?[] Cells(DataFrameColumn column) => [.. Enumerable.Range(0, checked((int)column.Length)).Select(i => column[i])];
}
