using System.Formats.Tar;
using System.IO.Compression;
using Safr.Kit.Data;

namespace Safr.Kit.Tests.Data;

/// <summary>
/// Every dataset and SST-2 source loads from the committed samples (data/samples: generated records in the real file
/// formats) with the counts data/samples/README.md gives, so readers, splits and sources are tested on a fresh clone.
/// </summary>
public sealed class SampleDataTests : IDisposable
{
    private readonly TempFolder _cache = new();

    public void Dispose() => _cache.Dispose();

    private DatasetOptions Samples => SampleData.Offline(_cache.Path);

    private static void AssertSameRows(IReadOnlyList<TextExample> expected, IReadOnlyList<TextExample> actual) =>
        Assert.Equal(SplitDigest.Of(expected), SplitDigest.Of(actual));

    [Fact]
    public void Sst2SentenceFilesAndTheTreesGiveTheSameSplitSentenceBySentence()
    {
        var files = Datasets.Load("sst2", Samples);
        var trees = Datasets.Load("sst2", Samples with { Sst2Source = Sst2Source.Trees });
        Assert.Equal((360, 80, 100), (files.Train.Count, files.Dev.Count, files.Test.Count));
        Assert.Equal([SampleData.File("sst2/trainDevTestTrees_PTB.zip")], trees.Files);
        foreach (var split in new[] { DataSplit.Train, DataSplit.Dev, DataSplit.Test })
        {
            AssertSameRows(files[split], trees[split]);
            Assert.NotEqual(files[split], trees[split]);  // the same sentences, listed in another order
        }
        Assert.Contains(trees.Train, e => e.Text.Contains('\u00a0'));  // a leaf keeps its no-break space
        Assert.All(trees.Train, e => Assert.Equal(e.Text.ToLowerInvariant(), e.Text));
    }

    [Fact]
    public void WithoutSentenceFilesSst2IsBuiltFromTheTreesAndTheLogSaysSo()
    {
        using var data = new TempFolder();
        File.Copy(SampleData.File("sst2/trainDevTestTrees_PTB.zip"), data.Write("sst2/trainDevTestTrees_PTB.zip", ""), overwrite: true);
        var log = new StringWriter();
        var options = Samples with { DataFolder = data.Path, Log = log };
        Assert.Equal(Sst2Source.Trees, Datasets.ResolveSst2Source(options));
        var loaded = Datasets.Load("sst2", options);
        Assert.Contains("built from Stanford's trainDevTestTrees_PTB.zip", loaded.Description);
        Assert.Contains("building the same split from Stanford's trainDevTestTrees_PTB.zip", log.ToString());
        AssertSameRows(Datasets.Load("sst2", Samples).Test, loaded.Test);
        Assert.Equal(Sst2Source.SentenceFiles, Datasets.ResolveSst2Source(Samples));
    }

    [Fact]
    public void TreesThatAreNotTheRealSplitAreRefusedWhereChecksumsAreOn()
    {
        using var data = new TempFolder();
        var zip = data.Write("sst2/trainDevTestTrees_PTB.zip", "");
        File.Copy(SampleData.File("sst2/trainDevTestTrees_PTB.zip"), zip, overwrite: true);
        var options = Samples with { DataFolder = data.Path, Sst2Source = Sst2Source.Trees, VerifyChecksums = true };
        var error = Assert.Throws<DataFormatException>(() => Datasets.Load("sst2", options));
        Assert.Equal(zip, error.FilePath);
        Assert.Contains("its train split is not the one the kit expects: 360 rows", error.Message);
        Assert.Contains("expected 6,920 rows, sha256 47c2f675", error.Message);
    }

    [FullDataFact("sst2/train.tsv", "sst2/dev.tsv", "sst2/test.tsv")]
    public void TheRealSentenceFilesAreTheSplitTheRealTreesMustGive()
    {
        // datasets.json's digests were taken from the trees (data/README.md); the sentence files must have the same.
        var trees = new DatasetStore(Samples).Manifest.File("sst2/trainDevTestTrees_PTB.zip");
        foreach (var split in new[] { "train", "dev", "test" })
            Assert.Equal(trees.Splits[split], SplitDigest.Of(Sst2Reader.Read(FullData.File($"sst2/{split}.tsv"))));
    }

    [Fact]
    public void Sst2RawTreebankAndGlueSamplesLoad()
    {
        var raw = Datasets.Load("sst2", Samples with { Sst2Source = Sst2Source.RawTreebank });
        Assert.Contains("rebuilt from the raw Stanford Sentiment Treebank", raw.Description);
        Assert.True(raw.Train.Count > 0 && raw.Dev.Count > 0 && raw.Test.Count > 0, raw.ToString());
        Assert.Equal(raw.ClassCounts(DataSplit.Train)[0], raw.ClassCounts(DataSplit.Train)[1]);  // the release balances train

        var glue = Datasets.Load("sst2", Samples with { Sst2Source = Sst2Source.Glue });
        Assert.All(glue.Test, e => Assert.False(e.IsLabeled));
        Assert.True(glue.Train.Count > 0 && glue.Dev.Count > 0 && glue.Test.Count > 0, glue.ToString());
    }

    [Fact]
    public void AgNewsAndItsReducedResplitLoad()
    {
        var full = Datasets.Load("agnews", Samples);
        Assert.Equal([90, 90, 90, 90], full.ClassCounts(DataSplit.Train));  // 100 per class, 10 % held out as dev
        Assert.Equal([10, 10, 10, 10], full.ClassCounts(DataSplit.Dev));
        Assert.Equal([100, 100, 100, 100], full.ClassCounts(DataSplit.Test));
        Assert.DoesNotContain(full.Train.Concat(full.Test), e => e.Text.Contains('\\'));

        var reduced = Datasets.Load("agnews-reduced", Samples);
        Assert.Equal([70, 70, 70, 70], reduced.ClassCounts(DataSplit.Train));
        Assert.Equal([10, 10, 10, 10], reduced.ClassCounts(DataSplit.Dev));
        Assert.Equal([20, 20, 20, 20], reduced.ClassCounts(DataSplit.Test));
        AssertSameRows(full.Test, [.. reduced.Train, .. reduced.Dev, .. reduced.Test]);
    }

    [Fact]
    public void ImdbCsvAndTheAclImdbFoldersGiveTheSameReviewsAndASmallCorpusKeepsADevSplit()
    {
        var csv = Datasets.Load("imdb", Samples);
        // 150 reviews per class: the release's 10,000 per class would leave dev empty, so train takes 4/5 of a class.
        Assert.Equal((240, 60, 300), (csv.Train.Count, csv.Dev.Count, csv.Test.Count));
        Assert.Contains("the first 120 reviews per class (not 10,000: at most 4/5 of a class, so that dev is not empty)", csv.Description);

        using var data = new TempFolder();
        using (var archive = new GZipStream(File.OpenRead(SampleData.File("imdb/aclImdb_v1.tar.gz")), CompressionMode.Decompress))
            TarFile.ExtractToDirectory(archive, Directory.CreateDirectory(Path.Combine(data.Path, "imdb")).FullName, overwriteFiles: false);
        var folders = Datasets.Load("imdb", Samples with { DataFolder = data.Path });
        Assert.Equal([Path.Combine(data.Path, "imdb", "aclImdb")], folders.Files);
        Assert.Equal(csv.Train, folders.Train);  // the same reviews in the same order (neg then pos, by review id)
        Assert.Equal(csv.Dev, folders.Dev);
        Assert.Equal(csv.Test, folders.Test);
    }

    [Fact]
    public void OnTheRealTrainTheCapIsTheReleases10000()
    {
        var train = Enumerable.Range(0, 25_000).Select(i => new TextExample($"review {i}", i < 12_500 ? 0 : 1)).ToList();
        Assert.Equal(10_000, ImdbReader.TrainPerClassFor(train));
        Assert.Equal(8, ImdbReader.TrainPerClassFor(train.Where(e => e.Text.Length < 9).Take(10).Concat(train.Skip(12_500).Take(11)).ToList()));
    }

    [Fact]
    public void BothTokenizersBuildAVocabularyOnTheSamples()
    {
        var data = Datasets.Load("sst2", Samples);
        foreach (var tokenizer in new ITextTokenizer[] { TextTokenizers.Whitespace, TextTokenizers.Gpt2 })
        {
            var vocabulary = Vocabulary.Build(data, tokenizer: tokenizer);
            Assert.True(vocabulary.Count > 2, tokenizer.Name);
            var report = vocabulary.Report(data.Test, 128);
            Assert.True(report.UnknownRate < 0.5, $"{tokenizer.Name}: {report}");
        }
    }
}
