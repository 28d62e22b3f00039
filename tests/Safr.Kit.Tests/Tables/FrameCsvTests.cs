using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;
using Safr.Kit.Data;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>What the CSV round trip carries, the one thing it cannot, and the errors a damaged file gives.</summary>
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
        Assert.Equal("P(×),Token\n0.33333333333333331,café\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void StringsComeBackExactlyAndOnlyANullStringBecomesEmpty()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        string?[] tokens = [null, "", "null", " padded ", "  , \"quoted\",\nnext line ", "\r\n", "=1+1", "-", "True"];
        var frame = new DataFrame(new Int32DataFrameColumn("Index", Enumerable.Range(0, tokens.Length)), new StringDataFrameColumn("Token", tokens));
        FrameCsv.Save(frame, path);
        var back = FrameCsv.Load(path, FrameCsv.ColumnTypes(frame));
        Assert.Equal(tokens.Select(t => (object?)(t ?? "")), Enumerable.Range(0, tokens.Length).Select(i => back["Token"][i]));
        // A row whose only cell is empty is written as "", not as a blank line a reader would skip.
        var blank = new DataFrame(new StringDataFrameColumn("Token", ["a", "", null, "b"]));
        FrameCsv.Save(blank, path);
        Assert.Equal("Token\na\n\"\"\n\"\"\nb\n", File.ReadAllText(path));
        Assert.Equal(["a", "", "", "b"], FrameCsv.Load(path, FrameCsv.ColumnTypes(blank))["Token"].Cast<string>());
        // A row of empty numbers and booleans reads back as nulls.
        FrameAssert.RoundTrip(new DataFrame(new DoubleDataFrameColumn("x", [null, 1.5]), new BooleanDataFrameColumn("b", [null, true]), new Int64DataFrameColumn("n", [null, 2])));
    }

    [Fact]
    public void AFieldThatIsNotItsColumnsTypeIsItsFileLineAndColumn()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        Type[] types = [typeof(string), typeof(double), typeof(int), typeof(bool)];
        // Line 3 is a quoted field's second line; the bad row starts on line 4.
        File.WriteAllText(path, "Token,Value,Index,Flag\n\"two\nlines\",1.5,1,True\nx,0.8x,2,False\n");
        var error = Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types));
        Assert.Equal((path, 4), (error.FilePath, error.Line));
        Assert.Equal($"{path}:4: column 2 \"Value\": \"0.8x\" is not a number (Double)", error.Message);

        File.WriteAllText(path, "Token,Value,Index,Flag\nx,1,2.5,True\n");
        Assert.Equal($"{path}:2: column 3 \"Index\": \"2.5\" is not an integer (Int32)", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
        File.WriteAllText(path, "Token,Value,Index,Flag\nx,1,99999999999,True\n");
        Assert.Contains("column 3 \"Index\": \"99999999999\" is not an integer", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
        File.WriteAllText(path, "Token,Value,Index,Flag\nx, 1,2,True\n");
        Assert.Contains("column 2 \"Value\": \" 1\" is not a number", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
        File.WriteAllText(path, "Token,Value,Index,Flag\nx,1,2,maybe\n");
        Assert.Contains("column 4 \"Flag\": \"maybe\" is not True or False", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
        File.WriteAllText(path, "Token,Value,Index,Flag\nx,1,2\n");
        Assert.Equal($"{path}:2: expected 4 fields as in the header, found 3", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
        File.WriteAllText(path, "Token,Value\n");
        Assert.Equal(1, Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Line);
        File.WriteAllText(path, "");
        Assert.Contains("the file is empty", Assert.Throws<DataFormatException>(() => FrameCsv.Load(path, types)).Message);
    }

    [Fact]
    public void AColumnTypeOutsideTheKitsIsRefusedOnSaveAndLoad()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        var frame = new DataFrame(new DecimalDataFrameColumn("Price", [1.5m]));
        Assert.Contains("column \"Price\" is of type Decimal", Assert.Throws<ArgumentException>(() => FrameCsv.Save(frame, path)).Message);
        Assert.Contains("FrameCsv reads and writes columns of Boolean, Int32, Int64, Single, Double, String",
            Assert.Throws<ArgumentException>(() => FrameCsv.Load(path, [typeof(DateTime)])).Message);
    }

    [Fact]
    public void ToCsvIsTheFileSaveWritesAndTheSameForTheSameFrame()
    {
        using var folder = new TempFolder();
        var path = folder["f.csv"];
        FrameCsv.Save(Sample(), path);
        Assert.Equal(File.ReadAllText(path), FrameCsv.ToCsv(Sample()));
        Assert.Equal(FrameCsv.ToCsv(Sample()), FrameCsv.ToCsv(Sample()));
        // Floats read back exactly too.
        FrameAssert.RoundTrip(new DataFrame(new SingleDataFrameColumn("f", [0.1f, float.NaN, float.NegativeInfinity, float.Epsilon, float.MaxValue, -0.0f])));
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
