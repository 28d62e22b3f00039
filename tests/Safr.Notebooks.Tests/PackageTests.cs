namespace Safr.Notebooks.Tests;

public sealed class PackageTests
{
    private const string CoreCode = "namespace Tiny.Core { public static class Words { public static string Greeting => \"hello\"; } }";

    private static string GreeterCode(string suffix) =>
        $"namespace Tiny.Greeter {{ public static class Greet {{ public static string Hello(string who) => $\"{{Tiny.Core.Words.Greeting}} {{who}}{suffix}\"; }} }}";

    /// <summary>A feed with Tiny.Core 1.0.0 and Tiny.Greeter 1.0.0 and 1.1.0-beta.2, each Greeter depending on Tiny.Core.</summary>
    private static string MakeFeed(TempFolder temp)
    {
        var feed = temp["feed"];
        var core = TestPackages.Compile("Tiny.Core", CoreCode);
        TestPackages.Pack(feed, "Tiny.Core", "1.0.0", core);
        var coreDll = temp["Tiny.Core.dll"];
        File.WriteAllBytes(coreDll, core);
        TestPackages.Pack(feed, "Tiny.Greeter", "1.0.0", TestPackages.Compile("Tiny.Greeter", GreeterCode(" (1.0.0)"), coreDll), ("Tiny.Core", "1.0.0"));
        TestPackages.Pack(feed, "Tiny.Greeter", "1.1.0-beta.2", TestPackages.Compile("Tiny.Greeter", GreeterCode(" (1.1.0-beta.2)"), coreDll), ("Tiny.Core", "[1.0.0, )"));
        return feed;
    }

    [Fact]
    public async Task A_package_from_a_local_feed_is_used_from_its_unpacked_nupkg_with_its_dependencies()
    {
        using var temp = new TempFolder();
        var feed = MakeFeed(temp);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"#i \"nuget: {feed}\"\n#r \"nuget: Tiny.Greeter\"\nTiny.Greeter.Greet.Hello(\"notebook\")")
            .Code("typeof(Tiny.Greeter.Greet).Assembly.Location + \"|\" + typeof(Tiny.Core.Words).Assembly.Location"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal("hello notebook (1.1.0-beta.2)", notebook.Data(0, "text/plain")); // the highest version, prerelease included
        var locations = notebook.Data(1, "text/plain").Split('|');
        Assert.StartsWith(Path.Combine(temp["cache"], "tiny.greeter", "1.1.0-beta.2-"), locations[0]);
        Assert.EndsWith(Path.Combine("lib", "net10.0", "Tiny.Greeter.dll"), locations[0]);
        Assert.StartsWith(Path.Combine(temp["cache"], "tiny.core", "1.0.0-"), locations[1]);
    }

    [Fact]
    public async Task An_exact_version_is_honoured_and_feeds_can_come_from_options()
    {
        using var temp = new TempFolder();
        var feed = MakeFeed(temp);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code("#r \"nuget: tiny.greeter, 1.0.0\"\nTiny.Greeter.Greet.Hello(\"pinned\")"),
            new NotebookRunOptions { Feeds = [feed] });

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal("hello pinned (1.0.0)", notebook.Data(0, "text/plain"));
    }

    [Fact]
    public async Task A_dependency_missing_from_the_feeds_comes_from_the_global_packages_folder()
    {
        using var temp = new TempFolder();
        var feed = temp["feed"];
        var global = temp["global-packages"];
        var core = TestPackages.Compile("Tiny.Core", CoreCode);
        TestPackages.Install(global, "Tiny.Core", "2.0.0", core);
        File.WriteAllBytes(temp["Tiny.Core.dll"], core);
        TestPackages.Pack(feed, "Tiny.Greeter", "1.0.0", TestPackages.Compile("Tiny.Greeter", GreeterCode(""), temp["Tiny.Core.dll"]), ("Tiny.Core", "2.0.0"));

        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"#i \"nuget: {feed}\"\n#r \"nuget: Tiny.Greeter\"\ntypeof(Tiny.Core.Words).Assembly.Location"));

        Assert.True(result.Succeeded, result.Failure?.Describe(result.Notebook));
        Assert.Equal(Path.Combine(global, "tiny.core", "2.0.0", "lib", "net10.0", "Tiny.Core.dll"), notebook.Data(0, "text/plain"));
    }

    [Fact]
    public async Task A_missing_package_is_a_clear_error_on_its_line()
    {
        using var temp = new TempFolder();
        var feed = MakeFeed(temp);
        var (result, notebook) = await Runs.Run(temp, new NotebookBuilder()
            .Code($"var a = 1;\n#i \"nuget: {feed}\"\n#r \"nuget: Does.Not.Exist, 1.0.0\""));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal((1, 3), (result.Failure!.Cell, result.Failure.Line));
        Assert.Equal($"package Does.Not.Exist 1.0.0 was not found in the local feeds {feed}", result.Failure.Message);
        Assert.Equal("MagicCommandError", (string?)notebook.Output(0)["ename"]);
    }

    [Fact]
    public async Task Without_any_feed_the_error_says_how_to_add_one()
    {
        using var temp = new TempFolder();
        var (result, _) = await Runs.Run(temp, new NotebookBuilder().Code("#r \"nuget: Safr.Kit\""));

        Assert.Equal("package Safr.Kit: no local package feed is configured; add #i \"nuget: /path/to/feed\" to the notebook, pass --feed DIR, or set SAFR_FEED",
            result.Failure!.Message);
    }

    [Fact]
    public async Task A_missing_dependency_names_the_package_and_version_to_restore()
    {
        using var temp = new TempFolder();
        var feed = temp["feed"];
        TestPackages.Pack(feed, "Tiny.Lonely", "1.0.0", TestPackages.Compile("Tiny.Lonely", "public static class Lonely {}"), ("Absent.Dependency", "3.1.0"));

        var (result, _) = await Runs.Run(temp, new NotebookBuilder().Code($"#i \"nuget: {feed}\"\n#r \"nuget: Tiny.Lonely\""));

        Assert.Equal(NotebookRunStatus.Failed, result.Status);
        Assert.Equal(2, result.Failure!.Line);
        Assert.StartsWith("Tiny.Lonely 1.0.0 depends on Absent.Dependency (>= 3.1.0), which is neither in the local feeds", result.Failure.Message);
        Assert.Contains(Path.Combine(temp["global-packages"], "absent.dependency"), result.Failure.Message);
        Assert.Contains("restore a project that references Absent.Dependency 3.1.0", result.Failure.Message);
    }

    [Fact]
    public async Task Each_package_version_is_unpacked_once_and_reused_by_later_runs()
    {
        using var temp = new TempFolder();
        var feed = MakeFeed(temp);
        var builder = new NotebookBuilder().Code($"#i \"nuget: {feed}\"\n#r \"nuget: Tiny.Core\"\nTiny.Core.Words.Greeting");

        var first = await Runs.Run(temp, builder);
        var unpacked = Directory.GetDirectories(Path.Combine(temp["cache"], "tiny.core")).Single();
        var stamp = Directory.GetLastWriteTimeUtc(unpacked);
        var second = await Runs.Run(temp, builder);

        Assert.True(first.Result.Succeeded && second.Result.Succeeded);
        Assert.Equal(unpacked, Directory.GetDirectories(Path.Combine(temp["cache"], "tiny.core")).Single());
        Assert.Equal(stamp, Directory.GetLastWriteTimeUtc(unpacked));
    }

    [Fact]
    public async Task A_feed_folder_that_does_not_exist_stops_the_notebook_before_it_runs()
    {
        using var temp = new TempFolder();
        var path = new NotebookBuilder().Code("1").Save(temp.Path);

        var error = await Assert.ThrowsAsync<NotebookException>(() =>
            NotebookRunner.RunAsync(path, Runs.Isolated(temp, new NotebookRunOptions { Feeds = [temp["nowhere"]] })));

        Assert.Equal($"{path}: package feed {temp["nowhere"]} is not a folder (from --feed or SAFR_FEED)", error.Message);
    }
}
