namespace Safr.Notebooks.Tests;

/// <summary>Runs a built notebook in a temp folder on the in-process kernel, and reads the result back.</summary>
internal static class Runs
{
    public static async Task<(NotebookRunResult Result, ExecutedNotebook Notebook)> Run(
        TempFolder temp, NotebookBuilder builder, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = builder.Save(temp.Path);
        var result = await NotebookRunner.RunAsync(path, Isolated(options), cancellationToken);
        return (result, new ExecutedNotebook(result.WrittenTo));
    }

    /// <summary>No SAFR_FEED from the environment: a test's feeds are the ones it names.</summary>
    public static NotebookRunOptions Isolated(NotebookRunOptions? options = null) => (options ?? new NotebookRunOptions()) with { UseEnvironmentFeeds = false };

    /// <summary>
    /// Cancels once <paramref name="flag"/> exists, i.e. once a cell that writes it is really running: on a loaded
    /// machine compiling the cell can take longer than any short fixed delay.
    /// </summary>
    public static Task CancelWhenFileAppears(string flag, CancellationTokenSource cancel) => Task.Run(async () =>
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!File.Exists(flag) && DateTime.UtcNow < deadline) await Task.Delay(10);
        cancel.Cancel();
        Assert.True(File.Exists(flag), $"the cell never wrote {flag}; cancelled anyway");
    });
}

/// <summary>
/// Tests that host the kernel in the test process run one at a time: the kernel redirects the process's Console
/// while a cell runs, and some change the current directory.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class InProcessKernelCollection
{
    public const string Name = "in-process kernel";
}
