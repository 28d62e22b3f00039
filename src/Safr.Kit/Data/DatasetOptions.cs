namespace Safr.Kit.Data;

/// <summary>
/// Where <see cref="Datasets.Load"/> finds data and which variant it builds. Every property has a
/// sensible default; set only what differs, e.g. <c>new DatasetOptions { AllowDownload = false }</c>.
/// </summary>
public sealed record DatasetOptions
{
    /// <summary>
    /// A folder laid out as data/README.md says (sst2/, agnews/, imdb/), looked at first; default: SAFR_DATA, else
    /// the data/ folder of the checkout the kit was built in (none for the kit from its package).
    /// </summary>
    public string? DataFolder { get; init; }

    /// <summary>Where downloads go; default: SAFR_CACHE, else data/cache in a checkout, else ~/.cache/safr/data.</summary>
    public string? CacheFolder { get; init; }

    /// <summary>Download what is found neither in the data folder nor in the cache.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>
    /// A base URL serving every download under its file name (stanfordSentimentTreebank.zip, ag_news_csv.tgz, …),
    /// used instead of data/datasets.json's URLs; default: SAFR_DATA_MIRROR, else none.
    /// </summary>
    public string? Mirror { get; init; }

    /// <summary>
    /// Verify published checksums of files found locally too (downloads are always verified where a checksum is known);
    /// default: yes, unless SAFR_VERIFY_CHECKSUMS=0 (for a deliberately altered local copy, such as a small sample).
    /// </summary>
    public bool? VerifyChecksums { get; init; }

    /// <summary>The HTTP client for downloads; default: one shared client.</summary>
    public HttpClient? HttpClient { get; init; }

    /// <summary>Where download progress and notes go; default: standard error.</summary>
    public TextWriter? Log { get; init; }

    /// <summary>
    /// The encoding of the data files, for data that really is in another encoding than UTF-8 (Latin-1, say):
    /// files are then decoded that way, and the log says so. Null (the default): strict UTF-8, where an invalid
    /// byte is an error naming the file, line and byte offset.
    /// </summary>
    public System.Text.Encoding? Encoding { get; init; }

    /// <summary>Which SST-2 "sst2" means: the sentence files (default; no official download), the raw treebank (downloaded), or GLUE's.</summary>
    public Sst2Source Sst2Source { get; init; } = Sst2Source.SentenceFiles;

    /// <summary>How SST-2 is rebuilt from the raw treebank when <see cref="Sst2Source"/> is <see cref="Data.Sst2Source.RawTreebank"/>.</summary>
    public Sst2RawTreebankOptions Sst2Treebank { get; init; } = Sst2RawTreebankOptions.ReleaseCompatible;

    /// <summary>Seed of the seeded splits: agnews-reduced's re-split and AG News's dev hold-out.</summary>
    public int SplitSeed { get; init; }

    /// <summary>agnews-reduced: the share of each class of test.csv that becomes train.</summary>
    public double ReducedTrainFraction { get; init; } = 0.7;

    /// <summary>agnews-reduced: the share of each class of test.csv that becomes dev (the rest is test).</summary>
    public double ReducedDevFraction { get; init; } = 0.1;

    /// <summary>
    /// Full AG News has no dev split: this share of each class of train.csv is held out as dev (seeded,
    /// stratified). The paper does not say how it chose dev; this is the kit's choice.
    /// </summary>
    public double AgNewsDevFraction { get; init; } = 0.1;

    /// <summary>Keep AG News's backslashes as in the file (see <see cref="AgNewsReader.Read(string, bool, System.Text.Encoding)"/>).</summary>
    public bool AgNewsKeepBackslashes { get; init; }

    /// <summary>IMDB: reviews per class of aclImdb's train that form train (the release: 10,000; at most 4/5 of a class, see <see cref="ImdbReader.TrainPerClassFor"/>); the rest is dev.</summary>
    public int ImdbTrainPerClass { get; init; } = ImdbReader.ReleaseTrainPerClass;
}
