using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
namespace Safr.Notebooks;

/// <summary>
/// <c>safr notebooks run [PATHS...] [-p NAME=VALUE ...] [--out DIR] [--feed DIR]</c> (<c>./safr</c> starts this host,
/// safr-notebooks): executes Polyglot notebooks headless on the real .NET Interactive C# kernel, and writes them with
/// their outputs. The work is <see cref="NotebookBatch"/>; this only parses the command line.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("PATHS")
        {
            Description = "Notebooks (.ipynb) or folders of them, run in order (default: the notebooks folder).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var parameters = new Option<string[]>("--parameter", "-p")
        {
            Description = "Set a variable of the cell tagged \"parameters\" (papermill-style; repeatable).",
            HelpName = "NAME=VALUE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<DirectoryInfo?>("--out") { Description = "Write executed notebooks into this folder (default: in place).", HelpName = "DIR" };
        var feeds = new Option<DirectoryInfo[]>("--feed")
        {
            Description = "A local NuGet feed folder, given to the kernel as #i \"nuget: DIR\" before the first cell (repeatable; SAFR_FEED's folders too).",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var sameProcess = new Option<bool>("--same-process")
        {
            Description = "Run all the notebooks in this one process, each on a fresh kernel (default: one process per notebook, so no notebook sees another's loaded assemblies or static state).",
        };
        var run = new Command("run", "Run notebooks cell by cell on a fresh .NET Interactive C# kernel each; exits non-zero if any cell fails.")
        {
            paths, parameters, output, feeds, sameProcess,
        };
        run.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<KeyValuePair<string, string>> values;
            try
            {
                values = NotebookRunOptions.ParseParameters(parse.GetValue(parameters) ?? []);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"notebooks run: {e.Message}");
                return 2;
            }
            var options = new NotebookRunOptions
            {
                Parameters = values,
                OutputDirectory = parse.GetValue(output)?.FullName,
                Feeds = (parse.GetValue(feeds) ?? []).Select(f => f.FullName).ToArray(),
                EchoOutput = true,
                // Live progress on stderr, so a long notebook shows where it is and what each cell cost.
                CellCompleted = c => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{c.Notebook}: cell {c.Cell} ({c.Executed}/{c.CodeCells} code cells) {(c.Succeeded ? "ok" : "failed")} in {c.Elapsed.TotalSeconds:F1} s")),
                UseNotebookDirectory = true,
            };
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var interrupt = OnInterrupt(cancel);
            IReadOnlyList<string> notebooks;
            try
            {
                notebooks = NotebookBatch.Expand(parse.GetValue(paths) ?? []);
            }
            catch (NotebookException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            if (notebooks.Count > 1 && !parse.GetValue(sameProcess))
            {
                List<string> shared = [];
                foreach (var value in parse.GetValue(parameters) ?? []) shared.AddRange(["-p", value]);
                if (options.OutputDirectory is { } o) shared.AddRange(["--out", o]);
                foreach (var feed in options.Feeds) shared.AddRange(["--feed", feed]);
                return await ProcessPerNotebook.RunAsync(notebooks, shared, Console.Out, cancel.Token);
            }
            return await NotebookBatch.RunAsync(notebooks, options, Console.Out, Console.Error, cancel.Token);
        });
        return run;
    }

    /// <summary>
    /// The first Ctrl+C (or SIGTERM) cancels: the kernel's Cancel command stops the running cell (its
    /// KernelInvocationContext.CancellationToken, which NotebookCancellation.Token is), and the notebook is written with what ran; a second one ends the process at once. Handled here because the root
    /// command is invoked without a ProcessTerminationTimeout, so System.CommandLine does not hook the signals itself.
    /// </summary>
    private static IDisposable OnInterrupt(CancellationTokenSource cancel)
    {
        var signals = 0;
        void Handle(PosixSignalContext context)
        {
            if (Interlocked.Increment(ref signals) > 1) return;
            context.Cancel = true;
            Console.Error.WriteLine("notebooks run: cancelling the running cell (again to stop at once)");
            try
            {
                cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // the run had ended already
            }
        }
        var registrations = new[] { PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle) };
        return new Registrations(registrations);
    }

    private sealed class Registrations(PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
        }
    }
}
