using Safr.Kit.Data;
using Safr.Kit.Runs;
using Safr.Kit.Sweeps;

namespace Safr.Kit.Tests.Sweeps;

/// <summary>Sweep specs: the schema, the cells they expand to, and one clear line per mistake, naming the file, line and field.</summary>
public class SweepSpecTests
{
    private const string Minimal = """
        {
          "datasets": ["sst2"],
          "grid": { "imp": [0, 1], "inter": [0, 1] },
          "seeds": [0, 1, 2],
          "output": "out"
        }
        """;

    [Fact]
    public void TheCommittedExampleIsTheAblationGridOnSst2()
    {
        var file = Path.Combine(Checkout.RepositoryRoot, "sweeps", "sst2-ablations.json");
        var spec = SweepSpec.Load(file);
        Assert.Equal("sst2-ablations", spec.Name);
        Assert.Equal([Datasets.Sst2], spec.Datasets);
        Assert.Equal(12, spec.Cells.Count);
        Assert.Equal(RunMode.Fast, spec.Template.Mode);
        Assert.Equal(Path.Combine(Checkout.RepositoryRoot, "runs", "sweeps", "sst2-ablations"), spec.Output);  // relative to the spec's folder
    }

    public static TheoryData<string> CommittedSpecs() =>
        [.. Directory.GetFiles(Path.Combine(Checkout.RepositoryRoot, "sweeps"), "*.json", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Checkout.RepositoryRoot, f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CommittedSpecs))]
    public void EveryCommittedSpecReadsAndThoseForThisMachineWriteUnderRuns(string relativePath)
    {
        var spec = SweepSpec.Load(Path.Combine(Checkout.RepositoryRoot, relativePath));
        Assert.NotEmpty(spec.Cells);
        if (Path.GetDirectoryName(relativePath) == "sweeps")  // sweeps/h200 ran on a GPU machine, into its own folder
            Assert.StartsWith(Path.Combine(Checkout.RepositoryRoot, "runs") + Path.DirectorySeparatorChar, spec.Output);
    }

    [Fact]
    public void TheFrontierSpecsAreTheIssuesGrids()
    {
        (double Imp, double Inter)[] Arms(string name) =>
            [.. SweepSpec.Load(Path.Combine(Checkout.RepositoryRoot, "sweeps", name)).Arms.Select(a => (a.LambdaImportance, a.LambdaInteraction))];
        Assert.Equal([(0.1, 1), (0.3, 1), (3, 1), (1, 0.3), (1, 3), (1, 10)], Arms("frontier-sst2.json"));
        Assert.Equal([(0.1, 1), (0.3, 1)], Arms("frontier-agnews.json"));
        Assert.Equal([(0.1, 1), (0.3, 1)], Arms("frontier-imdb.json"));
    }

    [Fact]
    public void CellsAreDatasetThenArmThenSeedNumberedFromZero()
    {
        var spec = Parse("""
            { "datasets": ["sst2", "imdb"], "grid": { "imp": [0, 0.5], "inter": [0, 1] }, "seeds": [7, 3], "output": "o" }
            """);
        var cells = spec.Cells;
        Assert.Equal(2 * 4 * 2, cells.Count);
        Assert.Equal(Enumerable.Range(0, 16), cells.Select(c => c.Index));
        Assert.Equal(["baseline", "interaction only", "imp0.5-inter0", "imp0.5-inter1"], spec.Arms.Select(a => a.Name));
        Assert.Equal(
            [("sst2", 0.0, 0.0, 7), ("sst2", 0.0, 0.0, 3), ("sst2", 0.0, 1.0, 7), ("sst2", 0.0, 1.0, 3)],
            cells.Take(4).Select(c => (c.Dataset, c.Spec.LambdaImportance, c.Spec.LambdaInteraction, c.Seed)));
        Assert.Equal(("imdb", "baseline", 7), (cells[8].Dataset, cells[8].ArmName, cells[8].Seed));
        Assert.Equal(("imdb", "imp0.5-inter1", 3), (cells[15].Dataset, cells[15].ArmName, cells[15].Seed));
        Assert.Equal(cells[5], spec.Cell(5));
        Assert.Contains("numbered 0 to 15; there is no cell 16", Assert.Throws<InputException>(() => spec.Cell(16)).Message);
    }

    [Fact]
    public void NamedArmsKeepTheirOrderAndNamesAndTheDefaultsAreThePapers()
    {
        var spec = Parse("""
            {
              // comments and trailing commas are allowed
              "name": "mine",
              "datasets": ["agnews-reduced"],
              "arms": [ { "name": "SAFR", "imp": 1, "inter": 1 }, { "name": "base", "imp": 0, "inter": 0 }, ],
              "seeds": [0],
              "output": "/tmp/somewhere",
            }
            """);
        Assert.Equal("mine", spec.Name);
        Assert.Equal([("SAFR", 1.0, 1.0), ("base", 0.0, 0.0)], spec.Arms.Select(a => (a.Name, a.LambdaImportance, a.LambdaInteraction)));
        // Everything else is the paper's: a RunSpec's defaults.
        Assert.Equal(new RunSpec(), spec.Template);
        Assert.Equal([new RunSpec { Name = "SAFR", LambdaImportance = 1, LambdaInteraction = 1 }, new RunSpec { Name = "base" }], spec.Arms);
        Assert.Equal("/tmp/somewhere", spec.Output);
    }

    [Fact]
    public void EveryFieldIsRead()
    {
        var spec = Parse("""
            { "datasets": ["imdb"], "arms": [{ "name": "a", "imp": 0.25, "inter": 2 }], "seeds": [4], "mode": "FAST", "tokenizer": "gpt2",
              "epochs": 2, "patience": 1, "dataFraction": 0.05, "maxLength": 64, "batchSize": 8, "learningRate": 3e-4, "faithfulnessExamples": 0,
              "device": "cuda:1", "description": "a note", "output": "o" }
            """, "/specs/x.json");
        var t = spec.Template;
        Assert.Equal((RunMode.Fast, "gpt2", 2, 1, 0.05, (int?)64, 8, 3e-4, 0, "cuda:1", "a note", "x", "/specs/o"),
            (t.Mode, t.Tokenizer, t.Epochs, t.Patience, t.DataFraction, t.MaxLength, t.BatchSize, t.LearningRate, t.FaithfulnessExamples,
             t.Device, spec.Description, spec.Name, spec.Output));
    }

    [Fact]
    public void EveryRunFieldButTheCellsOwnIsASweepFieldAndAnArmMayVaryIt()
    {
        // A field added to RunSpec is a sweep field with no change to the reader: each is read by its sweep name.
        var varied = RunFields.All.Where(f => f.Name is not ("dataset" or "seed" or "name" or "data" or "dev-data" or "test-data" or "text-column" or "label-column")).ToArray();
        Assert.Contains(varied, f => f.JsonName == "maxLength");  // the loop below reads fields, not an empty list
        Assert.True(varied.Length >= 14, $"only {varied.Length} run fields found");
        foreach (var field in varied)
        {
            var value = field.Type == typeof(bool) ? "true" : field.Name switch
            {
                "mode" => "\"fast\"", "precision" => "\"bf16\"", "tokenizer" => "\"gpt2\"", "device" => "\"cuda\"", "sst2-source" => "\"trees\"",
                "data-fraction" => "0.5", "learning-rate" => "0.001", "max-length" => "64",
                _ => "7",
            };
            var spec = Parse($$"""{ "datasets": ["sst2"], "arms": [{ "name": "a", "imp": 1, "inter": 1, "{{field.JsonName}}": {{value}} }], "seeds": [0], "output": "o", "{{field.JsonName}}": {{value}} }""");
            Assert.Equal(field.Get(spec.Template), field.Get(spec.Arms[0]));
            Assert.NotEqual(field.Get(new RunSpec()), field.Get(spec.Template));
            Assert.Equal(field.Get(spec.Template), field.Get(spec.Cells[0].Spec));
        }
    }

    [Fact]
    public void ASpecWrittenOutReadsBackAsTheSameSweep()
    {
        var spec = Parse("""
            { "datasets": ["sst2"], "grid": { "imp": [0, 0.1], "inter": [0, 1] }, "seeds": [0, 1], "mode": "fast", "dataFraction": 0.3, "maxLength": 50,
              "batchSize": 16, "learningRate": 2e-4, "output": "o" }
            """);
        var again = SweepSpec.Parse(spec.ToJson(), "/elsewhere/spec.json");
        Assert.Null(spec.FirstDifference(again));
        Assert.Equal((16, 2e-4), (again.Template.BatchSize, again.Template.LearningRate));
        Assert.Equal("batchSize", spec.FirstDifference(spec with { Template = spec.Template with { BatchSize = 32 }, Arms = [.. spec.Arms.Select(a => a with { BatchSize = 32 })] }));
        Assert.Equal("learningRate", spec.FirstDifference(spec with { Arms = [.. spec.Arms.Select(a => a with { LearningRate = 1e-4 })] }));
        Assert.Equal(spec.Cells, again.Cells);
        Assert.Equal(spec.Output, again.Output);  // written absolute
        Assert.Equal("seeds", spec.FirstDifference(spec with { Seeds = [0] }));
        Assert.Equal("epochs", spec.FirstDifference(spec with { Arms = [.. spec.Arms.Select(a => a with { Epochs = 3 })] }));
        Assert.Null(spec.FirstDifference(spec with { Name = "other", Output = "/x" }));
    }

    [Theory]
    [InlineData("""{ "datasets": ["sst2"], "grid": { "imp": [0], "inter": [0] }, "seeds": [0], "output": "o", "seed": 1 }""", 1, "\"seed\": unknown field; a sweep spec has name, description, datasets")]
    [InlineData("{\n  \"datasets\": [\"sst2\", \"mnist\"],\n  \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"output\": \"o\" }", 2, "\"datasets[1]\": unknown dataset \"mnist\": expected one of sst2, agnews, agnews-reduced, imdb")]
    [InlineData("{ \"datasets\": [\"sst2\"],\n \"grid\": { \"imp\": [0],\n \"inter\": [0, -1] },\n \"seeds\": [0], \"output\": \"o\" }", 3, "\"grid.inter[1]\": must be a finite non-negative number, got -1")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0] }, \"seeds\": [0], \"output\": \"o\" }", 1, "\"grid\": \"inter\" is missing")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"seeds\": [0], \"output\": \"o\" }", 1, "no arms: give \"grid\"")]
    [InlineData("{ \"datasets\": [\"sst2\"],\n \"grid\": { \"imp\": [0], \"inter\": [0] },\n \"arms\": [], \"seeds\": [0], \"output\": \"o\" }", 3, "\"arms\": give either \"grid\" or \"arms\", not both")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"arms\": [\n { \"name\": \"a\", \"imp\": 0, \"inter\": 0 },\n { \"name\": \"b\", \"imp\": 0, \"inter\": 0 }],\n \"seeds\": [0], \"output\": \"o\" }", 3, "\"arms[1]\": arm \"a\" already has lambda_imp 0 and lambda_inter 0")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"arms\": [{ \"name\": \"a\", \"imp\": 0 }], \"seeds\": [0], \"output\": \"o\" }", 1, "\"arms[0]\": \"inter\" (lambda_inter) is missing")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] },\n \"seeds\": [0, 1.5], \"output\": \"o\" }", 2, "\"seeds[1]\": expected a seed: a whole number, 0 or more")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [2, 2], \"output\": \"o\" }", 1, "\"seeds[1]\": seed 2 is listed twice")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0],\n \"mode\": \"quick\", \"output\": \"o\" }", 2, "\"mode\": expected paper or fast")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"tokenizer\": \"bert\", \"output\": \"o\" }", 1, "\"tokenizer\": unknown tokenizer \"bert\": expected one of whitespace, gpt2")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"dataFraction\": 0, \"output\": \"o\" }", 1, "\"dataFraction\": must be in (0, 1], got 0")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"epochs\": \"8\", \"output\": \"o\" }", 1, "\"epochs\": expected a whole number")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0],\n \"learningRate\": 0, \"output\": \"o\" }", 2, "\"learningRate\": must be positive, got 0")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"batchSize\": 0, \"output\": \"o\" }", 1, "\"batchSize\": must be at least 1, got 0")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0] }", 1, "\"output\" is missing")]
    [InlineData("{ \"datasets\": [\"sst2\"], \"grid\": { \"imp\": [0], \"inter\": [0] }, \"seeds\": [0], \"device\": \"tpu\", \"output\": \"o\" }", 1, "\"device\": expected cpu, cuda or cuda:N, got \"tpu\"")]
    [InlineData("[1, 2]", 1, "a sweep spec is a JSON object")]
    [InlineData("{ \"datasets\": [\"sst2\"],\n \"seeds\": [0,, 1] }", 2, "not valid JSON")]
    public void AMistakeIsOneLineNamingTheFileTheLineAndTheField(string json, int line, string expected)
    {
        var e = Assert.Throws<DataFormatException>(() => SweepSpec.Parse(json, "/specs/bad.json"));
        Assert.Equal(("/specs/bad.json", line), (e.FilePath, e.Line));
        Assert.StartsWith($"/specs/bad.json:{line}: ", e.Message);
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.IsAssignableFrom<IInputError>(e);
    }

    [Fact]
    public void AMissingFileOrAFolderIsAnInputError()
    {
        using var folder = new TempFolder();
        Assert.IsAssignableFrom<IInputError>(Assert.Throws<InputException>(() => SweepSpec.Load(folder.Path)));
        Assert.Throws<FileNotFoundException>(() => SweepSpec.Load(folder["none.json"]));
    }

    private static SweepSpec Parse(string json, string file = "/specs/sweep.json") => SweepSpec.Parse(json, file, Path.GetDirectoryName(file));
}
