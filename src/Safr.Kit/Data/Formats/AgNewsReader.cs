using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Safr.Kit.Data;

/// <summary>
/// Reads AG News in Zhang, Zhao and LeCun's CSV (ag_news_csv/train.csv, test.csv): no header, every field
/// quoted, <c>"class","title","description"</c> with classes 1..4 (World, Sports, Business, Sci/Tech)
/// mapped to labels 0..3 and text = title + " " + description.
/// </summary>
public static partial class AgNewsReader
{
    public static readonly IReadOnlyList<string> ClassNames = ["World", "Sports", "Business", "Sci/Tech"];

    /// <summary>
    /// Reads one file. <paramref name="keepBackslashes"/> = false (the default) turns each run of backslashes
    /// into a space: in these files a backslash stands where the source had a line break ("A second\team
    /// of rocketeers", "social\network", "\\" between paragraphs), and before "$" it escapes the dollar
    /// (" \$1B"). Reading "\n" as an escape instead would eat the n of "\network", "\news" or "\no".
    /// Pass true for the text exactly as in the file (as torchtext and Hugging Face give it).
    /// </summary>
    public static IReadOnlyList<TextExample> Read(string path, bool keepBackslashes = false, Encoding? encoding = null)
    {
        using var reader = StrictText.OpenText(path, encoding);
        return Read(reader, path, keepBackslashes);
    }

    /// <summary>As <see cref="Read(string, bool, Encoding)"/>, from a reader; <paramref name="filePath"/> names the source in errors.</summary>
    public static IReadOnlyList<TextExample> Read(TextReader reader, string filePath, bool keepBackslashes = false)
    {
        var examples = new List<TextExample>();
        foreach (var record in CsvTable.Read(reader, filePath))
        {
            if (record.Fields.Length != 3)
                throw new DataFormatException(filePath, record.Line, $"expected 3 columns (class, title, description), found {record.Fields.Length}");
            var classText = record.Fields[0].Trim();
            if (!int.TryParse(classText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cls))
                throw new DataFormatException(filePath, record.Line, $"the class \"{Sst2Reader.Shorten(classText)}\" is not an integer");
            if (cls is < 1 or > 4)
                throw new DataFormatException(filePath, record.Line, $"the class {cls} is out of range: AG News classes are 1..4 (World, Sports, Business, Sci/Tech)");
            var text = record.Fields[1] + " " + record.Fields[2];
            examples.Add(new TextExample(keepBackslashes ? text : Backslashes().Replace(text, " "), cls - 1));
        }
        return examples;
    }

    [GeneratedRegex(@"\\+")]
    private static partial Regex Backslashes();
}
