namespace Safr.Notebooks.Tests;

/// <summary>Runs a built notebook in a temp folder with an isolated package cache, and reads the result back.</summary>
internal static class Runs
{
    public static async Task<(NotebookRunResult Result, ExecutedNotebook Notebook)> Run(
        TempFolder temp, NotebookBuilder builder, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        var path = builder.Save(temp.Path);
        var result = await NotebookRunner.RunAsync(path, Isolated(temp, options), cancellationToken);
        return (result, new ExecutedNotebook(result.WrittenTo));
    }

    /// <summary>No SAFR_FEED from the environment, a package cache and a global packages folder of the test's own.</summary>
    public static NotebookRunOptions Isolated(TempFolder temp, NotebookRunOptions? options = null) => (options ?? new NotebookRunOptions()) with
    {
        UseEnvironmentFeeds = false,
        PackageCache = options?.PackageCache ?? temp["cache"],
        GlobalPackagesFolder = options?.GlobalPackagesFolder ?? temp["global-packages"],
    };

    /// <summary>
    /// Cancels once <paramref name="flag"/> exists, i.e. once a cell that writes it is really running: on a loaded
    /// machine compiling the cell can take longer than any short fixed delay.
    /// </summary>
    public static Task CancelWhenFileAppears(string flag, CancellationTokenSource cancel) => Task.Run(async () =>
    {
        while (!File.Exists(flag)) await Task.Delay(10);
        cancel.Cancel();
    });
}
