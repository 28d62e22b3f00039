namespace Safr.Notebooks.Tests;

/// <summary>
/// The notebooks hold what a researcher reads (configure, run, look); shared logic lives in Safr.Kit. So no code
/// cell of more than <see cref="MaxSharedLines"/> lines of code (usings, comments and #r/#i lines aside) appears in two
/// notebooks: one-line calls of the kit such as <c>experiment.Train(ExperimentArm.Safr(), ...)</c> may repeat, and so
/// may the cells tagged "parameters", which hold values only.
/// </summary>
public sealed class CommittedNotebookCellTests
{
    private const int MaxSharedLines = 3;

    private sealed record Cell(string Notebook, string Source, bool IsParameters);

    [Fact]
    public void NoCodeCellIsRepeatedAcrossNotebooks()
    {
        var folder = Path.Combine(Checkout.RepositoryRoot, "notebooks");
        var cells = Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal)
            .SelectMany(path => CodeCells(Path.GetFileName(path), File.ReadAllText(path)))
            .ToArray();
        Assert.True(cells.Length > 30, $"only {cells.Length} code cells found under {folder}");
        Assert.Equal(Directory.GetFiles(folder, "*.ipynb").Length, cells.Count(c => c.IsParameters));  // one per notebook
        Assert.Empty(Repeated(cells));
    }

    [Fact]
    public void TheCheckFindsALongCellCopiedIntoAnotherNotebookButNotShortCallsOrPackageReferences()
    {
        const string logic = "var a = 1;\nvar b = 2;\nvar c = a + b;\nc";
        Cell[] cells =
        [
            new("a", "#r \"nuget: Safr.Kit\"\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\n// the engine\n#r \"nuget: X\"", false),
            new("b", "#r \"nuget: Safr.Kit\"\n#r \"nuget: TorchSharp-cpu, 0.107.0\"\n// the engine\n#r \"nuget: X\"", false),
            new("a", logic, false), new("b", logic, false),
            new("a", "using X;\nvar x = Train(1);", false), new("b", "using X;\nvar x = Train(1);", false),
            new("a", "var epochs = 1;\nvar seeds = 2;\nvar fraction = 1.0;\nvar device = \"cpu\";", true),
            new("b", "var epochs = 1;\nvar seeds = 2;\nvar fraction = 1.0;\nvar device = \"cpu\";", true),
        ];
        Assert.Equal(["var a = 1; (in a, b)"], Repeated(cells));
    }

    private static string[] Repeated(IEnumerable<Cell> cells) =>
        [.. cells.Where(c => !c.IsParameters && CodeLines(c.Source) > MaxSharedLines)
            .GroupBy(c => c.Source.Trim())
            .Where(g => g.Select(c => c.Notebook).Distinct().Count() > 1)
            .Select(g => $"{g.Key.Split('\n')[0]} (in {string.Join(", ", g.Select(c => c.Notebook).Distinct())})")];

    private static int CodeLines(string source) =>
        source.Split('\n').Select(l => l.Trim()).Count(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal)
            && !l.StartsWith("#r ", StringComparison.Ordinal) && !l.StartsWith("#i ", StringComparison.Ordinal) && !l.StartsWith("using ", StringComparison.Ordinal));

    private static IEnumerable<Cell> CodeCells(string notebook, string json) =>
        JsonNode.Parse(json)!["cells"]!.AsArray()
            .Where(c => (string?)c!["cell_type"] == "code")
            .Select(c => new Cell(notebook, string.Concat(c!["source"]!.AsArray().Select(l => (string?)l)),
                c["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true));
}
