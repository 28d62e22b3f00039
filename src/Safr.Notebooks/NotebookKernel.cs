using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace Safr.Notebooks;

/// <summary>
/// The kernel a notebook runs in: .NET Interactive's <see cref="CSharpKernel"/> inside a <see cref="CompositeKernel"/>,
/// configured as the dotnet-interactive tool configures it for VS Code (#r "nuget: ..." and #i, the kernel helpers
/// <c>display</c>/<c>HTML</c>, #!who, value sharing) and with packages' kernel extensions loaded as the tool loads them.
/// </summary>
public static class NotebookKernel
{
    /// <summary>The C# kernel's name, as cells' polyglot_notebook.kernelName carries it.</summary>
    public const string CSharp = "csharp";

    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, packages) =>
            {
                // What the tool does with restored packages: reference their assemblies in the script.
                kernel.AddAssemblyReferences(packages.SelectMany(p => p.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();
        var composite = new CompositeKernel { { csharp, ["c#", "C#"] } };
        composite.DefaultKernelName = CSharp;
        PackageExtensions.LoadAfterEachCommand(composite);
        return composite;
    }

    /// <summary>True for C#'s names and aliases in .NET Interactive (csharp, c#, cs).</summary>
    public static bool IsCSharp(string? kernelName) => kernelName?.ToLowerInvariant() is "csharp" or "c#" or "cs";
}
