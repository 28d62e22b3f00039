namespace Safr.Notebooks.Tests;

public sealed class MagicCommandTests
{
    [Fact]
    public async Task An_unknown_magic_command_is_rejected_naming_notebook_cell_and_line_before_anything_runs()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder()
            .Code("File.WriteAllText(\"ran.txt\", \"\");")
            .Markdown("F# next")
            .Code("// first line\n#!fsharp\nlet x = 1")
            .Save(temp.Path, "02-sst2.ipynb");
        var original = File.ReadAllText(path);

        var error = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(path, Runs.Isolated(temp)));

        Assert.Equal($"{path} cell 3 line 2: unknown magic command #!fsharp", error.Message);
        Assert.Equal((3, 2), (error.Cell, error.Line));
        Assert.False(File.Exists(temp["ran.txt"]));
        Assert.Equal(original, File.ReadAllText(path));
    }

    [Fact]
    public async Task A_cell_in_another_language_is_rejected()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("1").Code("let x = 1", kernel: "fsharp").Save(temp.Path);

        var error = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(path, Runs.Isolated(temp)));

        Assert.StartsWith($"{path} cell 2: the cell's language is fsharp", error.Message);
    }

    [Fact]
    public void Directives_are_read_and_blanked_keeping_line_numbers()
    {
        var cell = MagicCommands.Parse("#!csharp\n#i \"nuget: /feeds/local\"\n#r \"nuget: Safr.Kit, 1.2.3-local.5\"\n#r \"nuget:Other\"\n#r \"lib/x.dll\" // why\nvar x = 1;");

        Assert.Equal("\n\n\n\n\nvar x = 1;", cell.Code);
        Assert.Equal<CellDirective>(
            [new PackageSourceDirective(2, "/feeds/local"), new PackageDirective(3, "Safr.Kit", "1.2.3-local.5"), new PackageDirective(4, "Other", null), new AssemblyDirective(5, "lib/x.dll")],
            cell.Directives);
    }

    [Fact]
    public void CSharp_directives_and_hash_lines_inside_strings_and_comments_are_left_to_the_compiler()
    {
        const string source = "#nullable enable\n#if DEBUG\nvar d = 1;\n#endif\n#pragma warning disable CS0168\n#load \"helpers.csx\"\nvar text = \"\"\"\n#!not a magic\n#time\n\"\"\";\n/*\n#bogus\n*/\n#region x\n#endregion";

        var cell = MagicCommands.Parse(source);

        Assert.Equal(source, cell.Code);
        Assert.Empty(cell.Directives);
    }

    [Theory]
    [InlineData("#time", 1, "unknown magic command #time")]
    [InlineData("var a = 1;\n#!who", 2, "unknown magic command #!who")]
    [InlineData("#r nuget: X", 1, "#r expects one quoted argument")]
    [InlineData("#i \"/some/folder\"", 1, "only package sources are supported")]
    [InlineData("#r \"nuget: X, 1.x\"", 1, "'1.x' is not a version")]
    public void Unknown_or_malformed_directives_name_their_line(string source, int line, string message)
    {
        var error = Assert.Throws<MagicCommandException>(() => MagicCommands.Parse(source));

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message);
    }
}
