using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Safr.Cli.Tests;

/// <summary>
/// <c>--sst2-source</c> on a fresh clone without data: SST-2's sentence split is built from Stanford's downloaded trees
/// (from a loopback mirror serving the committed sample), offline the error says what to download and where to put it,
/// and the raw treebank is downloaded, recorded and loaded again by evaluate.
/// </summary>
public sealed class Sst2SourceCliTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();
    private readonly TempFolder _scratch = new("safr-cli-sst2-source-");

    public void Dispose()
    {
        _server.Dispose();
        _scratch.Dispose();
    }

    /// <summary>An empty data folder and cache, and every download from the loopback server.</summary>
    private Dictionary<string, string> FreshClone => new()
    {
        ["SAFR_DATA"] = Directory.CreateDirectory(_scratch["data"]).FullName,
        ["SAFR_CACHE"] = _scratch["cache"],
        ["SAFR_DATA_MIRROR"] = _server.BaseUrl,
    };

    [Fact]
    public void WithoutSentenceFilesSst2IsBuiltFromTheDownloadedTreesAndRecordedAsSuch()
    {
        _server.Serve("trainDevTestTrees_PTB.zip", File.ReadAllBytes(Path.Combine(Checkout.Samples, "sst2", "trainDevTestTrees_PTB.zip")));
        var runFolder = _scratch["run"];
        var train = SafrProcess.Run(FreshClone, "train", "--dataset", "sst2", "--epochs", "1", "--mode", "fast", "--max-length", "16",
            "--data-fraction", "0.1", "--out", runFolder);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("building the same split from Stanford's trainDevTestTrees_PTB.zip", train.Error);
        Assert.Contains("the Kim 2014 binary split built from Stanford's trainDevTestTrees_PTB.zip", train.Output);
        AssertDownloadedOnceRecordedAndEvaluatedAgain("trainDevTestTrees_PTB.zip", runFolder, "Trees");
    }

    [Fact]
    public void OfflineWithoutSentenceFilesNamesTheTreesToDownloadAndWhereToPutThem()
    {
        var offline = new Dictionary<string, string>(FreshClone) { ["SAFR_DATA_MIRROR"] = "http://127.0.0.1:1/" };  // nothing listens there
        var run = SafrProcess.Run(offline, "train", "--dataset", "sst2", "--epochs", "1", "--out", _scratch["run"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("safr train: ", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(_scratch["data"], "sst2", "trainDevTestTrees_PTB.zip"), line);
        Assert.Contains("http://127.0.0.1:1/trainDevTestTrees_PTB.zip", line);
        Assert.Contains(Path.Combine(_scratch["data"], "sst2", "train.tsv"), line);
        Assert.Contains("Either is enough", line);
        Assert.False(Directory.Exists(_scratch["run"]));
    }

    [Fact]
    public void TheTreebankIsDownloadedRecordedAndUsedAgainByEvaluate()
    {
        _server.Serve("stanfordSentimentTreebank.zip", TreebankZip());
        var runFolder = _scratch["run"];
        var train = SafrProcess.Run(FreshClone, "train", "--dataset", "sst2", "--sst2-source", "treebank",
            "--epochs", "1", "--mode", "fast", "--max-length", "16", "--out", runFolder);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("SST-2 rebuilt from the raw Stanford Sentiment Treebank", train.Output);
        Assert.Contains("training sst2 (8 train, 4 dev)", train.Output);  // balanced: 4 per class
        var evaluate = AssertDownloadedOnceRecordedAndEvaluatedAgain("stanfordSentimentTreebank.zip", runFolder, "RawTreebank");
        Assert.Contains("(4 examples)", evaluate.Output);

        // Asked for explicitly, another source wins over the recorded one: the sentence split, here built from the trees,
        // which this mirror does not serve.
        var sentences = SafrProcess.Run(FreshClone, "evaluate", runFolder, "--sst2-source", "sentences", "--faithfulness-examples", "0");
        Assert.True(sentences.ExitCode == 2, sentences.ToString());
        Assert.Contains("trainDevTestTrees_PTB.zip", sentences.Error);
        Assert.Contains(Path.Combine(_scratch["data"], "sst2", "train.tsv"), sentences.Error);
    }

    /// <summary>
    /// After a training run on a downloaded <paramref name="archive"/>: it was fetched once into the cache, the run records
    /// <paramref name="recordedSource"/>, and evaluate scores the model on the same data from the cache (no second download).
    /// </summary>
    private CliRun AssertDownloadedOnceRecordedAndEvaluatedAgain(string archive, string runFolder, string recordedSource)
    {
        Assert.Equal(1, _server.RequestCount(archive));
        Assert.True(File.Exists(Path.Combine(_scratch["cache"], "sst2", archive)));
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "model", "manifest.json"))))
            Assert.Equal(recordedSource, manifest.RootElement.GetProperty("options").GetProperty("sst2Source").GetString());

        var evaluate = SafrProcess.Run(FreshClone, "evaluate", runFolder, "--faithfulness-examples", "0");
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains("sst2 Test: accuracy", evaluate.Output);
        Assert.Equal(1, _server.RequestCount(archive));  // the cached archive
        return evaluate;
    }

    [Fact]
    public void TheSourceIsForSst2Only()
    {
        var run = SafrProcess.Run(FreshClone, "train", "--dataset", "agnews-reduced", "--sst2-source", "glue", "--out", _scratch["run"]);
        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--sst2-source: applies to --dataset sst2 only", run.Error);
        var unknown = SafrProcess.Run(FreshClone, "train", "--dataset", "sst2", "--sst2-source", "phrases");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("phrases", unknown.Error);
    }

    /// <summary>
    /// A small stanfordSentimentTreebank.zip: 10 train sentences (6 positive, 4 negative), 4 dev, 4 test; every
    /// sentence's phrase in dictionary.txt, with values far from the thresholds.
    /// </summary>
    private static byte[] TreebankZip()
    {
        string[] positive = ["a gripping , funny film .", "warm and wise .", "a delight .", "sharp , moving work .", "simply great .", "a joy to watch ."];
        string[] negative = ["a dull mess .", "tedious and flat .", "a bore .", "clumsy , lifeless work ."];
        var rows = new List<(string Text, int Split, double Value)>();
        rows.AddRange(positive.Select(t => (t, 1, 0.9)));
        rows.AddRange(negative.Select(t => (t, 1, 0.1)));
        rows.AddRange(new[] { ("good fun .", 3, 0.8), ("pure tedium .", 3, 0.2), ("lovely .", 3, 0.95), ("awful .", 3, 0.05) });
        rows.AddRange(new[] { ("great fun .", 2, 0.85), ("a dull bore .", 2, 0.15), ("wise and warm .", 2, 0.9), ("flat .", 2, 0.1) });

        var sentences = new StringBuilder("sentence_index\tsentence\n");
        var split = new StringBuilder("sentence_index,splitset_label\n");
        var dictionary = new StringBuilder();
        var labels = new StringBuilder("phrase ids|sentiment values\n");
        for (var i = 0; i < rows.Count; i++)
        {
            sentences.Append($"{i + 1}\t{rows[i].Text}\n");
            split.Append($"{i + 1},{rows[i].Split}\n");
            dictionary.Append($"{rows[i].Text}|{i}\n");
            labels.Append(FormattableString.Invariant($"{i}|{rows[i].Value}\n"));
        }
        using var bytes = new MemoryStream();
        using (var zip = new ZipArchive(bytes, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in new[] { ("datasetSentences.txt", sentences), ("datasetSplit.txt", split), ("dictionary.txt", dictionary), ("sentiment_labels.txt", labels) })
            {
                using var writer = new StreamWriter(zip.CreateEntry($"stanfordSentimentTreebank/{name}").Open(), new UTF8Encoding(false));
                writer.Write(text.ToString());
            }
        }
        return bytes.ToArray();
    }
}
