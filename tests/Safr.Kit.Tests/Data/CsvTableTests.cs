using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

public class CsvTableTests
{
    private static CsvRecord[] Parse(string text, char separator = ',') => CsvTable.Read(new StringReader(text), "mem.csv", separator).ToArray();

    [Fact]
    public void ReadsQuotedFieldsEscapedQuotesAndEmbeddedLineBreaks()
    {
        var records = Parse("\"3\",\"He said \"\"hi\"\"\",\"a, b\"\r\nplain,\"two\nlines\",\r\n\n\"4\",\"\",x\n");
        Assert.Equal(3, records.Length);
        Assert.Equal(["3", "He said \"hi\"", "a, b"], records[0].Fields);
        Assert.Equal(["plain", "two\nlines", ""], records[1].Fields);
        Assert.Equal(["4", "", "x"], records[2].Fields);
        // Lines: record 2 starts on line 2 and spans 3; a blank line 4 is skipped.
        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void LinesEndAtCrAloneTooAndWhitespaceIsKept()
    {
        var records = Parse("a,b\rc, d \r\r\"\"\n \n");
        Assert.Equal([["a", "b"], ["c", " d "], [""], [" "]], records.Select(r => r.Fields));
        Assert.Equal([1, 2, 4, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void TabSeparatedFieldsKeepCommas()
    {
        var records = Parse("text\tlabel\n\"a\tb, c\"\tpos\nd, e\tneg\n", '\t');
        Assert.Equal([["text", "label"], ["a\tb, c", "pos"], ["d, e", "neg"]], records.Select(r => r.Fields));
    }

    [Fact]
    public void UnterminatedQuoteNamesTheLineWhereItsRecordStarts()
    {
        var error = Assert.Throws<DataFormatException>(() => Parse("\"1\",\"ok\"\n\"2\",\"never closed\n"));
        Assert.Equal("mem.csv", error.FilePath);
        Assert.Equal(2, error.Line);
        Assert.Contains("unterminated quoted field", error.Message);

        // Mid-file, the stray quote pairs with the next line's first quote: the error points at both lines.
        var midFile = Assert.Throws<DataFormatException>(() => Parse("\"1\",\"ok\"\n\"2\",\"never closed\n\"3\",\"x\"\n"));
        Assert.Equal(3, midFile.Line);
        Assert.Contains("after the closing quote", midFile.Message);
        Assert.Contains("starts on line 2, so a quoted field opened there is probably unterminated", midFile.Message);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsAnError()
    {
        var error = Assert.Throws<DataFormatException>(() => Parse("\"0\",\"x\"\n\"1\",\"a\"b,\"c\"\n"));
        Assert.Equal(2, error.Line);
        Assert.StartsWith("mem.csv:2: ", error.Message);
        Assert.Contains("after the closing quote", error.Message);
    }

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsAnErrorOnItsOwnLine()
    {
        var error = Assert.Throws<DataFormatException>(() => Parse("\"é\",\"ünï\ncödé\"\n1,a\"b,c\n"));
        Assert.Equal(3, error.Line);
        Assert.Contains("a quote inside an unquoted field", error.Message);

        // On the third line of a record: CsvHelper says where in UTF-8 bytes, and multi-byte text comes before it.
        var later = Assert.Throws<DataFormatException>(() => Parse("\"ü\",\"é\"\n\"ünï\",\"a\r\nçé\nçé\"x\n"));
        Assert.Equal(4, later.Line);
        Assert.Contains("after the closing quote", later.Message);
        Assert.Contains("the record starts on line 2", later.Message);
    }

    [Fact]
    public void WritesRfc4180AndReadsItBack()
    {
        string?[][] rows = [["x,y", "he said \"hi\"", "two\nlines"], ["", null, "=1+1"], [" padded ", "tab\there", "é"]];
        var text = new StringWriter();
        CsvTable.Write(text, ["a", "b", "c"], rows);
        Assert.StartsWith("a,b,c\n\"x,y\",\"he said \"\"hi\"\"\",\"two\nlines\"\n,,=1+1\n", text.ToString());
        var back = Parse(text.ToString());
        Assert.Equal([["a", "b", "c"], ["x,y", "he said \"hi\"", "two\nlines"], ["", "", "=1+1"], [" padded ", "tab\there", "é"]], back.Select(r => r.Fields));
        Assert.Equal([1, 2, 4, 5], back.Select(r => r.Line));
    }

    [Fact]
    public void WritesTsvFilesAsUtf8WithoutAByteOrderMark()
    {
        using var folder = new TempFolder();
        var path = folder["t.tsv"];
        CsvTable.WriteFile(path, ["text", "label"], [["naïve\tcafé", "1"], ["plain", "0"]], '\t');
        var bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("text\tlabel\n\"naïve\tcafé\"\t1\nplain\t0\n", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal([["text", "label"], ["naïve\tcafé", "1"], ["plain", "0"]], CsvTable.ReadFile(path, '\t').Select(r => r.Fields));
    }

    [Fact]
    public void ARowWithTheWrongFieldCountIsNotWritten()
    {
        var error = Assert.Throws<ArgumentException>(() => CsvTable.Write(new StringWriter(), ["a", "b"], [["1", "2"], ["3"]]));
        Assert.Contains("row 1 has 1 fields, the header 2 (a, b)", error.Message);
    }
}
