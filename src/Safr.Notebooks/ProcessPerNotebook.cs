using System.Diagnostics;
using System.Globalization;

namespace Safr.Notebooks;

/// <summary>
/// Runs each notebook of a batch in a child process of this host (<c>safr-notebooks run NOTEBOOK ...</c>), one after
/// another: the kernel loads a notebook's packages into its process for good, so a process per notebook is what keeps
/// one notebook's assemblies and static state (TorchSharp's threads, registered formatters) from the next. The
/// children write to this console; the exit code is the worst of theirs (0, 1 a cell failed, 2 could not run, 130 cancelled).
/// </summary>
internal static class ProcessPerNotebook
{
    public static async Task<int> RunAsync(IReadOnlyList<string> notebooks, IReadOnlyList<string> sharedArguments, TextWriter output, CancellationToken cancellationToken)
    {
        var exit = 0;
        foreach (var notebook in notebooks)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine($"{notebook}: not started (cancelled)");
                exit = Math.Max(exit, 130);
                continue;
            }
            using var child = Process.Start(Start(notebook, sharedArguments))!;
            // Ctrl+C in a terminal reaches the child too; a SIGINT or SIGTERM sent to this process alone is passed on.
            await using var forward = cancellationToken.Register(() => Interrupt(child));
            await child.WaitForExitAsync(CancellationToken.None);
            exit = Math.Max(exit, child.ExitCode);
        }
        return exit;
    }

    private static ProcessStartInfo Start(string notebook, IReadOnlyList<string> sharedArguments)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("bug: the host process has no path");
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Started as `dotnet safr-notebooks.dll`, the child needs the assembly; started as the apphost, it does not.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(ProcessPerNotebook).Assembly.Location);
        foreach (var argument in (string[])["run", notebook, .. sharedArguments]) start.ArgumentList.Add(argument);
        return start;
    }

    private static void Interrupt(Process child)
    {
        try
        {
            if (child.HasExited) return;
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", child.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // the child has ended already
        }
    }
}
