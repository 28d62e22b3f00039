using System.Text;
using Microsoft.Data.Analysis;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class TextDatasetsTests
{
    /// <summary>100 reviews, 50 "pos", 30 "neg", 20 "meh", interleaved; review i's text names i.</summary>
    private static (string Text, string Label)[] Reviews() =>
        [.. Enumerable.Range(0, 100).Select(i => ($"review {i}, \"quoted\"\nsecond line", i % 10 < 5 ? "pos" : i % 10 < 8 ? "neg" : "meh"))];

    private static string Csv(IEnumerable<(string Text, string Label)> rows, char separator = ',')
    {
        var text = new StringWriter();
        CsvTable.Write(text, ["id", "review", "sentiment"], rows.Select((r, i) => new[] { i.ToString(), r.Text, r.Label }), separator);
        return text.ToString();
    }

    private static string JsonLines(IEnumerable<(string Text, object Label)> rows) =>
        string.Concat(rows.Select(r => System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["text"] = r.Text, ["label"] = r.Label }) + "\n"));

    [Fact]
    public void CsvWithClassNamesHoldsOutASeededStratifiedDisjointDevAndTest()
    {
        using var folder = new TempFolder();
        var path = folder.Write("my-reviews.csv", Csv(Reviews()));
        var data = TextDatasets.FromFile(path, "review", "sentiment");

        Assert.Equal("my-reviews", data.Name);
        Assert.Equal(["meh", "neg", "pos"], data.ClassNames);
        Assert.Equal([Path.GetFullPath(path)], data.Files);
        // 10% of each class (20, 30, 50) is dev, 10% test, the rest train.
        Assert.Equal([2, 3, 5], data.ClassCounts(DataSplit.Dev));
        Assert.Equal([2, 3, 5], data.ClassCounts(DataSplit.Test));
        Assert.Equal([16, 24, 40], data.ClassCounts(DataSplit.Train));
        var all = data.Train.Concat(data.Dev).Concat(data.Test).Select(e => e.Text).ToList();
        Assert.Equal(100, all.Distinct().Count());
        Assert.Equal(Reviews().Select(r => r.Text).Order(), all.Order());
        // Every example keeps its label and its text (quotes and line breaks included); each split keeps file order.
        var byText = Reviews().ToDictionary(r => r.Text, r => r.Label);
        Assert.All(data.Train.Concat(data.Dev).Concat(data.Test), e => Assert.Equal(byText[e.Text], data.ClassNames[e.Label]));
        Assert.Equal(data.Dev.OrderBy(e => Index(e.Text)), data.Dev);
        Assert.Contains("your own data", data.Description, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"dev = a seeded class-stratified 10% of {path} (seed 0)", data.Description);
        Assert.Contains("labels: class names, sorted (meh, neg, pos)", data.Description);

        // The same seed holds out the same examples; another seed, others.
        var again = TextDatasets.FromFile(path, "review", "sentiment");
        Assert.Equal(data.Dev, again.Dev);
        Assert.Equal(data.Test, again.Test);
        var reseeded = TextDatasets.FromFile(path, "review", "sentiment", options: new OwnDataOptions { SplitSeed = 1, DevFraction = 0.2 });
        Assert.NotEqual(data.Dev.Select(e => e.Text).Order(), reseeded.Dev.Select(e => e.Text).Order());
        Assert.Equal([4, 6, 10], reseeded.ClassCounts(DataSplit.Dev));
    }

    private static int Index(string text) => int.Parse(text.Split(' ', ',')[1]);

    [Fact]
    public void TsvWithIntegerLabelsAndGivenDevAndTestFiles()
    {
        using var folder = new TempFolder();
        (string, string)[] Rows(int n, int offset) => [.. Enumerable.Range(offset, n).Select(i => ($"text\t{i}", (i % 3).ToString()))];
        var train = folder.Write("train.tsv", Csv(Rows(30, 0), '\t'));
        var dev = folder.Write("dev.tsv", Csv(Rows(6, 100), '\t'));
        var test = folder.Write("test.tsv", Csv(Rows(9, 200), '\t'));

        var data = TextDatasets.FromFile(train, "review", "sentiment", devFile: dev, testFile: test);
        Assert.Equal(["0", "1", "2"], data.ClassNames);
        Assert.Equal(Rows(30, 0).Select(r => new TextExample(r.Item1, int.Parse(r.Item2))), data.Train);
        Assert.Equal(Rows(6, 100).Select(r => new TextExample(r.Item1, int.Parse(r.Item2))), data.Dev);
        Assert.Equal(Rows(9, 200).Select(r => new TextExample(r.Item1, int.Parse(r.Item2))), data.Test);
        Assert.Equal([train, dev, test], data.Files);
        Assert.Contains($"dev from {dev}; test from {test}; labels: the integers 0..2", data.Description);
        Assert.DoesNotContain("held out", data.Description);
    }

    [Fact]
    public void OnlyTheMissingSplitIsHeldOut()
    {
        using var folder = new TempFolder();
        var train = folder.Write("train.csv", Csv(Reviews()));
        var test = folder.Write("test.csv", Csv(Reviews().Take(10)));
        var data = TextDatasets.FromFile(train, "review", "sentiment", testFile: test);
        Assert.Equal(10, data.Test.Count);
        Assert.Equal([2, 3, 5], data.ClassCounts(DataSplit.Dev));
        Assert.Equal(90, data.Train.Count);
        Assert.Contains("less the dev held out of it", data.Description);
    }

    [Fact]
    public void JsonLinesWithIntegerLabelsNamedByTheGivenClassNames()
    {
        using var folder = new TempFolder();
        var rows = Enumerable.Range(0, 40).Select(i => ($"é review {i} \"x\"", (object)(i % 4 == 0 ? 1 : 0))).ToArray();
        var path = folder.Write("reviews.jsonl", "\n" + JsonLines(rows) + "\r\n");
        var data = TextDatasets.FromFile(path, options: new OwnDataOptions { ClassNames = ["negative", "positive"], Name = "mine" });
        Assert.Equal("mine", data.Name);
        Assert.Equal(["negative", "positive"], data.ClassNames);
        Assert.Equal([3, 1], data.ClassCounts(DataSplit.Dev));
        Assert.All(data.Train, e => Assert.Equal(Index(e.Text[2..]) % 4 == 0 ? 1 : 0, e.Label));
        Assert.Contains("labels: the integers 0..1, named negative, positive", data.Description);
    }

    [Fact]
    public void GivenClassNamesFixTheOrderOfNameLabels()
    {
        using var folder = new TempFolder();
        var rows = Enumerable.Range(0, 20).Select(i => ($"t{i}", (object)(i % 2 == 0 ? "pos" : "neg")));
        // .json as Hugging Face's to_json writes it: JSON Lines.
        var path = folder.Write("data.json", JsonLines(rows));
        var data = TextDatasets.FromFile(path, options: new OwnDataOptions { ClassNames = ["pos", "neg"] });
        Assert.Equal(["pos", "neg"], data.ClassNames);
        Assert.All(data.Train, e => Assert.Equal(int.Parse(e.Text[1..]) % 2, e.Label));
    }

    [Fact]
    public void TheFormatCanBeNamedForAnyExtension()
    {
        using var folder = new TempFolder();
        var path = folder.Write("reviews.txt", Csv(Reviews(), '\t'));
        var data = TextDatasets.FromFile(path, "review", "sentiment", options: new OwnDataOptions { Format = TextFileFormat.Tsv });
        Assert.Equal(100, data.Train.Count + data.Dev.Count + data.Test.Count);
        Assert.Equal("reviews", data.Name);
    }

    [Fact]
    public void ALatin1FileIsReadWhenItsEncodingIsNamed()
    {
        using var folder = new TempFolder();
        var path = folder["latin1.csv"];
        File.WriteAllBytes(path, Encoding.Latin1.GetBytes("text,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"café {i},{i % 2}\n"))));
        var error = Assert.Throws<DataFormatException>(() => TextDatasets.FromFile(path));
        Assert.Equal(2, error.Line);
        Assert.Contains("invalid UTF-8", error.Message);
        var data = TextDatasets.FromFile(path, options: new OwnDataOptions { Encoding = Encoding.Latin1 });
        Assert.All(data.Train, e => Assert.StartsWith("café ", e.Text));
    }

    [Fact]
    public void DataFramesWithIntegerFloatOrStringLabels()
    {
        var texts = Enumerable.Range(0, 50).Select(i => $"t{i}").ToArray();
        var ints = new DataFrame(new StringDataFrameColumn("sentence", texts), new Int32DataFrameColumn("y", Enumerable.Range(0, 50).Select(i => i % 2)));
        var data = TextDatasets.FromDataFrame(ints, "sentence", "y");
        Assert.Equal("dataframe", data.Name);
        Assert.Equal(["0", "1"], data.ClassNames);
        Assert.Equal([3, 3], data.ClassCounts(DataSplit.Dev));
        Assert.Empty(data.Files);
        Assert.Contains("dev = a seeded class-stratified 10% of the train DataFrame (seed 0)", data.Description);
        Assert.All(data.Train, e => Assert.Equal(int.Parse(e.Text[1..]) % 2, e.Label));

        // DataFrame.LoadCsv reads 0/1 as floats; names given fix the classes' names.
        var floats = new DataFrame(new StringDataFrameColumn("text", texts), new SingleDataFrameColumn("label", Enumerable.Range(0, 50).Select(i => (float)(i % 2))));
        var named = TextDatasets.FromDataFrame(floats, options: new OwnDataOptions { ClassNames = ["odd-not", "odd"] });
        Assert.Equal(data.Train, named.Train);
        Assert.Equal(["odd-not", "odd"], named.ClassNames);

        var strings = new DataFrame(new StringDataFrameColumn("text", texts), new StringDataFrameColumn("label", Enumerable.Range(0, 50).Select(i => i % 2 == 0 ? "b" : "a")));
        var devFrame = new DataFrame(new StringDataFrameColumn("text", ["d0", "d1"]), new StringDataFrameColumn("label", ["a", "b"]));
        var testFrame = new DataFrame(new StringDataFrameColumn("text", ["x0"]), new StringDataFrameColumn("label", ["b"]));
        var given = TextDatasets.FromDataFrame(strings, dev: devFrame, test: testFrame);
        Assert.Equal(["a", "b"], given.ClassNames);
        Assert.Equal(50, given.Train.Count);
        Assert.Equal([new TextExample("d0", 0), new TextExample("d1", 1)], given.Dev);
        Assert.Equal([new TextExample("x0", 1)], given.Test);
        Assert.Contains("dev from the dev DataFrame; test from the test DataFrame", given.Description);
    }
}
