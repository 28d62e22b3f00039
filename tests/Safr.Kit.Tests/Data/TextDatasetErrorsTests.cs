using Microsoft.Data.Analysis;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>Every kind of bad input to <see cref="TextDatasets"/> is one error naming the file and line (the frame and row).</summary>
public class TextDatasetErrorsTests
{
    private static DataFormatException Fails(string name, string content, OwnDataOptions? options = null, string? devContent = null)
    {
        using var folder = new TempFolder();
        var path = folder.Write(name, content);
        var dev = devContent is null ? null : folder.Write("dev" + Path.GetExtension(name), devContent);
        var error = Assert.Throws<DataFormatException>(() => TextDatasets.FromFile(path, devFile: dev, options: options));
        Assert.Equal(devContent is null ? path : dev, error.FilePath);
        Assert.StartsWith($"{error.FilePath}:{error.Line}: ", error.Message);
        return error;
    }

    private static string Balanced(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"t{i},{i % 2}\n"));

    [Theory]
    [InlineData("text,label\na,0\n   ,1\n", 3, "empty text (\"text\")")]
    [InlineData("text,label\na,0\nb,\n", 3, "missing label (\"label\" is empty)")]
    [InlineData("text,label\na,0\nb\n", 3, "1 fields where the header (line 1) has 2")]
    [InlineData("text,label\na,0\nb,1,extra\n", 3, "3 fields where the header (line 1) has 2")]
    [InlineData("review,sentiment\na,0\n", 1, "no column \"text\"; the columns are \"review\", \"sentiment\"")]
    [InlineData("text\tlabel\na\t0\n", 1, "no column \"text\"; the columns are \"text\tlabel\" (one column: is the file tab-separated?")]
    [InlineData("", 1, "the file is empty: expected a header row naming the columns (\"text\", \"label\", ...)")]
    [InlineData("text,label\n", 1, "the file has no examples")]
    [InlineData("text,label\na,0\n\"b,1\n", 3, "unterminated quoted field")]
    [InlineData("text,label\na,pos\nb,pos\n", 1, "fewer than two classes: every label is \"pos\"")]
    [InlineData("text,label\na,1\nb,2\nc,4\n", 1, "integer labels are class indices 0..4, but no example has the label 0 (labels seen: 1, 2, 4); to read the labels as class names")]
    [InlineData("text,label\na,0\nb,-1\n", 3, "the label -1 is negative")]
    public void CsvProblemsNameTheFileAndLine(string content, int line, string problem)
    {
        var error = Fails("data.csv", content);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void AnUnknownClassNameIsAnErrorAtItsLine()
    {
        var error = Fails("data.tsv", "text\tlabel\na\tneg\nb\tpos\nc\tneutral\n", new OwnDataOptions { ClassNames = ["neg", "pos"] });
        Assert.Equal(4, error.Line);
        Assert.Equal("unknown class \"neutral\": the classes are neg, pos (OwnDataOptions.ClassNames)", error.Problem);

        var outside = Fails("data.tsv", "text\tlabel\na\t0\nb\t2\n", new OwnDataOptions { ClassNames = ["neg", "pos"] });
        Assert.Equal(3, outside.Line);
        Assert.Contains("the label 2 is outside 0..1: OwnDataOptions.ClassNames names 2 classes (neg, pos)", outside.Problem);
    }

    [Fact]
    public void AnErrorInTheDevFileNamesTheDevFile()
    {
        var error = Fails("train.csv", "text,label\n" + Balanced(20), devContent: "text,label\na,0\nb,\n");
        Assert.Equal(3, error.Line);
        Assert.Contains("missing label", error.Problem);
    }

    [Fact]
    public void AHeldOutSplitThatEndsUpEmptySaysWhatToChange()
    {
        // Two examples per class: 10% rounds to none.
        var error = Fails("data.csv", "text,label\n" + Balanced(4));
        Assert.Equal(1, error.Line);
        Assert.Contains("the dev split ends up empty: 10% of each class of 4 examples rounds to none; give more examples, a larger DevFraction or a dev file", error.Problem);
    }

    [Theory]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": 1,}\n", 2, "not valid JSON")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n\n[{\"text\": \"b\", \"label\": 1}]\n", 3, "found an array (JSON Lines is one object per line, not one array of objects)")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"body\": \"b\", \"label\": 1}\n", 2, "no field \"text\"; this line has \"body\", \"label\"")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\"}\n", 2, "no field \"label\"; this line has \"text\"")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": null}\n", 2, "missing label")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"\", \"label\": 1}\n", 2, "empty text")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": 5, \"label\": 1}\n", 2, "the text \"text\" is a number, not a string")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": 0.5}\n", 2, "the label 0.5 (\"label\") is not an integer")]
    [InlineData("{\"text\": \"a\", \"label\": 0}\n{\"text\": \"b\", \"label\": true}\n", 2, "the label (\"label\") is a boolean")]
    public void JsonLinesProblemsNameTheFileAndLine(string content, int line, string problem)
    {
        var error = Fails("data.jsonl", content);
        Assert.Equal(line, error.Line);
        Assert.Contains(problem, error.Problem);
    }

    [Fact]
    public void DataFrameProblemsNameTheRow()
    {
        static DataFrame Frame(DataFrameColumn label) => new(new StringDataFrameColumn("text", ["a", "b", "c", null]), label);

        var empty = Assert.Throws<DataFormatException>(() => TextDatasets.FromDataFrame(Frame(new Int32DataFrameColumn("label", [0, 1, 0, 1]))));
        Assert.Equal("the train DataFrame, row 3: empty text (\"text\")", empty.Message);
        Assert.Equal(3, empty.Row);

        var noLabel = Assert.Throws<DataFormatException>(() =>
            TextDatasets.FromDataFrame(new DataFrame(new StringDataFrameColumn("text", ["a", "b"]), new Int32DataFrameColumn("label", [0, null]))));
        Assert.Equal("the train DataFrame, row 1: missing label (\"label\" is empty)", noLabel.Message);

        var fraction = Assert.Throws<DataFormatException>(() =>
            TextDatasets.FromDataFrame(new DataFrame(new StringDataFrameColumn("text", ["a", "b"]), new DoubleDataFrameColumn("label", [0, 0.5]))));
        Assert.Equal("the train DataFrame, row 1: the label 0.5 (\"label\") is not an integer: labels are class names or integers 0..C-1", fraction.Message);

        var nan = Assert.Throws<DataFormatException>(() =>
            TextDatasets.FromDataFrame(new DataFrame(new StringDataFrameColumn("text", ["a", "b"]), new DoubleDataFrameColumn("label", [1, double.NaN]))));
        Assert.StartsWith("the train DataFrame, row 1: the label NaN (\"label\") is not an integer", nan.Message);

        var oneClass = Assert.Throws<DataFormatException>(() =>
            TextDatasets.FromDataFrame(new DataFrame(new StringDataFrameColumn("text", ["a", "b"]), new StringDataFrameColumn("label", ["x", "x"]))));
        Assert.Equal("the train DataFrame: fewer than two classes: every label is \"x\"", oneClass.Message);

        var column = Assert.Throws<DataFormatException>(() => TextDatasets.FromDataFrame(Frame(new Int32DataFrameColumn("y", [0, 1, 0, 1]))));
        Assert.Equal("the train DataFrame: no column \"label\"; the columns are \"text\", \"y\"", column.Message);
        Assert.Null(column.Row);

        var devFrame = new DataFrame(new StringDataFrameColumn("text", ["a"]), new StringDataFrameColumn("label", ["2"]));
        var train = new DataFrame(new StringDataFrameColumn("text", ["a", "b"]), new StringDataFrameColumn("label", ["x", "y"]));
        var unknown = Assert.Throws<DataFormatException>(() => TextDatasets.FromDataFrame(train, dev: devFrame, options: new OwnDataOptions { ClassNames = ["x", "y"] }));
        Assert.Equal("the dev DataFrame, row 0: unknown class \"2\": the classes are x, y (OwnDataOptions.ClassNames)", unknown.Message);

        var notText = Assert.Throws<DataFormatException>(() =>
            TextDatasets.FromDataFrame(new DataFrame(new Int32DataFrameColumn("text", [1, 2]), new Int32DataFrameColumn("label", [0, 1]))));
        Assert.Equal("the train DataFrame: the text column \"text\" holds Int32 values, not strings", notText.Message);
    }

    [Fact]
    public void MistakesInTheCallAreInputErrors()
    {
        using var folder = new TempFolder();
        var data = folder.Write("data.txt", "text,label\n" + Balanced(40));
        Assert.Contains("cannot tell the format from the extension \".txt\"", Assert.Throws<InputException>(() => TextDatasets.FromFile(data)).Message);
        Assert.Equal($"{folder["nope.csv"]}: no such file", Assert.Throws<InputException>(() => TextDatasets.FromFile(folder["nope.csv"])).Message);
        Assert.Contains("both \"text\"", Assert.Throws<InputException>(() => TextDatasets.FromFile(data, "text", "text")).Message);
        var csv = folder.Write("data.csv", "text,label\n" + Balanced(40));
        Assert.Contains("DevFraction (0.5) and TestFraction (0.5) leave nothing of train",
            Assert.Throws<InputException>(() => TextDatasets.FromFile(csv, options: new OwnDataOptions { DevFraction = 0.5, TestFraction = 0.5 })).Message);
        Assert.Contains("OwnDataOptions.DevFraction is 0:",
            Assert.Throws<InputException>(() => TextDatasets.FromFile(csv, options: new OwnDataOptions { DevFraction = 0 })).Message);
        Assert.Contains("names \"a\" twice",
            Assert.Throws<InputException>(() => TextDatasets.FromFile(csv, options: new OwnDataOptions { ClassNames = ["a", "b", "a"] })).Message);
    }
}
