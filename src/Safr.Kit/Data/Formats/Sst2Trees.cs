using System.IO.Compression;
using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// SST-2 at sentence level built from Stanford's trainDevTestTrees_PTB.zip (trees/train.txt, dev.txt, test.txt: one
/// labelled PTB tree per sentence, labels 0..4 at every node). The sentence is the tree's leaves joined by spaces and
/// lowercased; the root's label gives the class (0-1 negative, 3-4 positive) and neutral roots (2) are dropped. That is
/// how Kim (2014)'s binary split was made: on the real trees it gives exactly the 6,920 / 872 / 1,821 sentences and
/// labels of the distributed sentence files (checked by <see cref="SplitDigest"/>), in the trees' order rather than
/// the files' shuffled one. Hand-written because no library reads these trees; a leaf is "(L token)" with a token of
/// no space or parenthesis (a token may hold U+00A0, as "2 1\/2" does).
/// </summary>
public static class Sst2Trees
{
    public const string ArchiveName = "trainDevTestTrees_PTB.zip";

    /// <summary>The three splits of <paramref name="zipOrFolder"/> (the archive, or the folder holding trees/ or the tree files).</summary>
    public static (IReadOnlyList<TextExample> Train, IReadOnlyList<TextExample> Dev, IReadOnlyList<TextExample> Test) Read(string zipOrFolder, Encoding? encoding = null)
    {
        if (Directory.Exists(zipOrFolder))
        {
            var folder = Directory.Exists(Path.Combine(zipOrFolder, "trees")) ? Path.Combine(zipOrFolder, "trees") : zipOrFolder;
            IReadOnlyList<TextExample> FromFile(string split)
            {
                var path = Path.Combine(folder, $"{split}.txt");
                if (!File.Exists(path)) throw new FileNotFoundException($"{split}.txt is missing from the SST trees folder {folder}", path);
                using var reader = StrictText.OpenText(path, encoding);
                return ReadTrees(reader, path);
            }
            return (FromFile("train"), FromFile("dev"), FromFile("test"));
        }
        using var archive = ZipFile.OpenRead(zipOrFolder);
        IReadOnlyList<TextExample> FromEntry(string split)
        {
            var entry = archive.Entries.FirstOrDefault(e => e.FullName is var n && (n == $"trees/{split}.txt" || n == $"{split}.txt"))
                ?? throw new FileNotFoundException($"{zipOrFolder} has no trees/{split}.txt", $"{zipOrFolder}!trees/{split}.txt");
            using var stream = entry.Open();
            using var reader = StrictText.OpenText(stream, $"{zipOrFolder}!{entry.FullName}", encoding);
            return ReadTrees(reader, $"{zipOrFolder}!{entry.FullName}");
        }
        return (FromEntry("train"), FromEntry("dev"), FromEntry("test"));
    }

    /// <summary>The binary sentences of one tree file, in file order; a malformed tree names its file and line.</summary>
    public static IReadOnlyList<TextExample> ReadTrees(TextReader reader, string filePath)
    {
        var examples = new List<TextExample>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var (root, leaves) = Parse(line, filePath, lineNumber);
            if (root == 2) continue;
            examples.Add(new TextExample(string.Join(' ', leaves).ToLowerInvariant(), root > 2 ? 1 : 0));
        }
        if (lineNumber == 0) throw new DataFormatException(filePath, 1, "the file is empty");
        return examples;
    }

    /// <summary>The root label and the leaves of one tree line.</summary>
    public static (int Root, List<string> Leaves) Parse(string line, string filePath, int lineNumber)
    {
        var leaves = new List<string>();
        var depth = 0;
        var root = -1;
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == ' ') { i++; continue; }
            if (c == ')')
            {
                if (--depth < 0) throw Bad("a \")\" closes nothing");
                i++;
                if (depth == 0 && line.AsSpan(i).Trim(' ').Length > 0) throw Bad("text after the tree's last \")\"");
                continue;
            }
            if (c != '(') throw Bad($"expected \"(\" at column {i + 1}, found \"{c}\"");
            // "(L " then either a subtree or a token up to ")".
            if (i + 2 >= line.Length || line[i + 1] is < '0' or > '4' || line[i + 2] != ' ')
                throw Bad($"expected \"(L \" with a label 0..4 at column {i + 1}");
            if (depth == 0)
            {
                if (root >= 0) throw Bad("more than one tree on the line");
                root = line[i + 1] - '0';
            }
            depth++;
            i += 3;
            if (i < line.Length && line[i] != '(')
            {
                var end = line.IndexOfAny([' ', '(', ')'], i);
                if (end < 0 || line[end] != ')') throw Bad($"the leaf at column {i + 1} is not closed by \")\"");
                leaves.Add(line[i..end]);
                i = end;
            }
        }
        if (root < 0) throw Bad("no tree on the line");
        if (depth != 0) throw Bad($"{depth} \"(\" left open");
        if (leaves.Count == 0) throw Bad("a tree without leaves");
        return (root, leaves);

        DataFormatException Bad(string problem) => new(filePath, lineNumber, $"not a labelled PTB tree: {problem}");
    }
}
