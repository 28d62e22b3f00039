using System.Reflection;

namespace Safr.Kit.Display;

/// <summary>
/// The token a notebook's Stop button (or Ctrl+C in the headless runner) cancels, for long cells:
/// <c>trainer.Fit(train, dev, progress, NotebookCancellation.Token)</c>. In Polyglot Notebooks it is the
/// kernel's KernelInvocationContext.Current.CancellationToken (which <c>safr notebooks run</c> cancels on Ctrl+C
/// with the kernel's Cancel command), found by name so the kit does not depend on the kernel; elsewhere
/// CancellationToken.None.
/// </summary>
public static class NotebookCancellation
{
    public static CancellationToken Token => KernelToken() ?? CancellationToken.None;

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
