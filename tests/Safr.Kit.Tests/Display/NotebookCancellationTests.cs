using Safr.Kit.Display;

namespace Safr.Kit.Tests.Display;

public class NotebookCancellationTests
{
    /// <summary>Outside a kernel (no Microsoft.DotNet.Interactive loaded here) there is nothing to cancel. The kernel's own token is
    /// tested where a real kernel runs: Safr.Notebooks.Tests' KernelCancellationTests.</summary>
    [Fact]
    public void IsNoneOutsideANotebook() => Assert.Equal(CancellationToken.None, NotebookCancellation.Token);
}
