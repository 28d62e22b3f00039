using System.Globalization;

namespace Safr.Notebooks;

/// <summary>
/// <c>safr notebooks run</c> as a library call: runs several notebooks one after another, each in a fresh state,
/// prints one line per notebook with its wall time, and "NOTEBOOK cell N line L: MESSAGE" for each failure.
/// Exit codes: 0 all ran; 1 a cell failed; 2 a notebook could not run (missing, invalid, unknown magic command or
/// parameter, missing feed folder, unwritable output); 130 cancelled (the remaining notebooks are not started).
/// </summary>
public static class NotebookBatch
{
    public const string DefaultFolder = "notebooks";

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, NotebookRunOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> notebooks;
        try
        {
            notebooks = Expand(paths);
        }
        catch (NotebookException e)
        {
            error.WriteLine(e.Message);
            return 2;
        }
        // Resolve relative folders now: a notebook may run with its own folder as the current directory.
        options = options with
        {
            OutputDirectory = options.OutputDirectory is { } o ? Path.GetFullPath(o) : null,
            Feeds = options.Feeds.Select(Path.GetFullPath).ToArray(),
        };

        var exit = 0;
        foreach (var notebook in notebooks)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                output.WriteLine($"{notebook}: not started (cancelled)");
                continue;
            }
            var started = DateTime.UtcNow;
            try
            {
                var result = await NotebookRunner.RunAsync(notebook, options, cancellationToken).ConfigureAwait(false);
                if (result.Failure is { } failure) error.WriteLine(failure.Describe(notebook));
                var outcome = result.Status switch
                {
                    NotebookRunStatus.Succeeded => "ok",
                    NotebookRunStatus.Failed => "FAILED",
                    _ => "cancelled",
                };
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{notebook}: {outcome}, {result.CellsRun} cell{(result.CellsRun == 1 ? "" : "s")} in {result.Elapsed.TotalSeconds:F1} s, wrote {result.WrittenTo}"));
                exit = Math.Max(exit, result.Status switch { NotebookRunStatus.Succeeded => 0, NotebookRunStatus.Failed => 1, _ => 130 });
            }
            catch (Exception e) when (e is NotebookException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e is NotebookException ? e.Message : $"{notebook}: {e.Message}");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{notebook}: not run ({(DateTime.UtcNow - started).TotalSeconds:F1} s)"));
                exit = Math.Max(exit, 2);
            }
        }
        return exit;
    }

    /// <summary>Files as given; a folder means its *.ipynb in name order; nothing means ./notebooks.</summary>
    public static IReadOnlyList<string> Expand(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            if (!Directory.Exists(DefaultFolder)) throw new NotebookException(DefaultFolder, null, null, "no notebooks given, and there is no notebooks folder here");
            paths = [DefaultFolder];
        }
        var notebooks = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new NotebookException(path, null, null, "the folder has no .ipynb notebooks");
                notebooks.AddRange(found);
            }
            else if (File.Exists(path)) notebooks.Add(path);
            else throw new NotebookException(path, null, null, "no such notebook or folder");
        }
        return notebooks;
    }
}
