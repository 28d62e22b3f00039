using System.Reflection;

namespace Safr.Kit.Display;

/// <summary>
/// The token a notebook's Stop button (or Ctrl+C in the headless runner) cancels, for long cells:
/// <c>trainer.Fit(train, dev, progress, NotebookCancellation.Token)</c>. In Polyglot Notebooks it is the
/// kernel's KernelInvocationContext.Current.CancellationToken, found by name so the kit does not depend on
/// the kernel; under <c>safr notebooks run</c> it is the runner's; elsewhere CancellationToken.None.
/// </summary>
public static class NotebookCancellation
{
    /// <summary>The name under which the headless runner publishes its token (AppContext data).</summary>
    public const string RunnerTokenKey = "Safr.Notebooks.CancellationToken";

    public static CancellationToken Token
    {
        get
        {
            if (KernelToken() is { } kernel) return kernel;
            return AppContext.GetData(RunnerTokenKey) is CancellationToken runner ? runner : CancellationToken.None;
        }
    }

    private static CancellationToken? KernelToken()
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.GetName().Name!.StartsWith("Microsoft.DotNet.Interactive", StringComparison.Ordinal)) continue;
            var type = assembly.GetType("Microsoft.DotNet.Interactive.KernelInvocationContext", throwOnError: false);
            var current = type?.GetProperty("Current", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            if (current?.GetType().GetProperty("CancellationToken")?.GetValue(current) is CancellationToken token) return token;
        }
        return null;
    }
}
