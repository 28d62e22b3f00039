using System.Diagnostics;

namespace Safr.Notebooks.Tests;

/// <summary>What one run of a command printed and returned.</summary>
internal sealed record CommandRun(string Command, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>For assertion messages: the command, its exit code and the end of what it printed.</summary>
    public override string ToString() => $"{Command}: exit {ExitCode} after {Elapsed.TotalSeconds:F1} s\n--- stdout ---\n{Tail(Output)}\n--- stderr ---\n{Tail(Error)}";

    private static string Tail(string text) => text.Length <= 6000 ? text : "...\n" + text[^6000..];
}

/// <summary>
/// This checkout's <c>./safr</c> script and its built notebook host (src/Safr.Notebooks' output for the configuration these tests
/// were built in), run as child processes, as a user runs them.
/// </summary>
internal static class SafrCommand
{
    /// <summary>The checkout the test binaries were built in (<see cref="Checkout.RepositoryRoot"/>).</summary>
    public static string RepositoryRoot { get; } = Checkout.RepositoryRoot;

    /// <summary>tests/Safr.Notebooks.Tests/bin/CONFIGURATION/TFM: Release or Debug, as ./safr's SAFR_CONFIGURATION.</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    private static string TargetFramework => new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;

    /// <summary>
    /// The datasets the notebooks read in these tests: the committed samples (data/samples, generated stand-ins in the
    /// real formats), with checksums off, so the smoke runs need no data from outside the checkout.
    /// </summary>
    public static string DataFolder => Checkout.Samples;

    /// <summary><c>dotnet src/Safr.Notebooks/bin/CONFIGURATION/TFM/safr-notebooks.dll ARGS</c>, the notebook host <c>./safr notebooks</c> runs.</summary>
    public static CommandRun Notebooks(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var dll = Path.Combine(RepositoryRoot, "src", "Safr.Notebooks", "bin", Configuration, TargetFramework, "safr-notebooks.dll");
        if (!File.Exists(dll)) Assert.Fail($"{dll} is missing; build the solution first (./safr build)");
        return Run("safr notebooks", "dotnet", [dll, .. args], args, environment, timeout);
    }

    /// <summary>
    /// <c>./safr ARGS</c> in this checkout's configuration. Without MSBuild's node reuse and the compiler server, so no
    /// build process outlives the command holding its output pipes (or the test run's).
    /// </summary>
    public static CommandRun Script(IReadOnlyList<string> args, TimeSpan timeout) =>
        Run("./safr", "bash", [Path.Combine(RepositoryRoot, "safr"), .. args], args, new Dictionary<string, string?>
        {
            ["SAFR_CONFIGURATION"] = Configuration,
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["UseSharedCompilation"] = "false",
        }, timeout);

    private static CommandRun Run(string name, string fileName, IReadOnlyList<string> args, IReadOnlyList<string> shown, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SAFR_DATA"] = DataFolder;
        start.Environment["SAFR_VERIFY_CHECKSUMS"] = "0";  // the samples are generated, not the published files
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }
        var command = string.Join(' ', [name, .. shown.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)]);
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail(new CommandRun(command, -1, output.Result, error.Result, watch.Elapsed) + $"\n{command} ran over {timeout.TotalMinutes:F0} minutes and was killed");
        }
        process.WaitForExit(); // the output pipes drained too
        return new CommandRun(command, process.ExitCode, output.Result, error.Result, watch.Elapsed);
    }
}
