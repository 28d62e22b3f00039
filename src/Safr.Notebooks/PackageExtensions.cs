using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace Safr.Notebooks;

/// <summary>
/// Loads the kernel extensions a NuGet package carries in <c>interactive-extensions/dotnet</c>: its
/// <see cref="IKernelExtension"/> types and its <c>extension.dib</c> script (Safr.Kit's makes TorchSharp's native
/// library load; Microsoft.Data.Analysis's registers the DataFrame formatter). Written here because the loader
/// lives in the dotnet-interactive tool, not in the packages a host can reference; it follows the tool's rules:
/// after the command that added the package, each package root once.
/// </summary>
internal static class PackageExtensions
{
    private const string ScriptName = "extension.dib";

    public static void LoadAfterEachCommand(CompositeKernel kernel)
    {
        var added = new ConcurrentQueue<string>();
        var seen = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        kernel.RegisterForDisposal(kernel.KernelEvents.Subscribe(e =>
        {
            if (e is PackageAdded { PackageReference.PackageRoot: { Length: > 0 } root } && seen.TryAdd(root, true)) added.Enqueue(root);
        }));
        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (added.TryDequeue(out var root))
            {
                var folder = Path.Combine(root, "interactive-extensions", "dotnet");
                if (Directory.Exists(folder)) await LoadAsync(folder, kernel, context);
            }
        });
    }

    private static async Task LoadAsync(string folder, CompositeKernel kernel, KernelInvocationContext context)
    {
        foreach (var dll in Directory.EnumerateFiles(folder, "*.dll").Order(StringComparer.Ordinal))
        {
            var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
            var extensions = assembly.GetExportedTypes()
                .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IKernelExtension).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null);
            foreach (var type in extensions)
            {
                try
                {
                    await ((IKernelExtension)Activator.CreateInstance(type)!).OnLoadAsync(kernel);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    context.Fail(context.Command, new KernelExtensionLoadException(e), $"the kernel extension {type.FullName} in {dll} failed to load: {(e as TargetInvocationException)?.InnerException?.Message ?? e.Message}");
                    return;
                }
            }
        }
        var script = new FileInfo(Path.Combine(folder, ScriptName));
        if (script.Exists) await kernel.LoadAndRunInteractiveDocument(script, context.Command);
    }

}
