using System.Text.Json.Nodes;
using Safr.Kit.Data;

namespace Safr.Cli.Tests;

/// <summary>
/// One error contract for every command: a user's mistake or a bad file is one line naming it and exit 2, with no
/// stack trace; a bug in the kit is its stack trace, a line saying it is a bug, and exit 70.
/// </summary>
public sealed class ErrorContractTests
{
    private static string OldRunModel => Path.Combine(Checkout.RepositoryRoot, "tests", "Safr.Kit.Tests", "Fixtures", "pre-torchsharp-run", "model");

    private static void AssertInputError(CliRun run, string command, params string[] mentions)
    {
        Assert.True(run.ExitCode == 2, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("safr: TorchSharp's", StringComparison.Ordinal)).ToArray();
        Assert.True(lines.Length == 1, $"expected one line, got:\n{run.Error}");
        Assert.StartsWith($"safr {command}: ", lines[0]);
        foreach (var mention in mentions) Assert.Contains(mention, lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    private static string CopyOfModel(string root)
    {
        var target = Path.Combine(root, "model");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(OldRunModel)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [Fact]
    public void ABugIsReportedAsABugWithItsTrace()
    {
        var error = new StringWriter();
        var code = CliErrors.Run("evaluate", () => throw new InvalidOperationException("the kit broke"), error);
        Assert.Equal(CliErrors.Bug, code);
        Assert.Contains("   at ", error.ToString());  // the stack trace
        Assert.Contains("safr evaluate: this is a bug in Safr.Kit", error.ToString());
        Assert.Contains("InvalidOperationException: the kit broke", error.ToString());
    }

    [Fact]
    public void ABadFileIsOneLineAndExitTwoInProcess()
    {
        var error = new StringWriter();
        var code = CliErrors.Run("train", () => throw new DataFormatException("data/train.tsv", 7, "label 'x' is not 0 or 1"), error);
        Assert.Equal(CliErrors.InputError, code);
        Assert.Equal("safr train: data/train.tsv:7: label 'x' is not 0 or 1", error.ToString().TrimEnd());
    }

    [Fact]
    public void ACorruptSafetensorsFileIsNamed()
    {
        using var scratch = new TempFolder("safr-cli-corrupt-st-");
        var root = scratch.Path;
        var model = CopyOfModel(root);
        var weights = Path.Combine(model, "model.safetensors");
        File.WriteAllBytes(weights, [.. File.ReadAllBytes(weights).Take(100)]);  // truncated
        AssertInputError(SafrProcess.Run("evaluate", model), "evaluate", weights, "not a valid safetensors file");
        AssertInputError(SafrProcess.Run("probe", model, "a film"), "probe", weights);

        var fixtures = Path.Combine(root, "fixtures");
        Directory.CreateDirectory(fixtures);
        foreach (var file in Directory.GetFiles(Checkout.OfficialFixtures)) File.Copy(file, Path.Combine(fixtures, Path.GetFileName(file)));
        File.WriteAllBytes(Path.Combine(fixtures, "regularizers.safetensors"), [1, 2, 3]);
        AssertInputError(SafrProcess.Run("parity", fixtures), "parity", "regularizers.safetensors");
    }

    [Fact]
    public void ABrokenManifestOrVocabularyIsNamedWithItsLine()
    {
        using var scratch = new TempFolder("safr-cli-corrupt-manifest-");
        var root = scratch.Path;
        var model = CopyOfModel(root);
        var manifest = Path.Combine(model, "manifest.json");
        var original = File.ReadAllText(manifest);
        File.WriteAllText(manifest, original.Replace("\"epoch\": 2", "\"epoch\": two"));
        AssertInputError(SafrProcess.Run("evaluate", model), "evaluate", manifest + ":");

        var json = JsonNode.Parse(original)!;
        json["vocabulary"]!["tokens"]![0] = "not-pad";
        File.WriteAllText(manifest, json.ToJsonString());
        AssertInputError(SafrProcess.Run("probe", model, "a film"), "probe", manifest, "vocabulary");
    }

    [Fact]
    public void AnUnknownTokenizerOrOneThatIsNotTheModelsIsRefusedInOneLine()
    {
        using var scratch = new TempFolder("safr-cli-tokenizer-");
        var model = CopyOfModel(scratch.Path);  // a whitespace model (its manifest predates the field)
        AssertInputError(SafrProcess.Run("train", "--dataset", "sst2", "--tokenizer", "bert"), "train", "bert", "whitespace", "gpt2");
        AssertInputError(SafrProcess.Run("evaluate", model, "--tokenizer", "gpt2"), "evaluate", "--tokenizer gpt2 does not match", "whitespace tokenizer");
        AssertInputError(SafrProcess.Run("probe", model, "a film", "--tokenizer", "gpt2"), "probe", "--tokenizer gpt2 does not match", "whitespace tokenizer");
    }

    [Fact]
    public void BadOptionValuesAreTheUsersMistake()
    {
        using var scratch = new TempFolder("safr-cli-options-");
        var root = scratch.Path;
        var model = CopyOfModel(root);
        AssertInputError(SafrProcess.Run("probe", model, "a film", "--layer", "3"), "probe", "layer");
        AssertInputError(SafrProcess.Run("evaluate", model, "--device", "cuda"), "evaluate", "--device cuda", "TorchSharp-cuda-linux");
        AssertInputError(SafrProcess.Run("train", "--dataset", "mnist"), "train", "mnist");
        AssertInputError(SafrProcess.Run("train", "--dataset", "sst2", "--epochs", "0", "--out", Path.Combine(root, "run")), "train", "--epochs: must be at least 1");
    }
}
