using Safr.Kit.Display;

namespace Safr.Kit.Tests.Display;

[Collection("KitGlobalState")]
public class NotebookCancellationTests
{
    [Fact]
    public void ReadsTheRunnersTokenAndIsNoneOutsideANotebook()
    {
        var previous = AppContext.GetData(NotebookCancellation.RunnerTokenKey);
        try
        {
            AppContext.SetData(NotebookCancellation.RunnerTokenKey, null);
            Assert.Equal(CancellationToken.None, NotebookCancellation.Token);
            using var source = new CancellationTokenSource();
            AppContext.SetData(NotebookCancellation.RunnerTokenKey, source.Token);
            Assert.Equal(source.Token, NotebookCancellation.Token);
            source.Cancel();
            Assert.True(NotebookCancellation.Token.IsCancellationRequested);
        }
        finally
        {
            AppContext.SetData(NotebookCancellation.RunnerTokenKey, previous);
        }
    }

    [Fact]
    public void TheKeyIsTheOneTheRunnerPublishes()
    {
        // Safr.Kit cannot reference the runner; the two constants must agree.
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Safr.Notebooks", "NotebookSession.cs"));
        Assert.Contains($"CancellationTokenKey = \"{NotebookCancellation.RunnerTokenKey}\"", source);
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Safr.Notebooks.slnx"))) return d.FullName;
        throw new DirectoryNotFoundException("repository root not found");
    }
}
