using System.Text.RegularExpressions;

namespace Safr.Notebooks.Tests;

/// <summary>
/// Every parameter a committed notebook declares does something: some later code cell reads it. A parameter that
/// nothing reads would let <c>-p seeds=3</c> change nothing, silently.
/// </summary>
public sealed partial class CommittedNotebookParameterTests
{
    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Checkout.RepositoryRoot, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void EveryDeclaredParameterIsReadByALaterCell(string notebook)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(Checkout.RepositoryRoot, "notebooks", notebook)))!;
        var code = json["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToArray();
        var index = Array.FindIndex(code, c => c!["metadata"]?["tags"]?.AsArray().Any(t => (string?)t == "parameters") == true);
        Assert.True(index >= 0, $"{notebook} has no cell tagged parameters");
        static string Source(JsonNode? cell) => string.Concat(cell!["source"]!.AsArray().Select(l => (string?)l));
        var declared = Declaration().Matches(Source(code[index])).Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(declared);
        var later = string.Join('\n', code.Skip(index + 1).Select(Source));
        var unread = declared.Where(name => !Regex.IsMatch(later, $@"\b{name}\b")).ToArray();
        Assert.True(unread.Length == 0, $"{notebook} declares parameter(s) no later cell reads: {string.Join(", ", unread)}");
    }

    [Fact]
    public void TheCheckFindsAParameterNothingReads()
    {
        // The same rule on a notebook made to fail it, so the theory above cannot pass by comparing nothing.
        const string parameters = "var epochs = 1;\nvar seeds = 1;";
        const string later = "Train(epochs);";
        var declared = Declaration().Matches(parameters).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["epochs", "seeds"], declared);
        Assert.Equal(["seeds"], declared.Where(name => !Regex.IsMatch(later, $@"\b{name}\b")));
    }

    [GeneratedRegex(@"^\s*var\s+(\w+)\s*=", RegexOptions.Multiline)]
    private static partial Regex Declaration();
}
