using System.IO.Compression;
using System.Text;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>
/// Invalid UTF-8 is refused with the file, line and byte offset by every text reader, never decoded to U+FFFD; an
/// explicit encoding decodes that way and says so.
/// </summary>
public sealed class EncodingTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly TempFolder _cache = new();

    public void Dispose()
    {
        _data.Dispose();
        _cache.Dispose();
    }

    // "café" in Latin-1: é is the single byte 0xE9, which is not valid UTF-8 where it stands.
    private static readonly byte[] Latin1Cafe = Encoding.Latin1.GetBytes("café");

    private string WriteBytes(string relativePath, params byte[][] parts)
    {
        var path = _data[relativePath];
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [.. parts.SelectMany(p => p)]);
        return path;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void AnInvalidByteInATsvNamesTheFileLineAndOffset()
    {
        var header = Utf8("sentence\tlabel\nfine words\t1\n");
        var path = WriteBytes("train.tsv", header, Utf8("a "), Latin1Cafe, Utf8(" film\t0\n"));
        var error = Assert.Throws<DataFormatException>(() => Sst2Reader.Read(path));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(3, error.Line);
        Assert.Contains($"byte offset {header.Length + 2 + 3}", error.Message);  // "a " then "caf"
        Assert.Contains("0xE9", error.Message);
    }

    [Fact]
    public void EveryReaderRefusesInvalidUtf8()
    {
        var csv = WriteBytes("ag.csv", Utf8("\"1\",\"title\",\""), Latin1Cafe, Utf8("\"\n"));
        Assert.Equal(1, Assert.Throws<DataFormatException>(() => AgNewsReader.Read(csv)).Line);
        Assert.Equal(1, Assert.Throws<DataFormatException>(() => CsvTable.ReadFile(csv).ToList()).Line);

        var imdbCsv = WriteBytes("imdb.csv", Utf8("sentence,label,file\n"), Latin1Cafe, Utf8(",1,a.txt\n"));
        Assert.Equal(2, Assert.Throws<DataFormatException>(() => ImdbReader.ReadCsv(imdbCsv)).Line);

        WriteBytes("aclImdb/train/pos/0_9.txt", Utf8("good"));
        var review = WriteBytes("aclImdb/train/neg/0_1.txt", Utf8("line one<br />"), Latin1Cafe);
        var error = Assert.Throws<DataFormatException>(() => ImdbReader.ReadFolder(_data["aclImdb"], "train"));
        Assert.Equal(review, error.FilePath);
    }

    [Fact]
    public void AnInvalidByteInsideAnArchiveNamesTheEntry()
    {
        var zip = _data["SST-2.zip"];
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            foreach (var name in new[] { "train.tsv", "dev.tsv", "test.tsv" })
            {
                using var entry = archive.CreateEntry($"SST-2/{name}").Open();
                entry.Write(Utf8(name == "test.tsv" ? "index\tsentence\n0\tok\n" : "sentence\tlabel\n"));
                if (name == "dev.tsv") entry.Write([.. Utf8("a "), .. Latin1Cafe, .. Utf8("\t1\n")]);
            }
        }
        var options = new DatasetOptions { DataFolder = _data.Path, CacheFolder = _cache.Path, AllowDownload = false, Log = TextWriter.Null, Sst2Source = Sst2Source.Glue, VerifyChecksums = false };
        Directory.CreateDirectory(_data["sst2"]);
        File.Move(zip, _data["sst2/SST-2.zip"]);
        var error = Assert.Throws<DataFormatException>(() => Datasets.Load("sst2", options));
        Assert.EndsWith("!SST-2/dev.tsv", error.FilePath);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void AnExplicitEncodingDecodesThatWayAndSaysSo()
    {
        var header = Utf8("sentence\tlabel\n");
        var path = WriteBytes("latin.tsv", header, Latin1Cafe, Utf8("\t1\n"));
        var examples = Sst2Reader.Read(path, encoding: Encoding.Latin1);
        Assert.Equal("café", examples[0].Text);
        Assert.DoesNotContain('\uFFFD', examples[0].Text);

        var log = new StringWriter();
        var options = new DatasetOptions { DataFolder = _data.Path, CacheFolder = _cache.Path, AllowDownload = false, Log = log, Encoding = Encoding.Latin1 };
        Assert.Throws<MissingDataException>(() => Datasets.Load("sst2", options));  // no files, but it has said how it will read them
        Assert.Contains("decoding the data files as iso-8859-1", log.ToString());
    }

    [Fact]
    public void ValidUtf8WithAByteOrderMarkReadsAsBefore()
    {
        var path = WriteBytes("bom.tsv", [0xEF, 0xBB, 0xBF], Utf8("sentence\tlabel\nnaïve ☺ film\t1\n"));
        Assert.Equal("naïve ☺ film", Assert.Single(Sst2Reader.Read(path)).Text);
    }
}
