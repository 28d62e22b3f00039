using System.Globalization;
using System.Text.RegularExpressions;

namespace Safr.Notebooks.Tests;

/// <summary>
/// This checkout's Safr.Kit, packed once per test run by <c>./safr pack FEED</c> into a temp feed, for the notebook
/// smoke tests. The kernel restores it into NuGet's global packages folder like any package; the feed is deleted with the fixture.
/// </summary>
public sealed partial class PackedKit : IDisposable
{
    private readonly TempFolder temp = new();

    public PackedKit()
    {
        Feed = temp["feed"];
        var run = SafrCommand.Script(["pack", Feed], TimeSpan.FromMinutes(10));
        if (run.ExitCode != 0) throw new InvalidOperationException($"packing Safr.Kit failed\n{run}");
        Version = Packed().Match(run.Output) is { Success: true } match
            ? match.Groups[1].Value
            : throw new InvalidOperationException($"./safr pack did not say which version it packed\n{run}");
        var nupkg = Path.Combine(Feed, $"Safr.Kit.{Version}.nupkg");
        if (!File.Exists(nupkg)) throw new InvalidOperationException($"./safr pack said it packed {Version}, but {nupkg} is not there\n{run}");
        Record("pack Safr.Kit", run.Elapsed);
    }

    /// <summary>The feed folder holding Safr.Kit.VERSION.nupkg and nothing else.</summary>
    public string Feed { get; }

    /// <summary>The packed version, 0.1.0-local.TIMESTAMP.</summary>
    public string Version { get; }

    /// <summary>A new empty folder for one test's notebooks.</summary>
    public string NewFolder(string name)
    {
        var folder = temp[name];
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>
    /// The runner's environment: no SAFR_FEED inherited from the caller (a feed with a higher Safr.Kit version there
    /// would win over this checkout's).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["SAFR_FEED"] = null,
    };

    /// <summary>
    /// Appends "WHAT SECONDS" to the file SAFR_TEST_TIMES names, when it names one: ./safr test prints these under the
    /// tests phase, so the phase report still says what the notebooks cost.
    /// </summary>
    public static void Record(string what, TimeSpan elapsed)
    {
        if (System.Environment.GetEnvironmentVariable("SAFR_TEST_TIMES") is not { Length: > 0 } file) return;
        File.AppendAllText(file, string.Create(CultureInfo.InvariantCulture, $"{what} {elapsed.TotalSeconds:F1}\n"));
    }

    public void Dispose() => temp.Dispose();

    [GeneratedRegex(@"^packed Safr\.Kit (\S+) into ", RegexOptions.Multiline)]
    private static partial Regex Packed();
}

/// <summary>
/// The notebook smoke tests: one packed Safr.Kit for all of them, and run alone, after the assembly's other tests,
/// so a heavy notebook does not starve their timing; each notebook still runs in its own process.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotebookSmokeCollection : ICollectionFixture<PackedKit>
{
    public const string Name = "notebook smoke";

    /// <summary>The trait that selects them: <c>dotnet test --filter Category!=NotebookSmoke</c> leaves them out of a quick run.</summary>
    public const string Category = "NotebookSmoke";
}
