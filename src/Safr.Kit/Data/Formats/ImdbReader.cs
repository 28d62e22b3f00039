using System.Globalization;
using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// Reads IMDB (Maas et al. 2011) from the aclImdb folders (train/pos, train/neg, test/pos, test/neg; files
/// <c>id_rating.txt</c>) or from the CSV with header <c>sentence,label,file</c> (1 pos, 0 neg). Text is
/// unchanged (it keeps the reviews' <c>&lt;br /&gt;</c>).
/// </summary>
public static class ImdbReader
{
    public static readonly IReadOnlyList<string> ClassNames = ["negative", "positive"];

    /// <summary>The release's training examples per class; the rest of aclImdb's train is dev.</summary>
    public const int ReleaseTrainPerClass = 10_000;

    /// <summary>
    /// One split of an aclImdb folder (<paramref name="split"/> "train" or "test"): neg reviews then pos
    /// reviews, each by numeric id (0_3.txt, 1_1.txt, ..., 12499_2.txt). That is the CSV conversion's order (imdb/train.csv, test.csv). The
    /// release lists files with os.listdir, whose order depends on the file system, so its exact order
    /// cannot be reproduced; this one is deterministic.
    /// </summary>
    public static IReadOnlyList<TextExample> ReadFolder(string aclImdbFolder, string split, Encoding? encoding = null)
    {
        var examples = new List<TextExample>();
        foreach (var (name, label) in new[] { ("neg", 0), ("pos", 1) })
        {
            var folder = Path.Combine(aclImdbFolder, split, name);
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"IMDB folder {folder} is missing (expected aclImdb/{split}/{name} with files id_rating.txt)");
            var files = Directory.GetFiles(folder, "*.txt").Select(path => (Path: path, Id: ParseId(path))).OrderBy(f => f.Id).ThenBy(f => f.Path, StringComparer.Ordinal);
            foreach (var (path, _) in files) examples.Add(new TextExample(StrictText.ReadAllText(path, encoding), label));
        }
        return examples;
    }

    /// <summary>The CSV form (header <c>sentence,label,file</c>, RFC 4180 quoting), in file order.</summary>
    public static IReadOnlyList<TextExample> ReadCsv(string path, Encoding? encoding = null)
    {
        var examples = new List<TextExample>();
        var first = true;
        var columns = 0;
        foreach (var record in CsvTable.ReadFile(path, encoding: encoding))
        {
            if (first)
            {
                first = false;
                if (record.Fields.Length < 2 || record.Fields[0] != "sentence" || record.Fields[1] != "label")
                    throw new DataFormatException(path, record.Line, $"expected the header \"sentence,label,file\", found \"{Sst2Reader.Shorten(string.Join(',', record.Fields))}\"");
                columns = record.Fields.Length;
                continue;
            }
            if (record.Fields.Length != columns)
                throw new DataFormatException(path, record.Line, $"expected {columns} columns as in the header, found {record.Fields.Length}");
            if (!int.TryParse(record.Fields[1].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var label))
                throw new DataFormatException(path, record.Line, $"the label \"{Sst2Reader.Shorten(record.Fields[1])}\" is not an integer");
            if (label is not (0 or 1))
                throw new DataFormatException(path, record.Line, $"the label {label} is out of range: IMDB labels are 0 (negative) or 1 (positive)");
            examples.Add(new TextExample(record.Fields[0], label));
        }
        if (first) throw new DataFormatException(path, 1, "the file is empty");
        return examples;
    }

    /// <summary>
    /// The release's split of aclImdb's train: the first <paramref name="trainPerClass"/> reviews of each
    /// class (in the given order) are train, the rest dev; order is kept within each.
    /// </summary>
    public static (List<TextExample> Train, List<TextExample> Dev) SplitTrain(IReadOnlyList<TextExample> train, int trainPerClass = ReleaseTrainPerClass)
    {
        var taken = new Dictionary<int, int>();
        var kept = new List<TextExample>();
        var rest = new List<TextExample>();
        foreach (var e in train)
        {
            var n = taken.GetValueOrDefault(e.Label);
            if (n < trainPerClass)
            {
                taken[e.Label] = n + 1;
                kept.Add(e);
            }
            else rest.Add(e);
        }
        return (kept, rest);
    }

    /// <summary>
    /// The train reviews per class for <see cref="SplitTrain"/>: <paramref name="trainPerClass"/>, but never more than
    /// four fifths of the smallest class, so a smaller aclImdb-style corpus still leaves a dev split to stop early on.
    /// On the real train (12,500 per class) it is the release's 10,000 exactly.
    /// </summary>
    public static int TrainPerClassFor(IReadOnlyList<TextExample> train, int trainPerClass = ReleaseTrainPerClass)
    {
        var smallest = train.GroupBy(e => e.Label).Select(g => g.Count()).DefaultIfEmpty(0).Min();
        return Math.Min(trainPerClass, smallest * 4 / 5);
    }

    private static int ParseId(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var underscore = name.IndexOf('_');
        return int.TryParse(underscore < 0 ? name : name[..underscore], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new DataFormatException(path, 1, "an aclImdb review file is named id_rating.txt (e.g. 0_3.txt)");
    }
}
