using System.Globalization;
using System.IO.Compression;

namespace Safr.Kit.Data;

/// <summary>
/// Rebuilds sentence-level SST-2 from the raw Stanford Sentiment Treebank, as the SAFR release does:
/// datasetSentences.txt (<c>sentence_index\tsentence</c>), datasetSplit.txt (<c>sentence_index,splitset_label</c>:
/// 1 train, 2 test, 3 dev), dictionary.txt (<c>phrase|phrase id</c>) and sentiment_labels.txt
/// (<c>phrase ids|sentiment values</c>). A sentence's sentiment is that of the dictionary phrase equal to it:
/// looked up by exact string first, then after <see cref="TreebankTextRepair.Repair"/>.
/// Reads the zip directly, or a folder where it was extracted.
/// </summary>
public static class Sst2RawTreebank
{
    public const string SentencesFile = "datasetSentences.txt";
    public const string SplitFile = "datasetSplit.txt";
    public const string DictionaryFile = "dictionary.txt";
    public const string LabelsFile = "sentiment_labels.txt";

    /// <summary>SST-2 built from the treebank at <paramref name="zipOrFolder"/> with <paramref name="options"/> (default: <see cref="Sst2RawTreebankOptions.ReleaseCompatible"/>).</summary>
    public static TextDataset Read(string zipOrFolder, Sst2RawTreebankOptions? options = null)
    {
        options ??= Sst2RawTreebankOptions.ReleaseCompatible;
        if (!(options.NegativeAtMost <= options.PositiveAbove))
            throw new ArgumentException($"NegativeAtMost ({options.NegativeAtMost}) must not exceed PositiveAbove ({options.PositiveAbove})", nameof(options));
        var sentences = ReadSentences(zipOrFolder, options, out var latin1Lines);
        var splits = new Dictionary<DataSplit, List<TextExample>> { [DataSplit.Train] = [], [DataSplit.Dev] = [], [DataSplit.Test] = [] };
        int neutral = 0, unmatched = 0;
        foreach (var s in sentences)
        {
            if (s.Sentiment is not { } value)
            {
                unmatched++;
                continue;
            }
            int label;
            if (value <= options.NegativeAtMost) label = 0;
            else if (value > options.PositiveAbove) label = 1;
            else
            {
                neutral++;
                continue;
            }
            var text = options.UseRepairedText ? s.RepairedText : s.Text;
            if (options.Lowercase) text = text.ToLowerInvariant();
            splits[s.Split].Add(new TextExample(text, label));
        }
        var train = splits[DataSplit.Train];
        var trainNote = "train not balanced";
        if (options.BalanceTrain)
        {
            var perClass = Math.Min(train.Count(e => e.Label == 0), train.Count(e => e.Label == 1));
            train = BalanceKeepingFirst(train, perClass);
            trainNote = FormattableString.Invariant($"train truncated to {perClass:N0} per class (the first ones in file order)");
        }
        var release = options == Sst2RawTreebankOptions.ReleaseCompatible ? "release-compatible" : "custom options";
        var skipped = unmatched > 0 ? FormattableString.Invariant($", {unmatched:N0} sentences without a dictionary phrase skipped") : "";
        // The treebank's files mix UTF-8 and Latin-1 line by line; say how many lines were read as Latin-1.
        var latin1 = string.Concat(latin1Lines.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => FormattableString.Invariant($", {kv.Value:N0} lines of {kv.Key} not UTF-8, read as Latin-1")));
        var description = string.Create(CultureInfo.InvariantCulture,
            $"SST-2 rebuilt from the raw Stanford Sentiment Treebank ({release}: {(options.Lowercase ? "lowercased" : "original case")}, " +
            $"negative if value <= {options.NegativeAtMost}, positive if > {options.PositiveAbove}, {neutral:N0} neutral sentences dropped, {trainNote}{skipped}{latin1})");
        return new TextDataset("sst2", description, Sst2Reader.ClassNames, train, splits[DataSplit.Dev], splits[DataSplit.Test], [zipOrFolder]);
    }

    /// <summary>Every sentence of the treebank in file order, with its split and sentiment value (null when unmatched).</summary>
    public static IReadOnlyList<TreebankSentence> ReadSentences(string zipOrFolder, Sst2RawTreebankOptions? options = null) =>
        ReadSentences(zipOrFolder, options, out _);

    private static IReadOnlyList<TreebankSentence> ReadSentences(string zipOrFolder, Sst2RawTreebankOptions? options,
        out IReadOnlyDictionary<string, int> latin1Lines)
    {
        options ??= Sst2RawTreebankOptions.ReleaseCompatible;
        using var files = TreebankFiles.Open(zipOrFolder);
        latin1Lines = files.Latin1Lines;
        var split = ReadSplits(files);
        var phraseIds = ReadDictionary(files, options.MatchRepairedText);
        var values = ReadSentimentValues(files);
        var result = new List<TreebankSentence>();
        foreach (var (line, text) in files.Lines(SentencesFile, out var path))
        {
            if (line == 1)
            {
                ExpectHeader(text, "sentence_index\tsentence", path);
                continue;
            }
            if (text.Length == 0) continue;
            var tab = text.IndexOf('\t');
            if (tab < 0) throw new DataFormatException(path, line, "expected 2 tab-separated columns (sentence_index, sentence), found 1");
            var index = ParseInt(text[..tab], "sentence_index", path, line);
            var sentence = text[(tab + 1)..];
            if (!split.TryGetValue(index, out var which))
                throw new DataFormatException(path, line, $"sentence {index} has no split in {SplitFile}");
            var repaired = TreebankTextRepair.Repair(sentence);
            double? value = null;
            if (phraseIds.TryGetValue(sentence, out var id)
                || (options.MatchRepairedText && (phraseIds.TryGetValue(TreebankTextRepair.NormalizeSpaces(sentence), out id) || phraseIds.TryGetValue(repaired, out id))))
            {
                if (!values.TryGetValue(id, out var v))
                    throw new DataFormatException(files.PathOf(LabelsFile), 1, $"phrase id {id} (sentence {index}) has no sentiment value");
                value = v;
            }
            result.Add(new TreebankSentence(index, sentence, which, repaired, value));
        }
        return result;
    }

    private static List<TextExample> BalanceKeepingFirst(List<TextExample> examples, int perClass)
    {
        var kept = new List<TextExample>(2 * perClass);
        var taken = new int[2];
        foreach (var e in examples)
        {
            if (taken[e.Label] == perClass) continue;
            taken[e.Label]++;
            kept.Add(e);
        }
        // The release concatenates the positive rows before the negative ones.
        return [.. kept.Where(e => e.Label == 1), .. kept.Where(e => e.Label == 0)];
    }

    private static Dictionary<int, DataSplit> ReadSplits(TreebankFiles files)
    {
        var splits = new Dictionary<int, DataSplit>();
        foreach (var (line, text) in files.Lines(SplitFile, out var path))
        {
            if (line == 1)
            {
                ExpectHeader(text, "sentence_index,splitset_label", path);
                continue;
            }
            if (text.Length == 0) continue;
            var columns = text.Split(',');
            if (columns.Length != 2)
                throw new DataFormatException(path, line, $"expected 2 comma-separated columns (sentence_index, splitset_label), found {columns.Length}");
            var index = ParseInt(columns[0], "sentence_index", path, line);
            splits[index] = ParseInt(columns[1], "splitset_label", path, line) switch
            {
                1 => DataSplit.Train,
                2 => DataSplit.Test,
                3 => DataSplit.Dev,
                var other => throw new DataFormatException(path, line, $"the splitset_label {other} is out of range: 1 train, 2 test, 3 dev"),
            };
        }
        return splits;
    }

    private static Dictionary<string, int> ReadDictionary(TreebankFiles files, bool addRepairedKeys)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, text) in files.Lines(DictionaryFile, out var path))
        {
            if (text.Length == 0) continue;
            // The phrase itself may contain '|': the id is after the last one.
            var bar = text.LastIndexOf('|');
            if (bar < 0) throw new DataFormatException(path, line, "expected \"phrase|phrase id\": no '|'");
            var id = ParseInt(text[(bar + 1)..], "phrase id", path, line);
            var phrase = text[..bar];
            ids.TryAdd(phrase, id);
            // The release merges on the exact string; the space-normalised key only serves MatchRepairedText.
            if (addRepairedKeys) ids.TryAdd(TreebankTextRepair.NormalizeSpaces(phrase), id);
        }
        return ids;
    }

    private static Dictionary<int, double> ReadSentimentValues(TreebankFiles files)
    {
        var values = new Dictionary<int, double>();
        foreach (var (line, text) in files.Lines(LabelsFile, out var path))
        {
            if (line == 1)
            {
                ExpectHeader(text, "phrase ids|sentiment values", path);
                continue;
            }
            if (text.Length == 0) continue;
            var columns = text.Split('|');
            if (columns.Length != 2)
                throw new DataFormatException(path, line, $"expected 2 '|'-separated columns (phrase ids, sentiment values), found {columns.Length}");
            var id = ParseInt(columns[0], "phrase id", path, line);
            if (!double.TryParse(columns[1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                throw new DataFormatException(path, line, $"the sentiment value \"{Sst2Reader.Shorten(columns[1])}\" is not a number");
            if (value is < 0 or > 1)
                throw new DataFormatException(path, line, $"the sentiment value {value} is out of range [0, 1]");
            values[id] = value;
        }
        return values;
    }

    private static void ExpectHeader(string line, string expected, string path)
    {
        if (!line.TrimStart('\uFEFF').TrimEnd().Equals(expected, StringComparison.OrdinalIgnoreCase))
            throw new DataFormatException(path, 1, $"expected the header \"{expected.Replace("\t", "<TAB>", StringComparison.Ordinal)}\", found \"{Sst2Reader.Shorten(line)}\"");
    }

    private static int ParseInt(string text, string what, string path, int line) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new DataFormatException(path, line, $"the {what} \"{Sst2Reader.Shorten(text)}\" is not a non-negative integer");

    /// <summary>The four treebank files, from a zip (any folder inside it) or from a folder on disk.</summary>
    private sealed class TreebankFiles : IDisposable
    {
        private readonly string _root;
        private readonly ZipArchive? _zip;

        private TreebankFiles(string root, ZipArchive? zip)
        {
            _root = root;
            _zip = zip;
        }

        public static TreebankFiles Open(string zipOrFolder)
        {
            if (Directory.Exists(zipOrFolder))
            {
                var nested = Path.Combine(zipOrFolder, "stanfordSentimentTreebank");
                return new TreebankFiles(File.Exists(Path.Combine(zipOrFolder, SentencesFile)) || !Directory.Exists(nested) ? zipOrFolder : nested, null);
            }
            if (!File.Exists(zipOrFolder))
                throw new FileNotFoundException($"the Stanford Sentiment Treebank was not found at {zipOrFolder} (expected stanfordSentimentTreebank.zip or the folder it extracts to)", zipOrFolder);
            return new TreebankFiles(zipOrFolder, ZipFile.OpenRead(zipOrFolder));
        }

        public string PathOf(string name) => _zip is null ? Path.Combine(_root, name) : $"{_root}!{Entry(name).FullName}";

        /// <summary>The file's lines with 1-based numbers, each decoded by <see cref="TreebankTextRepair.DecodeLine(ReadOnlySpan{byte}, out bool)"/>.</summary>
        public IEnumerable<(int Line, string Text)> Lines(string name, out string path)
        {
            path = PathOf(name);
            byte[] bytes;
            if (_zip is null)
            {
                if (!File.Exists(path)) throw new FileNotFoundException($"{name} is missing from the treebank folder {_root}", path);
                bytes = File.ReadAllBytes(path);
            }
            else
            {
                using var stream = Entry(name).Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes = memory.ToArray();
            }
            return SplitLines(name, bytes);
        }

        /// <summary>Per file, how many lines were not UTF-8 and were read as Latin-1 (the treebank mixes the two).</summary>
        public Dictionary<string, int> Latin1Lines { get; } = new(StringComparer.Ordinal);

        private ZipArchiveEntry Entry(string name) =>
            _zip!.Entries.FirstOrDefault(e => e.Name == name && !e.FullName.StartsWith("__MACOSX", StringComparison.Ordinal))
            ?? throw new FileNotFoundException($"{name} is missing from the treebank archive {_root}", $"{_root}!{name}");

        private IEnumerable<(int, string)> SplitLines(string name, byte[] bytes)
        {
            var line = 0;
            var start = 0;
            while (start < bytes.Length)
            {
                var end = Array.IndexOf(bytes, (byte)'\n', start);
                if (end < 0) end = bytes.Length;
                var length = end - start;
                if (length > 0 && bytes[start + length - 1] == '\r') length--;
                line++;
                var text = TreebankTextRepair.DecodeLine(bytes.AsSpan(start, length), out var latin1);
                if (latin1) Latin1Lines[name] = Latin1Lines.GetValueOrDefault(name) + 1;
                yield return (line, line == 1 ? text.TrimStart('\uFEFF') : text);
                start = end + 1;
            }
        }

        public void Dispose() => _zip?.Dispose();
    }
}
