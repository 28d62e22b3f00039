using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Safr.Notebooks.Tests;

/// <summary>
/// Every committed notebook runs to its end in a smoke configuration (one epoch, one seed, all of the committed samples in
/// data/samples, a few hundred generated records per dataset: no data from outside the checkout), through
/// <c>safr notebooks run</c> in a process of its own against this checkout's Safr.Kit packed into a temp feed, and
/// writes a valid notebook with no error and at least one result. <c>./safr test</c> runs these; a quick local run
/// can leave them out with <c>--filter Category!=NotebookSmoke</c>.
/// </summary>
[Collection(NotebookSmokeCollection.Name)]
[Trait("Category", NotebookSmokeCollection.Category)]
public sealed partial class CommittedNotebookSmokeTests(PackedKit kit, ITestOutputHelper log)
{
    /// <summary>The smoke values; each is given only where the notebook declares it, since the runner rejects a parameter a notebook does not declare.</summary>
    public static readonly IReadOnlyList<(string Name, string Value)> SmokeParameters = [("epochs", "1"), ("seeds", "1"), ("dataFraction", "1.0")];

    [Theory]
    [MemberData(nameof(CommittedNotebookParameterTests.Notebooks), MemberType = typeof(CommittedNotebookParameterTests))]
    public void RunsToItsEndInTheSmokeConfiguration(string notebook)
    {
        var path = Path.Combine(SafrCommand.RepositoryRoot, "notebooks", notebook);
        var declared = DeclaredParameters(path);
        var smoke = SmokeParameters.Where(p => declared.Contains(p.Name)).ToArray();
        // A notebook that trains nothing (it reads committed results) runs in full: that is its smoke run.
        Assert.True(smoke.Length > 0 || !Trains(path),
            $"{notebook} trains but declares none of the smoke parameters ({string.Join(", ", SmokeParameters.Select(p => p.Name))}), so its smoke run would be a full run");

        var output = kit.NewFolder("executed-" + Path.GetFileNameWithoutExtension(notebook));
        List<string> args = ["run", path, "--out", output, "--feed", kit.Feed];
        foreach (var (name, value) in smoke) args.AddRange(["-p", $"{name}={value}"]);
        var run = SafrCommand.Notebooks(args, kit.Environment, TimeSpan.FromMinutes(20));
        log.WriteLine(run.ToString());
        PackedKit.Record($"notebook {Path.GetFileNameWithoutExtension(notebook)}", run.Elapsed);
        Assert.True(run.ExitCode == 0, run.ToString());

        var written = CleanRun.AssertWrittenCleanly(Path.Combine(output, notebook));
        // The feed the runner added (a folder of this machine; the committed notebooks name none) is not among the saved outputs.
        Assert.DoesNotContain("Restore sources", File.ReadAllText(Path.Combine(output, notebook)), StringComparison.Ordinal);
        // The smoke values really went in: the runner's injected-parameters cell assigns each of them.
        var injected = written.Cells.Select(c => c!.AsObject()).Where(c => Tags(c).Contains(ParameterInjection.InjectedTag)).ToArray();
        if (smoke.Length == 0)
        {
            Assert.Empty(injected);  // a full run: nothing was injected
            return;
        }
        var source = ExecutedNotebook.Text(Assert.Single(injected)["source"]);
        Assert.All(smoke, p => Assert.Contains($"{p.Name} = ", source));
    }

    [Fact]
    public void OnlyANotebookThatTrainsNothingRunsWithoutSmokeValues()
    {
        var notebooks = Directory.GetFiles(Path.Combine(SafrCommand.RepositoryRoot, "notebooks"), "*.ipynb");
        var resultsOnly = notebooks.Where(path => !Trains(path)).Select(path => Path.GetFileName(path)).ToArray();
        Assert.Equal(new[] { "08-frontier.ipynb" }, resultsOnly);  // the check sees training where there is some: 01-07 train
        Assert.True(Trains(Path.Combine(SafrCommand.RepositoryRoot, "notebooks", "02-sst2.ipynb")));
    }

    /// <summary>Whether a code cell trains a model: through an Experiment, a trainer, a sweep or the planted demo.</summary>
    private static bool Trains(string path) =>
        new ExecutedNotebook(path).CodeCells.Any(c => TrainingCall().IsMatch(ExecutedNotebook.Text(c["source"])));

    [GeneratedRegex(@"\.(Train|Run|Fit)\(|new SafrTrainer\(|PlantedDemo\.|\bSweep\b")]
    private static partial Regex TrainingCall();

    /// <summary>What the cell tagged parameters declares, read as the runner reads it.</summary>
    private static IReadOnlySet<string> DeclaredParameters(string path)
    {
        var parameters = new ExecutedNotebook(path).CodeCells.FirstOrDefault(c => Tags(c).Contains(ParameterInjection.ParametersTag));
        Assert.True(parameters is not null, $"{path} has no cell tagged {ParameterInjection.ParametersTag}");
        return ParameterInjection.Declared(ExecutedNotebook.Text(parameters["source"])).Keys.ToHashSet(StringComparer.Ordinal);
    }

    private static string[] Tags(JsonObject cell) =>
        cell["metadata"]?["tags"] is JsonArray tags ? tags.Select(t => (string?)t ?? "").ToArray() : [];
}
