namespace Safr.Notebooks.Tests;

[Collection(InProcessKernelCollection.Name)]
public sealed class ParameterTests
{
    private const string ParametersCell = "int epochs = 1;\ndouble lr = 0.1;\nbool fast = false;\nstring dataset = \"sst2\";\nvar seed = 0L;\nfloat scale = 1f;\nvar tag = Environment.MachineName;";

    [Fact]
    public async Task Values_are_injected_after_the_parameters_cell_with_their_declared_types()
    {
        using var temp = new TempFolder();
        var options = new NotebookRunOptions
        {
            Parameters = NotebookRunOptions.ParseParameters(["epochs=3", "lr=5e-4", "fast=true", "dataset=agnews", "seed=7", "scale=0.5", "tag=x42"]),
        };
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Markdown("# Parameters")
            .Code(ParametersCell, tags: ["parameters"])
            .Code("$\"{epochs.GetType().Name}:{epochs} {lr.GetType().Name}:{lr} {fast} {dataset} {seed.GetType().Name}:{seed} {scale.GetType().Name}:{scale} {tag}\""),
            options);

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        var injected = notebook.Cell(2);
        Assert.Equal("[\"injected-parameters\"]", injected["metadata"]!["tags"]!.ToJsonString());
        Assert.Equal("// Parameters\nepochs = 3;\nlr = 0.0005;\nfast = true;\ndataset = \"agnews\";\nseed = 7L;\nscale = 0.5f;\ntag = \"x42\";",
            ExecutedNotebook.Text(injected["source"]));
        Assert.Equal(2, notebook.ExecutionCount(2));
        Assert.Equal("Int32:3 Double:0.0005 True agnews Int64:7 Single:0.5 x42", notebook.Data(3, "text/plain"));
    }

    [Fact]
    public async Task Running_again_replaces_the_earlier_injected_cell()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("int epochs = 1;", tags: ["parameters"]).Code("$\"{epochs}\"").Save(temp.Path);

        await NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { Parameters = [new("epochs", "2")] }));
        var result = await NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { Parameters = [new("epochs", "9")] }));

        var notebook = new ExecutedNotebook(result.WrittenTo);
        Assert.Equal(3, notebook.Cells.Count);
        Assert.Equal("9", notebook.Data(2, "text/plain"));
    }

    [Fact]
    public async Task A_parameter_the_cell_does_not_declare_is_rejected_by_name_and_nothing_runs()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").Code("int epochs = 1;", tags: ["parameters"]).Save(temp.Path);

        var error = await Assert.ThrowsAsync<NotebookException>(() =>
            NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { Parameters = [new("epochs", "2"), new("epoch_count", "3")] })));

        Assert.Equal($"{path} cell 2: parameter epoch_count is not declared in the parameters cell (it declares epochs)", error.Message);
        Assert.False(File.Exists(temp["ran.txt"]));
    }

    [Fact]
    public async Task Parameters_need_a_parameters_cell_and_a_value_of_the_declared_type()
    {
        using var temp = new TempFolder();
        var untagged = new NotebookBuilder().Code("int epochs = 1;").Save(temp.Path, "untagged.ipynb");
        var tagged = new NotebookBuilder().Code("int epochs = 1;", tags: ["parameters"]).Save(temp.Path, "tagged.ipynb");

        var none = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(untagged, Runs.Isolated(new NotebookRunOptions { Parameters = [new("epochs", "2")] })));
        var wrong = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(tagged, Runs.Isolated(new NotebookRunOptions { Parameters = [new("epochs", "many")] })));

        Assert.Contains("no cell is tagged \"parameters\"", none.Message);
        Assert.Equal($"{tagged} cell 1: parameter epochs is int: 'many' is not a valid int", wrong.Message);
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("-2", "-2")]
    [InlineData("0.25", "0.25")]
    [InlineData("1e-3", "0.001")]
    [InlineData("true", "true")]
    [InlineData("False", "false")]
    [InlineData("sst2", "\"sst2\"")]
    [InlineData("say \"hi\"\n", "\"say \\\"hi\\\"\\n\"")]
    public void Untyped_values_become_int_double_bool_or_string_literals(string value, string literal) =>
        Assert.Equal(literal, ParameterInjection.Literal("p", value, type: null));

    [Fact]
    public void Declared_parameters_and_their_types_are_read_from_the_cell()
    {
        var declared = ParameterInjection.Declared(ParametersCell + "\n// a comment\nConsole.WriteLine(epochs);");

        Assert.Equal(new[] { "dataset", "epochs", "fast", "lr", "scale", "seed", "tag" }, declared.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("int", declared["epochs"]);
        Assert.Equal("double", declared["lr"]);
        Assert.Equal("string", declared["dataset"]);
        Assert.Equal("long", declared["seed"]);
        Assert.Null(declared["tag"]);
    }

    [Theory]
    [InlineData("a=1", "a", "1")]
    [InlineData("name=x=y", "name", "x=y")]
    [InlineData("empty=", "empty", "")]
    public void Command_line_parameters_split_at_the_first_equals(string argument, string name, string value) =>
        Assert.Equal(new KeyValuePair<string, string>(name, value), NotebookRunOptions.ParseParameters([argument]).Single());

    [Theory]
    [InlineData("novalue")]
    [InlineData("=1")]
    [InlineData("not-an-identifier=1")]
    public void Malformed_command_line_parameters_are_rejected(string argument) =>
        Assert.Throws<ArgumentException>(() => NotebookRunOptions.ParseParameters([argument]));
}
