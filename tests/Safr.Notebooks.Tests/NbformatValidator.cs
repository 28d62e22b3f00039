using System.Diagnostics;

namespace Safr.Notebooks.Tests;

/// <summary>Validates a notebook with Jupyter's own nbformat package (Debian's python3-nbformat, through /usr/bin/python3).</summary>
internal static class NbformatValidator
{
    private const string Python = "/usr/bin/python3";

    public static void AssertValid(string path)
    {
        var (exit, output) = Run("import sys\nimport nbformat\nnbformat.validate(nbformat.read(sys.argv[1], as_version=4))\nprint('valid')", path);
        if (exit != 0 && output.Contains("No module named 'nbformat'", StringComparison.Ordinal))
            Assert.Fail("python3-nbformat is not installed, so the written notebook cannot be validated; ./safr test installs it (apt-get install python3-nbformat)");
        Assert.True(exit == 0, $"{path} is not a valid nbformat 4 notebook:\n{output}");
    }

    private static (int Exit, string Output) Run(string script, string argument)
    {
        if (!File.Exists(Python)) Assert.Fail($"{Python} is missing; ./safr test installs python3-nbformat (and python3 with it)");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1))) process.Kill(entireProcessTree: true);
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
