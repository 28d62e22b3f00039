namespace Safr.Notebooks;

/// <summary>
/// The globals every cell sees, named as in the .NET Interactive kernel where it has them:
/// <c>display(value, mimeTypes)</c> and <c>HTML(markup)</c>. <see cref="KernelCancellationToken"/> is this runner's
/// stand-in for the kernel's <c>Microsoft.DotNet.Interactive.KernelInvocationContext.Current.CancellationToken</c>:
/// it is cancelled when the run is (Ctrl+C on <c>safr notebooks run</c>), so long loops can stop cleanly.
/// </summary>
public sealed class NotebookGlobals
{
    private readonly NotebookSession session;

    internal NotebookGlobals(NotebookSession session) => this.session = session;

    /// <summary>Cancelled when the run is cancelled; pass it to long-running work or poll it.</summary>
    public CancellationToken KernelCancellationToken => session.CancellationToken;

    /// <summary>Shows a value as an output of the running cell (text/html when a formatter offers it, text/plain always).</summary>
    public DisplayedValue display(object? value, params string[] mimeTypes) => session.Display(value, mimeTypes);

    /// <summary>Markup to display as HTML.</summary>
    public HtmlString HTML(string html) => new(html);
}
