using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>What the CSV round trip carries, and what the package's defaults would lose.</summary>
public class FrameCsvTests
{
    private static readonly double[] Hard = [0.1, 1.0 / 3, double.NaN, double.PositiveInfinity, double.NegativeInfinity, -0.0, 5e-324, double.MaxValue, 0.30000000000000004];

    private static DataFrame Sample() => new(
        new DoubleDataFrameColumn("Value", Hard),
        new DoubleDataFrameColumn("Missing", Hard.Select((_, i) => i % 2 == 0 ? (double?)null : i)),
        new Int32DataFrameColumn("Index", Hard.Select((_, i) => i == 0 ? int.MinValue : i)),
        new Int64DataFrameColumn("Count", Hard.Select((_, i) => long.MaxValue - i)),
        new BooleanDataFrameColumn("Flag", Hard.Select((_, i) => i % 3 == 0)),
        new StringDataFrameColumn("Token", ["a,b", "say \"hi\"", "line\nbreak", "gradient × input", "café", "1.5", "true", "Ġmovie", "<UNK>"]));

    [Fact]
    public void EveryValueTypeAndNameComesBackBitForBit()
    {
        var frame = Sample();
        var back = FrameAssert.RoundTrip(frame);
        // Bits, not just equality: -0.0 and the smallest subnormal survive too.
        Assert.Equal(Hard.Select(BitConverter.DoubleToInt64Bits), Enumerable.Range(0, Hard.Length).Select(i => BitConverter.DoubleToInt64Bits((double)back["Value"][i]!)));
        FrameAssert.Column(back, "Missing", Hard.Select((_, i) => i % 2 == 0 ? (double?)null : i));
    }

    [Fact]
    public void TheFileIsUtf8InvariantCultureWithTheRoundTripFormat()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        FrameCsv.Save(new DataFrame(new DoubleDataFrameColumn("P(×)", [1.0 / 3]), new StringDataFrameColumn("Token", ["café"])), path);
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);  // no byte-order mark
        Assert.Equal("P(×),Token\n0.33333333333333331,café\n", Encoding.UTF8.GetString(bytes).Replace("\r\n", "\n"));
    }

    [Fact]
    public void ThePackagesDefaultsWouldLoseCharactersAndDigitsWhichIsWhyFrameCsvExists()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        DataFrame.SaveCsv(new DataFrame(new DoubleDataFrameColumn("x", [1.0 / 3]), new StringDataFrameColumn("Token", ["café"])), path);
        var guessed = DataFrame.LoadCsv(path);
        Assert.Equal("caf?", guessed["Token"][0]);  // ASCII by default
        Assert.Equal(typeof(float), guessed["x"].DataType);  // numbers guessed as float: 7 digits
        Assert.NotEqual(1.0 / 3, (double)(float)guessed["x"][0]!);
    }

    [Fact]
    public void WhatCsvCannotCarryIsNullAgainstEmptyTheWordNullOuterSpacesAndBlankRows()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        var frame = new DataFrame(new Int32DataFrameColumn("Index", [0, 1, 2, 3]), new StringDataFrameColumn("Token", [null, "", "null", " padded "]));
        FrameCsv.Save(frame, path);
        var back = FrameCsv.Load(path, FrameCsv.ColumnTypes(frame));
        Assert.Equal(new object?[] { "", "", null, "padded" }, Enumerable.Range(0, 4).Select(i => back["Token"][i]));
        // A row whose every cell is empty is an empty line, which the reader skips (no kit frame has such a row).
        var blank = new DataFrame(new StringDataFrameColumn("Token", ["a", "", "b"]));
        FrameCsv.Save(blank, path);
        Assert.Equal(["a", "b"], FrameCsv.Load(path, FrameCsv.ColumnTypes(blank))["Token"].Cast<string>());
    }

    [Fact]
    public void AFrameWithoutRowsKeepsItsColumns()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x"), new StringDataFrameColumn("y", 0), new Int32DataFrameColumn("z"));
        var back = FrameAssert.RoundTrip(frame);
        Assert.Equal(0, back.Rows.Count);
    }

    [Fact]
    public void ACultureWithADecimalCommaDoesNotChangeTheFile()
    {
        var frame = new DataFrame(new DoubleDataFrameColumn("x", [1.5, -2.25e-7]));
        var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        comma.NumberFormat.NumberDecimalSeparator = ",";
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = comma;
            FrameAssert.RoundTrip(frame);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
