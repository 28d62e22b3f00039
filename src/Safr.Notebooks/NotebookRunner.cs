using System.Diagnostics;
using System.Text;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Documents.Jupyter;
using Microsoft.DotNet.Interactive.Events;

namespace Safr.Notebooks;

/// <summary>
/// Runs a Polyglot notebook's C# cells in order on a fresh .NET Interactive kernel (<see cref="NotebookKernel"/>), as
/// VS Code's "Run All" does, and writes the executed notebook (nbformat 4.5 with Polyglot metadata, through the
/// kernel's own Documents library) atomically. Before anything runs the whole notebook is checked (cell languages,
/// parameters, feed folders): a notebook that cannot run fails with a <see cref="NotebookException"/> and is neither
/// run nor written. A failing cell stops the run (the kernel itself would go on): that cell gets its error output
/// and the notebook is written.
/// </summary>
public static class NotebookRunner
{
    private static readonly KernelInfoCollection Kernels = new() { new Microsoft.DotNet.Interactive.Documents.KernelInfo(NotebookKernel.CSharp, "C#", ["c#", "C#", "cs"]) };

    public static async Task<NotebookRunResult> RunAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var watch = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path);
        var document = Load(fullPath, path);
        InjectParameters(document, path, options.Parameters);
        AddMissingCellIds(document);
        var plan = Plan(document, path);
        var feeds = Feeds(options, path);
        var target = options.OutputDirectory is { } folder ? Path.Combine(Path.GetFullPath(folder), Path.GetFileName(fullPath)) : fullPath;

        using var kernel = NotebookKernel.Create();
        var recorder = new CellOutputRecorder(feeds);
        using var recording = kernel.KernelEvents.Subscribe(e =>
        {
            recorder.Record(e);
            if (options.EchoOutput) Echo(e);
        });
        var previousDirectory = Environment.CurrentDirectory;
        if (options.UseNotebookDirectory) Environment.CurrentDirectory = Path.GetDirectoryName(fullPath)!;
        var (status, failure, count) = (NotebookRunStatus.Succeeded, (NotebookFailure?)null, 0);
        try
        {
            // The feeds the notebook should not have to name: what VS Code users add as their own first #i line.
            if (feeds.Count > 0)
            {
                var preamble = await kernel.SendAsync(new SubmitCode(string.Join('\n', feeds.Select(f => $"#i \"nuget: {f}\"")), NotebookKernel.CSharp));
                if (preamble.Events.OfType<CommandFailed>().FirstOrDefault() is { } failed)
                    throw new NotebookException(path, null, null, $"the feed could not be added: {failed.Message}");
            }
            foreach (var (number, cell) in plan)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    (status, failure) = (NotebookRunStatus.Cancelled, new NotebookFailure(number, null, "cancelled before this cell ran"));
                    break;
                }
                cell.ExecutionOrder = ++count;
                recorder.Begin(cell, count);
                var cellWatch = Stopwatch.StartNew();
                var outcome = await SubmitAsync(kernel, cell.Contents, options.CancellationGrace, cancellationToken);
                if (outcome.Failure is { } error)
                {
                    recorder.RecordFailure(error.Name, error.Value, error.Traceback);
                    failure = new NotebookFailure(number, error.Line, error.Message);
                }
                else if (recorder.HasError)
                {
                    failure = new NotebookFailure(number, null, "the cell produced an error output");
                }
                var stop = failure is not null || cancellationToken.IsCancellationRequested;
                if (stop) status = cancellationToken.IsCancellationRequested ? NotebookRunStatus.Cancelled : NotebookRunStatus.Failed;
                if (stop && failure is null) failure = new NotebookFailure(number, null, "cancelled while this cell ran; it stopped at its own pace");
                options.CellCompleted?.Invoke(new CellCompletion(path, number, count, plan.Count, cellWatch.Elapsed, Succeeded: !stop));
                if (stop) break;
            }
        }
        finally
        {
            if (options.UseNotebookDirectory) Environment.CurrentDirectory = previousDirectory;
        }
        recorder.WriteOutputs();
        Save(document, target);
        return new NotebookRunResult(path, target, status, count, watch.Elapsed, failure);
    }

    /// <summary>
    /// Sends a cell to the kernel. Cancellation sends the kernel's own <see cref="Cancel"/> command, which cancels the
    /// cell's <c>KernelInvocationContext.CancellationToken</c> (Safr.Kit's <c>NotebookCancellation.Token</c>); a cell
    /// that does not stop within <paramref name="grace"/> is abandoned.
    /// </summary>
    private static async Task<CellOutcome> SubmitAsync(CompositeKernel kernel, string code, TimeSpan grace, CancellationToken cancellationToken)
    {
        var submission = kernel.SendAsync(new SubmitCode(code, NotebookKernel.CSharp));
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() =>
        {
            _ = kernel.SendAsync(new Cancel());
            cancelled.TrySetResult();
        }))
        {
            var first = await Task.WhenAny(submission, cancelled.Task);
            if (first != submission && await Task.WhenAny(submission, Task.Delay(grace)) != submission)
            {
                var message = $"cancelled; the cell did not stop within {grace.TotalSeconds:0.#} s and was abandoned";
                return new CellOutcome(new CellError("OperationCanceledException", message, null, [message]));
            }
        }
        var result = await submission;
        if (result.Events.OfType<CommandFailed>().FirstOrDefault(f => f.Command == result.Command) is not { } failed) return new CellOutcome(null);
        return new CellOutcome(Describe(failed, result.Events.OfType<DiagnosticsProduced>()));
    }

    /// <summary>The failed cell's error: a compile error with its line in the cell, or the exception with the cell's frames.</summary>
    private static CellError Describe(CommandFailed failed, IEnumerable<DiagnosticsProduced> diagnostics)
    {
        var errors = diagnostics.SelectMany(d => d.Diagnostics).Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0 && failed.Exception is null or CodeSubmissionCompilationErrorException)
        {
            var lines = errors.Select(d => $"line {d.LinePositionSpan.Start.Line + 1}: error {d.Code}: {d.Message}").ToArray();
            return new CellError("CompilationError", $"error {errors[0].Code}: {errors[0].Message}", errors[0].LinePositionSpan.Start.Line + 1, lines);
        }
        if (failed.Exception is { } exception)
        {
            while (exception is System.Reflection.TargetInvocationException { InnerException: { } inner }) exception = inner;
            var traceback = exception.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
            return new CellError(exception.GetType().FullName ?? "Exception", $"{exception.GetType().FullName}: {exception.Message}", LineInCell(exception), traceback) { Value = exception.Message };
        }
        var text = failed.Message.Split('\n')[0].Trim();
        return new CellError("Error", text, null, failed.Message.Split('\n'));
    }

    /// <summary>The innermost frame of the cell's own code (the kernel compiles each submission as "Submission#N"), when it has a line.</summary>
    private static int? LineInCell(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
            {
                if (frame.GetMethod()?.DeclaringType?.FullName?.StartsWith("Submission#", StringComparison.Ordinal) == true && frame.GetFileLineNumber() > 0)
                    return frame.GetFileLineNumber();
            }
        }
        return null;
    }

    private static InteractiveDocument Load(string fullPath, string path)
    {
        if (!File.Exists(fullPath)) throw new NotebookException(path, null, null, "no such notebook");
        try
        {
            using var stream = File.OpenRead(fullPath);
            return Notebook.Read(stream, Kernels);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new NotebookException(path, null, null, $"not a valid .ipynb notebook: {e.Message}");
        }
    }

    /// <summary>The code cells to run, numbered as in failure messages (1-based among all cells); each must be C#. Old outputs go.</summary>
    private static IReadOnlyList<(int Number, InteractiveDocumentElement Cell)> Plan(InteractiveDocument document, string path)
    {
        var steps = new List<(int, InteractiveDocumentElement)>();
        for (var i = 0; i < document.Elements.Count; i++)
        {
            var cell = document.Elements[i];
            if (IsMarkdown(cell)) continue;
            if (!NotebookKernel.IsCSharp(cell.KernelName))
                throw new NotebookException(path, i + 1, null, $"the cell's language is {cell.KernelName} (metadata polyglot_notebook.kernelName); only C# cells run here");
            cell.Outputs.Clear();
            cell.ExecutionOrder = 0;
            steps.Add((i + 1, cell));
        }
        // A run that executes nothing must not report success.
        if (steps.Count == 0) throw new NotebookException(path, null, null, "has no C# code cells: nothing to run");
        return steps;
    }

    private static bool IsMarkdown(InteractiveDocumentElement cell) => cell.KernelName is "markdown" or "md";

    /// <summary>papermill's step: replace any earlier injected cell with one assigning the given values, right after the "parameters" cell.</summary>
    private static void InjectParameters(InteractiveDocument document, string path, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (parameters.Count == 0) return;
        var cells = document.Elements;
        var index = IndexOfTagged(cells, ParameterInjection.ParametersTag);
        if (index < 0) throw new NotebookException(path, null, null, $"-p {string.Join(", ", parameters.Select(p => p.Key))}: no cell is tagged \"{ParameterInjection.ParametersTag}\" to declare them");
        var declared = ParameterInjection.Declared(cells[index].Contents);
        if (parameters.FirstOrDefault(p => !declared.ContainsKey(p.Key)) is { Key: { } unknown })
        {
            var known = declared.Count == 0 ? "it declares none" : $"it declares {string.Join(", ", declared.Keys)}";
            throw new NotebookException(path, index + 1, null, $"parameter {unknown} is not declared in the parameters cell ({known})");
        }
        string source;
        try
        {
            source = ParameterInjection.InjectedSource(declared, parameters);
        }
        catch (ArgumentException e)
        {
            throw new NotebookException(path, index + 1, null, e.Message);
        }
        for (var i = cells.Count - 1; i >= 0; i--)
        {
            if (Tags(cells[i]).Contains(ParameterInjection.InjectedTag)) cells.RemoveAt(i);
        }
        index = IndexOfTagged(cells, ParameterInjection.ParametersTag);
        var taken = cells.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var injected = new InteractiveDocumentElement(source, NotebookKernel.CSharp)
        {
            Id = NewCellId(taken), // nbformat 4.5 requires one, and the reader only keeps the ids it read
            Metadata = new Dictionary<string, object> { ["tags"] = new[] { ParameterInjection.InjectedTag } },
        };
        cells.Insert(index + 1, injected);
    }

    /// <summary>nbformat 4.5 gives every cell an id; a notebook saved as 4.4 or earlier has none, and the reader adds none.</summary>
    private static void AddMissingCellIds(InteractiveDocument document)
    {
        var taken = document.Elements.Select(c => c.Id).Where(id => !string.IsNullOrEmpty(id)).ToHashSet(StringComparer.Ordinal);
        foreach (var cell in document.Elements.Where(c => string.IsNullOrEmpty(c.Id)))
        {
            cell.Id = NewCellId(taken!);
            taken.Add(cell.Id);
        }
    }

    private static string NewCellId(IReadOnlySet<string?> taken)
    {
        while (true)
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            if (!taken.Contains(id)) return id;
        }
    }

    private static int IndexOfTagged(IList<InteractiveDocumentElement> cells, string tag)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (!IsMarkdown(cells[i]) && Tags(cells[i]).Contains(tag)) return i;
        }
        return -1;
    }

    /// <summary>A cell's metadata.tags, however the reader typed the array.</summary>
    internal static IReadOnlyList<string> Tags(InteractiveDocumentElement cell) =>
        cell.Metadata?.TryGetValue("tags", out var tags) == true
            ? tags switch
            {
                string one => [one],
                System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Array } array => array.EnumerateArray().Select(t => t.ToString()).ToArray(),
                System.Collections.IEnumerable many => many.Cast<object?>().Select(t => t?.ToString() ?? "").ToArray(),
                _ => [],
            }
            : [];

    /// <summary>--feed folders, then SAFR_FEED's; each must exist, or the notebook would fail later on a package it cannot find.</summary>
    private static IReadOnlyList<string> Feeds(NotebookRunOptions options, string path)
    {
        var feeds = options.Feeds.ToList();
        if (options.UseEnvironmentFeeds && Environment.GetEnvironmentVariable("SAFR_FEED") is { Length: > 0 } listed)
            feeds.AddRange(listed.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var full = feeds.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToArray();
        if (full.FirstOrDefault(f => !Directory.Exists(f)) is { } missing)
            throw new NotebookException(path, null, null, $"the package feed {missing} does not exist (from --feed or SAFR_FEED)");
        return full;
    }

    /// <summary>Writes through a temporary file in the same folder and a rename, so a crash never leaves half a notebook.</summary>
    private static void Save(InteractiveDocument document, string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp-" + Environment.ProcessId;
        using (var stream = File.Create(temporary)) Notebook.Write(document, stream, Kernels);
        File.Move(temporary, target, overwrite: true);
    }

    /// <summary>The CLI's live echo of what cells print, to the process's real streams (the kernel redirects Console while a cell runs).</summary>
    private static void Echo(KernelEvent e)
    {
        var text = e switch
        {
            StandardOutputValueProduced o => o.FormattedValues.FirstOrDefault()?.Value,
            StandardErrorValueProduced o => o.FormattedValues.FirstOrDefault()?.Value,
            _ => null,
        };
        if (text is null) return;
        RealStandardError.Value.Write(text);
        RealStandardError.Value.Flush();
    }

    private static readonly Lazy<TextWriter> RealStandardError = new(() => new StreamWriter(Console.OpenStandardError(), new UTF8Encoding(false)) { AutoFlush = true });

    /// <summary>A failed cell: the error output's name, the one-line message the CLI prints, and the output's value (the message unless set).</summary>
    private sealed record CellError(string Name, string Message, int? Line, string[] Traceback)
    {
        public string Value { get; init; } = Message;
    }

    private sealed record CellOutcome(CellError? Failure);
}
