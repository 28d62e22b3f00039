using System.Text.Json;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>
/// Every merged sweep committed under results/ reads back: its summary is the one its results give (so neither was
/// edited by hand or merged from other cells), its manifest counts exactly the cells its table holds, and every cell of
/// its spec finished (a table of some seeds is not the table its spec describes).
/// </summary>
public class CommittedResultsTests
{
    private static string[] FolderNames()
    {
        var root = Path.Combine(Checkout.RepositoryRoot, "results");
        return [.. Directory.EnumerateFiles(root, ResultsFolder.RecordsFileName, SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(root, Path.GetDirectoryName(file)!)).Order(StringComparer.Ordinal)];
    }

    public static TheoryData<string> Folders() => new(FolderNames());

    /// <summary>The one frontier the runs of these committed folders form together (as notebook 08 joins them).</summary>
    private static Frontier CommittedFrontier(params string[] folders) =>
        Assert.Single(folders.SelectMany(folder => ResultsFolder.Load(Path.Combine(Checkout.RepositoryRoot, "results", folder))).Frontiers());

    [Fact]
    public void ResultsHoldTheSweepsTheNotebooksRead()
    {
        var folders = FolderNames();
        // Notebook 02 reads these two, 03 agnews, 04 sst2-ablations, 06 imdb, and 08 those beside the three frontier sweeps.
        Assert.Contains(Path.Combine("h200", "sst2-paper"), folders);
        Assert.Contains(Path.Combine("h200", "sst2-fast"), folders);
        Assert.Contains("agnews", folders);
        Assert.Contains("sst2-ablations", folders);
        Assert.Contains("imdb", folders);
        Assert.Contains("frontier-sst2", folders);
        Assert.Contains("frontier-agnews", folders);
        Assert.Contains("frontier-imdb", folders);
    }

    [Theory]
    [MemberData(nameof(Folders))]
    public void ACommittedSweepReadsBackWithItsOwnSummaryAndManifest(string folder)
    {
        var path = Path.Combine(Checkout.RepositoryRoot, "results", folder);
        var records = ResultsFolder.Load(path);  // throws if summary.csv is not the one records.jsonl gives
        Assert.NotEmpty(records);
        // results.csv too is byte for byte the table the records give, so the CSV writer has not drifted from what was committed.
        Assert.Equal(FrameCsv.ToCsv(records.Frame()), File.ReadAllText(Path.Combine(path, ResultsFolder.ResultsFileName)));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(path, SweepMerge.ManifestFileName)));
        var finished = manifest.RootElement.GetProperty("cells").EnumerateArray().Where(c => c.GetProperty("finished").GetBoolean())
            .Select(c => (c.GetProperty("dataset").GetString(), c.GetProperty("imp").GetDouble(), c.GetProperty("inter").GetDouble(), c.GetProperty("seed").GetInt32())).ToArray();
        Assert.Equal(finished, records.Select(r => ((string?)r.Spec.DatasetName, r.Spec.LambdaImportance, r.Spec.LambdaInteraction, r.Spec.Seed)));
        Assert.Equal(finished.Length, manifest.RootElement.GetProperty("finished").GetInt32());
        Assert.Equal(manifest.RootElement.GetProperty("cellCount").GetInt32(), finished.Length);
        // Every run is the run its sweep's spec describes.
        var spec = SweepSpec.Parse(manifest.RootElement.GetProperty("spec").GetRawText(), "manifest.json", path, datasets: null);
        Assert.Equal(spec.Cells.Select(c => c.Spec), records.Select(r => r.Spec));
        Assert.All(records, r => Assert.True(double.IsFinite(r.TestAccuracy) && r.TestAccuracy is > 0 and <= 1, $"{r}: accuracy {r.TestAccuracy}"));
    }

    [Fact]
    public void TheSst2FrontierCellsJoinTheAblationCellsAsOneFrontierAroundOneBaseline()
    {
        // The frontier sweep left out the configurations the ablation ran (baseline, lambda_imp 0 and 1 at lambda_inter 1):
        // the two folders' runs must be the same configurations but for their lambdas to be compared with one baseline.
        var frontier = CommittedFrontier("sst2-ablations", "frontier-sst2");
        (double, double)[] expected = [(0, 0), (1, 0), (0, 1), (0.1, 1), (0.3, 1), (1, 1), (3, 1), (1, 0.3), (1, 3), (1, 10)];
        Assert.Equal(expected.Order(), frontier.Points.Select(p => (p.LambdaImportance, p.LambdaInteraction)).Order());
        Assert.All(frontier.Points, p => Assert.Equal(5, p.Summary.Runs));
        Assert.All(frontier.Points.Where(p => !p.IsBaseline), p => Assert.Equal(5, p.AccuracyTest!.Pairs));
    }

    [Fact]
    public void TheAgNewsFrontierCellsJoinTheCommittedBaselineAndSafr()
    {
        var frontier = CommittedFrontier("agnews", "frontier-agnews");
        (double, double)[] expected = [(0, 0), (0.1, 1), (0.3, 1), (1, 1)];
        Assert.Equal(expected.Order(), frontier.Points.Select(p => (p.LambdaImportance, p.LambdaInteraction)).Order());
        Assert.Equal(5, frontier.Baseline.Summary.Runs);
        // The frontier's arms ran seeds 0-2: each is paired with the baseline's seeds 0-2.
        Assert.All(frontier.Points.Where(p => p.LambdaImportance is 0.1 or 0.3), p => Assert.Equal(3, p.AccuracyTest!.Pairs));
    }

    [Fact]
    public void TheImdbFrontierCellsJoinTheCommittedBaselineAndSafr()
    {
        // Both folders train on the same seeded quarter of IMDB: a frontier cell of another fraction would not share the baseline.
        var frontier = CommittedFrontier("imdb", "frontier-imdb");
        (double, double)[] expected = [(0, 0), (0.1, 1), (0.3, 1), (1, 1)];
        Assert.Equal(expected.Order(), frontier.Points.Select(p => (p.LambdaImportance, p.LambdaInteraction)).Order());
        Assert.All(frontier.Points, p => Assert.Equal(3, p.Summary.Runs));
        Assert.All(frontier.Points.Where(p => !p.IsBaseline), p => Assert.Equal(3, p.AccuracyTest!.Pairs));
    }
}
