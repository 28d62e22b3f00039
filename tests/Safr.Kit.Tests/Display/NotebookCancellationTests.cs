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
        var source = File.ReadAllText(Path.Combine(SharedFolder.RepositoryRoot, "src", "Safr.Notebooks", "NotebookSession.cs"));
        Assert.Contains($"CancellationTokenKey = \"{NotebookCancellation.RunnerTokenKey}\"", source);
    }
}
