using System.Globalization;
using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// Reads SST-2 sentence files: GLUE's TSV (train/dev with labels, test without), Kim's / SentEval's
/// <c>label sentence</c> lines (stsa.binary.*), and <c>sentence\tlabel</c> files with that header. Labels are
/// 0 negative, 1 positive; any malformed line fails with a <see cref="DataFormatException"/> naming the
/// file and line.
/// </summary>
public static class Sst2Reader
{
    public static readonly IReadOnlyList<string> ClassNames = ["negative", "positive"];

    public static IReadOnlyList<TextExample> Read(string path, Sst2FileFormat format = Sst2FileFormat.Auto, Encoding? encoding = null)
    {
        using var reader = StrictText.OpenText(path, encoding);
        return Read(reader, path, format);
    }

    /// <summary>Reads from <paramref name="reader"/>; <paramref name="filePath"/> names the source in errors (e.g. "SST-2.zip!SST-2/dev.tsv").</summary>
    public static IReadOnlyList<TextExample> Read(TextReader reader, string filePath, Sst2FileFormat format = Sst2FileFormat.Auto)
    {
        var examples = new List<TextExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (format == Sst2FileFormat.Auto) format = DetectFormat(line, filePath);
                if (format is Sst2FileFormat.SentenceTabLabel or Sst2FileFormat.IndexTabSentence)
                {
                    CheckHeader(line, format, filePath);
                    continue;
                }
            }
            if (line.Length == 0) continue;
            examples.Add(format switch
            {
                Sst2FileFormat.SentenceTabLabel => ParseSentenceTabLabel(line, filePath, lineNumber),
                Sst2FileFormat.IndexTabSentence => ParseIndexTabSentence(line, filePath, lineNumber),
                Sst2FileFormat.LabelSpaceSentence => ParseLabelSpaceSentence(line, filePath, lineNumber),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
            });
        }
        if (lineNumber == 0) throw new DataFormatException(filePath, 1, "the file is empty");
        return examples;
    }

    /// <summary>
    /// The format a file's first line announces: the header <c>sentence\tlabel</c> or <c>index\tsentence</c>,
    /// or a 0/1 label followed by a space (Kim's format, which has no header).
    /// </summary>
    public static Sst2FileFormat DetectFormat(string firstLine, string filePath)
    {
        var header = firstLine.TrimStart('\uFEFF').TrimEnd();
        if (header.Equals("sentence\tlabel", StringComparison.OrdinalIgnoreCase)) return Sst2FileFormat.SentenceTabLabel;
        if (header.Equals("index\tsentence", StringComparison.OrdinalIgnoreCase)) return Sst2FileFormat.IndexTabSentence;
        var space = firstLine.IndexOf(' ');
        if (space > 0 && int.TryParse(firstLine.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return Sst2FileFormat.LabelSpaceSentence;
        throw new DataFormatException(filePath, 1,
            $"cannot tell the SST-2 format from the first line \"{Shorten(firstLine)}\": expected the header \"sentence<TAB>label\" (GLUE train/dev), \"index<TAB>sentence\" (GLUE test) or \"<label> <sentence>\" (Kim/SentEval)");
    }

    private static void CheckHeader(string line, Sst2FileFormat format, string filePath)
    {
        var expected = format == Sst2FileFormat.SentenceTabLabel ? "sentence\tlabel" : "index\tsentence";
        if (!line.TrimStart('\uFEFF').TrimEnd().Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(filePath, 1, $"expected the header \"{expected.Replace("\t", "<TAB>", StringComparison.Ordinal)}\", found \"{Shorten(line)}\"");
    }

    private static TextExample ParseSentenceTabLabel(string line, string filePath, int lineNumber)
    {
        var columns = line.Split('\t');
        if (columns.Length != 2)
            throw new DataFormatException(filePath, lineNumber, $"expected 2 tab-separated columns (sentence, label), found {columns.Length}");
        return new TextExample(columns[0], ParseLabel(columns[1], filePath, lineNumber));
    }

    private static TextExample ParseIndexTabSentence(string line, string filePath, int lineNumber)
    {
        var columns = line.Split('\t');
        if (columns.Length != 2)
            throw new DataFormatException(filePath, lineNumber, $"expected 2 tab-separated columns (index, sentence), found {columns.Length}");
        if (!int.TryParse(columns[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new DataFormatException(filePath, lineNumber, $"the index \"{Shorten(columns[0])}\" is not a non-negative integer");
        return new TextExample(columns[1], TextExample.Unlabeled);
    }

    private static TextExample ParseLabelSpaceSentence(string line, string filePath, int lineNumber)
    {
        var space = line.IndexOf(' ');
        if (space < 0)
            throw new DataFormatException(filePath, lineNumber, "expected \"<label> <sentence>\": no space after the label");
        return new TextExample(line[(space + 1)..], ParseLabel(line[..space], filePath, lineNumber));
    }

    private static int ParseLabel(string text, string filePath, int lineNumber)
    {
        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label))
            throw new DataFormatException(filePath, lineNumber, $"the label \"{Shorten(text)}\" is not an integer");
        if (label is not (0 or 1))
            throw new DataFormatException(filePath, lineNumber, $"the label {label} is out of range: SST-2 labels are 0 (negative) or 1 (positive)");
        return label;
    }

    internal static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
