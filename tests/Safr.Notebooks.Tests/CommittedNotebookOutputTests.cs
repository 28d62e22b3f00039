using System.Text.RegularExpressions;

namespace Safr.Notebooks.Tests;

/// <summary>
/// A committed notebook's outputs are what a reader should see: none names a folder of the machine that ran it (the
/// runner's feed, a cache, a checkout), and the runner leaves the feeds it added itself out of the restore sources.
/// </summary>
public sealed partial class CommittedNotebookOutputTests
{
    [Fact]
    public void NoCommittedOutputNamesAFolderOfTheMachineThatRanIt()
    {
        var found = new List<string>();
        var notebooks = Directory.GetFiles(Path.Combine(Checkout.RepositoryRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
        Assert.True(notebooks.Length >= 7, $"only {notebooks.Length} notebooks found");
        var outputs = 0;
        foreach (var path in notebooks)
        {
            var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
            for (var i = 0; i < cells.Count; i++)
            {
                foreach (var output in cells[i]!["outputs"]?.AsArray() ?? [])
                {
                    outputs++;
                    foreach (Match m in MachineFolder().Matches(output!.ToJsonString()))
                        found.Add($"{Path.GetFileName(path)} cell {i + 1}: {m.Value}");
                }
            }
        }
        Assert.True(outputs > 50, $"only {outputs} outputs read: the check would compare almost nothing");
        Assert.True(found.Count == 0, string.Join("\n", found.Distinct()));
    }

    [Fact]
    public void TheCheckFindsAFolderAndTheRunnerDropsItsOwnFeeds()
    {
        Assert.Matches(MachineFolder(), "\"text\": [\"loaded from /root/.cache/safr/x.so\"]");
        Assert.Matches(MachineFolder(), "<span> /work/main/artifacts/feed</span>");
        Assert.DoesNotMatch(MachineFolder(), "https://cdn.plot.ly/plotly-2.35.3.min.js and ../results/sst2-ablations");
        const string restored = "<div><div><strong>Restore sources</strong><ul><li><span> /tmp/k/feed</span></li></ul></div><div></div><div><strong>Installed Packages</strong></div></div>";
        Assert.Equal("<div><div></div><div><strong>Installed Packages</strong></div></div>", RunnerFeeds.WithoutFeeds(restored, ["/tmp/k/feed"]));
        const string own = "<div><strong>Restore sources</strong><ul><li><span> https://my.feed/v3</span></li><li><span> /tmp/k/feed</span></li></ul></div>";
        Assert.Equal("<div><strong>Restore sources</strong><ul><li><span> https://my.feed/v3</span></li></ul></div>", RunnerFeeds.WithoutFeeds(own, ["/tmp/k/feed"]));
    }

    /// <summary>An absolute path under the folders machines keep checkouts, homes, caches and temp files in.</summary>
    [GeneratedRegex(@"(?<![\w.])/(?:work|home|root|tmp|Users|var/folders)/[^\s""'<\\)]+")]
    private static partial Regex MachineFolder();
}
