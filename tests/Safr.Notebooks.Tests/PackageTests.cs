using System.Text;

namespace Safr.Notebooks.Tests;

/// <summary>#r "nuget: ..." and #i through the kernel's own package management, against local feeds built by the tests.</summary>
[Collection(InProcessKernelCollection.Name)]
public sealed class PackageTests
{
    [Fact]
    public async Task A_package_from_a_feed_given_to_the_runner_is_restored_by_the_kernel_and_its_install_output_kept()
    {
        using var temp = new TempFolder();
        var version = TestPackages.UniqueVersion();
        TestPackages.Pack(temp["feed"], "Safr.Test.Greeting", version,
            TestPackages.Compile("Safr.Test.Greeting", "namespace Greeting; public static class Hello { public static string To(string name) => $\"hello {name}\"; }"));

        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("#r \"nuget: Safr.Test.Greeting, *-*\"")
            .Code("Greeting.Hello.To(\"kernel\")"),
            new NotebookRunOptions { Feeds = [temp["feed"]] });

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal("hello kernel", notebook.Data(1, "text/plain"));
        var installed = ExecutedNotebook.Text(notebook.Output(0)["data"]!["text/html"]);
        Assert.Contains("Installed Packages", installed, StringComparison.Ordinal);
        Assert.Contains($"Safr.Test.Greeting, {version}", installed, StringComparison.Ordinal);
        Assert.DoesNotContain(notebook.Cells, c => ExecutedNotebook.Text(c!["source"]).Contains("#i", StringComparison.Ordinal)); // the feed is not written into the notebook
    }

    [Fact]
    public async Task A_packages_kernel_extensions_load_after_its_reference_the_script_and_the_IKernelExtension()
    {
        using var temp = new TempFolder();
        var key = "safr-test-extension-" + Guid.NewGuid().ToString("N");
        var extension = TestPackages.Compile("Safr.Test.Extension", $$"""
            public sealed class Loader : Microsoft.DotNet.Interactive.IKernelExtension
            {
                public System.Threading.Tasks.Task OnLoadAsync(Microsoft.DotNet.Interactive.Kernel kernel)
                {
                    System.AppContext.SetData("{{key}}", "loaded by " + kernel.Name);
                    return System.Threading.Tasks.Task.CompletedTask;
                }
            }
            """, typeof(Microsoft.DotNet.Interactive.IKernelExtension).Assembly.Location, typeof(System.Threading.Tasks.Task).Assembly.Location);
        TestPackages.Pack(temp["feed"], "Safr.Test.Extended", TestPackages.UniqueVersion(),
            TestPackages.Compile("Safr.Test.Extended", "namespace Extended; public static class Marker { }"),
            new Dictionary<string, byte[]>
            {
                ["interactive-extensions/dotnet/Safr.Test.Extension.dll"] = extension,
                ["interactive-extensions/dotnet/extension.dib"] = Encoding.UTF8.GetBytes("#!csharp\n\nvar setByExtensionScript = 42;\n"),
            });

        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"#i \"nuget: {temp["feed"]}\"\n#r \"nuget: Safr.Test.Extended, *-*\"")
            .Code($"$\"{{setByExtensionScript}} {{AppContext.GetData(\"{key}\")}}\""));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal("42 loaded by .NET", notebook.Data(1, "text/plain"));
    }

    [Fact]
    public async Task A_missing_package_is_the_kernels_error_on_its_cell()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp["feed"]);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("var a = 1;")
            .Code("#r \"nuget: Safr.Test.DoesNotExist, 1.0.0\""),
            new NotebookRunOptions { Feeds = [temp["feed"]] });

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(2, result.Failure!.Cell);
        Assert.Contains("Safr.Test.DoesNotExist", result.Failure.Message, StringComparison.Ordinal);
        Assert.Contains(notebook.Outputs(1), o => (string?)o!["output_type"] == "error");
    }

    [Fact]
    public async Task A_feed_folder_that_does_not_exist_stops_the_notebook_before_it_runs()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("System.IO.File.WriteAllText(\"ran.txt\", \"\");").Save(temp.Path);

        var error = await Assert.ThrowsAsync<NotebookException>(() => NotebookRunner.RunAsync(path, Runs.Isolated(new NotebookRunOptions { Feeds = [temp["nowhere"]] })));

        Assert.Equal($"{path}: the package feed {temp["nowhere"]} does not exist (from --feed or SAFR_FEED)", error.Message);
        Assert.False(File.Exists(temp["ran.txt"]));
    }
}
