using System.Diagnostics;

namespace Safr.Cli.Tests;

/// <summary>What one run of the CLI printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}

/// <summary>Runs the built safr CLI (src/Safr.Cli's output for this configuration) as a child process.</summary>
internal static class SafrProcess
{
    private static readonly string Dll = Locate();

    /// <summary>
    /// Starts the CLI without waiting (for tests that kill it), with extra environment variables; its output is
    /// drained in the background so it never blocks on a full pipe.
    /// </summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = Info(args);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static CliRun Run(params string[] args) => Run(new Dictionary<string, string>(), args);

    /// <summary>Runs the CLI to the end with extra environment variables (they replace the defaults, SAFR_DATA included).</summary>
    public static CliRun Run(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = Info(args);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"safr {string.Join(' ', args)} ran over 5 minutes");
        }
        return new CliRun(process.ExitCode, output.Result, error.Result);
    }

    private static ProcessStartInfo Info(string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["SAFR_DATA"] = DataFolder;
        start.Environment["SAFR_VERIFY_CHECKSUMS"] = "0";  // the samples are generated, not the published files
        return start;
    }

    /// <summary>
    /// The committed samples (data/samples), read with checksums off: the CLI's tests run on a fresh clone with no data
    /// from outside it (the full data's own tests are Safr.Kit.Tests' full-data facts).
    /// </summary>
    public static string DataFolder => Checkout.Samples;

    /// <summary>tests/Safr.Cli.Tests/bin/CONFIG/TFM → src/Safr.Cli/bin/CONFIG/TFM/safr.dll.</summary>
    private static string Locate()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (tfm, configuration) = (here.Name, here.Parent!.Name);
        for (var d = here; d is not null; d = d.Parent)
        {
            var dll = Path.Combine(d.FullName, "src", "Safr.Cli", "bin", configuration, tfm, "safr.dll");
            if (File.Exists(dll)) return dll;
        }
        throw new FileNotFoundException($"safr.dll ({configuration}, {tfm}) was not found above {here.FullName}; build src/Safr.Cli first");
    }
}
