using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Safr.Notebooks;

/// <summary>
/// Runs a Polyglot notebook's C# cells in order in a fresh script state, the way the dotnet-interactive kernel would,
/// and writes the executed notebook: outputs and execution counts replaced, everything else kept.
/// Before anything runs the whole notebook is checked (cell languages, magic commands, parameters): a notebook that
/// cannot run fails with a <see cref="NotebookException"/> and is neither run nor written. A cell that fails to
/// compile or throws stops the run; that cell gets an error output and the notebook is written.
/// </summary>
public static class NotebookRunner
{
    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var watch = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path);
        var notebook = Notebook.Load(fullPath, path);
        InjectParameters(notebook, options.Parameters);
        notebook.Normalize();
        var plan = Plan(notebook);
        // A run that executes nothing must not report success.
        if (plan.Count == 0) throw new NotebookException(path, null, null, "has no C# code cells: nothing to run");
        var target = options.OutputDirectory is { } folder ? Path.Combine(Path.GetFullPath(folder), Path.GetFileName(fullPath)) : fullPath;

        NotebookSession session;
        try
        {
            session = new NotebookSession(fullPath, options, cancellationToken);
        }
        catch (PackageResolutionException e)
        {
            throw new NotebookException(path, null, null, $"{e.Message} (from --feed or SAFR_FEED)");
        }
        var ran = new List<(NotebookCell Cell, CellOutputs Outputs)>();
        var (status, failure, count) = (NotebookRunStatus.Succeeded, (NotebookFailure?)null, 0);
        var previousDirectory = Environment.CurrentDirectory;
        if (options.UseNotebookDirectory) Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
        try
        {
            foreach (var step in plan)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    (status, failure) = (NotebookRunStatus.Cancelled, new NotebookFailure(step.Number, null, "cancelled before this cell ran"));
                    break;
                }
                var outputs = session.BeginCell();
                ran.Add((step.Cell, outputs));
                step.Cell.SetExecutionCount(++count);
                var cellPath = CellPath(fullPath, step.Number);
                var cellWatch = Stopwatch.StartNew();
                try
                {
                    session.Apply(step.Parsed, step.Number);
                    foreach (var (package, code) in session.TakePendingExtensions())
                        await session.RunAsync(code, $"{package}/interactive-extensions/dotnet/extension.dib", options.CancellationGrace).ConfigureAwait(false);
                    var result = await session.RunAsync(step.Parsed.Code, cellPath, options.CancellationGrace).ConfigureAwait(false);
                    // display(x) left as the last expression has shown x already: its handle is not a result to show.
                    if (result.HasValue && result.Value is not DisplayedValue) outputs.Add(session.Format(result.Value), count);
                    Report(options, new CellCompletion(path, step.Number, count, plan.Count, cellWatch.Elapsed, Succeeded: true));
                }
                catch (Exception e)
                {
                    var (error, line, message) = Describe(e, cellPath);
                    outputs.Add(error);
                    failure = new NotebookFailure(step.Number, line, message);
                    status = cancellationToken.IsCancellationRequested && e is OperationCanceledException ? NotebookRunStatus.Cancelled : NotebookRunStatus.Failed;
                    Report(options, new CellCompletion(path, step.Number, count, plan.Count, cellWatch.Elapsed, Succeeded: false));
                    break;
                }
            }
        }
        finally
        {
            if (options.UseNotebookDirectory) Environment.CurrentDirectory = previousDirectory;
        }

        // Outputs are taken at the end: a DisplayedValue updated by a later cell shows its last value where it was displayed.
        foreach (var (cell, outputs) in ran) cell.SetOutputs(outputs.ToJson());
        notebook.Save(target);
        return new NotebookRunResult(path, target, status, count, watch.Elapsed, failure, session.Notes);
    }

    /// <summary>papermill's step: replace any earlier injected cell with one assigning the given values, right after the "parameters" cell.</summary>
    private static void InjectParameters(Notebook notebook, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return;
        var names = string.Join(", ", parameters.Select(p => p.Key));
        var cells = notebook.Cells;
        var index = IndexOf(cells, c => c.IsCode && c.Tags.Contains(ParameterInjection.ParametersTag));
        if (index < 0) throw new NotebookException(notebook.DisplayPath, null, null, $"-p {names}: no cell is tagged \"{ParameterInjection.ParametersTag}\" to declare them");
        IReadOnlyDictionary<string, string?> declared;
        try
        {
            declared = ParameterInjection.Declared(cells[index].Source);
        }
        catch (MagicCommandException e)
        {
            throw new NotebookException(notebook.DisplayPath, index + 1, e.Line, e.Message);
        }
        if (parameters.FirstOrDefault(p => !declared.ContainsKey(p.Key)) is { Key: { } unknown })
        {
            var known = declared.Count == 0 ? "it declares none" : $"it declares {string.Join(", ", declared.Keys)}";
            throw new NotebookException(notebook.DisplayPath, index + 1, null, $"parameter {unknown} is not declared in the parameters cell ({known})");
        }
        string source;
        try
        {
            source = ParameterInjection.InjectedSource(declared, parameters);
        }
        catch (ArgumentException e)
        {
            throw new NotebookException(notebook.DisplayPath, index + 1, null, e.Message);
        }
        for (var i = cells.Count - 1; i >= 0; i--)
        {
            if (cells[i].Tags.Contains(ParameterInjection.InjectedTag)) notebook.RemoveCellAt(i);
        }
        index = IndexOf(notebook.Cells, c => c.IsCode && c.Tags.Contains(ParameterInjection.ParametersTag));
        var taken = notebook.Cells.Select(c => c.Id).OfType<string>().ToHashSet();
        notebook.InsertCell(index + 1, NotebookCell.NewCode(source, NotebookCell.NewId(taken), ParameterInjection.InjectedTag));
    }

    /// <summary>Checks every code cell before any runs: C# only, known magic commands only; clears old outputs.</summary>
    private static IReadOnlyList<Step> Plan(Notebook notebook)
    {
        var defaultKernel = PolyglotMetadata.DefaultKernel(notebook.Metadata);
        var steps = new List<Step>();
        var cells = notebook.Cells;
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (!cell.IsCode) continue;
            var kernel = cell.KernelName ?? defaultKernel;
            if (!PolyglotMetadata.IsCSharp(kernel))
            {
                throw new NotebookException(notebook.DisplayPath, i + 1, null,
                    $"the cell's language is {kernel} (metadata polyglot_notebook.kernelName); only C# cells can run here");
            }
            try
            {
                steps.Add(new Step(i + 1, cell, MagicCommands.Parse(cell.Source)));
            }
            catch (MagicCommandException e)
            {
                throw new NotebookException(notebook.DisplayPath, i + 1, e.Line, e.Message);
            }
            cell.SetExecutionCount(null);
            cell.SetOutputs([]);
        }
        return steps;
    }

    /// <summary>
    /// Tells the host a cell finished. The callback is the host's (the CLI prints a line), so its console writes
    /// must reach the real console: the cell's capture is left first, or they would become the cell's output.
    /// </summary>
    private static void Report(NotebookRunOptions options, CellCompletion completion)
    {
        if (options.CellCompleted is null) return;
        ConsoleCapture.Enter(null);
        options.CellCompleted(completion);
    }

    /// <summary>The error output for a failed cell, and the line and message the CLI prints.</summary>
    private static (ErrorOutput Output, int? Line, string Message) Describe(Exception e, string cellPath)
    {
        switch (e)
        {
            case MagicCommandException magic:
                return (new ErrorOutput("MagicCommandError", magic.Message, [magic.Message]), magic.Line, magic.Message);
            case CellCompilationException compilation:
                var lines = compilation.Errors.Select(d => Locate(d, cellPath)).ToArray();
                var (firstLine, firstMessage) = lines[0];
                return (new ErrorOutput("CompilationError", firstMessage, lines.Select(l => l.Line is { } n ? $"line {n}: {l.Message}" : l.Message).ToArray()),
                    firstLine, firstMessage);
            case CellAbandonedException abandoned:
                return (new ErrorOutput("OperationCanceledException", abandoned.Message, [abandoned.Message]), null, abandoned.Message);
        }
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        var message = $"{e.GetType().FullName}: {e.Message}";
        return (new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message, Traceback(e)), LineInCell(e, cellPath), message);
    }

    /// <summary>The exception's lines down to the cell's frames: the runner's own frames below them say nothing to the reader.</summary>
    private static string[] Traceback(Exception e)
    {
        var lines = e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var runner = lines.FindIndex(l => l.TrimStart().StartsWith($"at {typeof(CellRunner).FullName}.", StringComparison.Ordinal));
        if (runner > 0) lines.RemoveRange(runner, lines.Count - runner);
        if (lines.Count > 1 && lines[^1].StartsWith("---", StringComparison.Ordinal)) lines.RemoveAt(lines.Count - 1);
        return [.. lines];
    }

    /// <summary>A compile error's line within the cell ("error CS0103: ..."); an error in a #load-ed file names that file instead.</summary>
    private static (int? Line, string Message) Locate(Diagnostic diagnostic, string cellPath)
    {
        var text = $"error {diagnostic.Id}: {diagnostic.GetMessage(CultureInfo.InvariantCulture)}";
        var span = diagnostic.Location.GetLineSpan();
        if (!span.IsValid) return (null, text);
        if (span.Path == cellPath) return (span.StartLinePosition.Line + 1, text);
        return (null, $"{span.Path} line {span.StartLinePosition.Line + 1}: {text}");
    }

    /// <summary>The innermost stack frame in the failing cell (the cell's PDB gives it), looking through inner exceptions too.</summary>
    private static int? LineInCell(Exception? e, string cellPath)
    {
        for (; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
            {
                if (frame.GetFileName() == cellPath && frame.GetFileLineNumber() > 0) return frame.GetFileLineNumber();
            }
        }
        return null;
    }

    /// <summary>
    /// The file name Roslyn compiles a cell under: it shows in diagnostics and stack traces ("/x/02-sst2.ipynb cell 4:line 1"),
    /// and maps them back to the cell. Absolute, since the PDB writer would otherwise make it so.
    /// </summary>
    private static string CellPath(string notebookPath, int number) => $"{notebookPath} cell {number}";

    private static int IndexOf(IReadOnlyList<NotebookCell> cells, Func<NotebookCell, bool> match)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (match(cells[i])) return i;
        }
        return -1;
    }

    private sealed record Step(int Number, NotebookCell Cell, ParsedCell Parsed);
}
