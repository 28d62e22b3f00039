using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Safr.Notebooks.Tests;

/// <summary>
/// Builds real, tiny NuGet packages for the tests: C# compiled with Roslyn into ID.dll, zipped with ID.nuspec as
/// ID.VERSION.nupkg (lib/net10.0/ID.dll), the layout <c>dotnet pack</c> produces.
/// </summary>
internal static class TestPackages
{
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(IsManaged).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>Compiles <paramref name="code"/> into an assembly named <paramref name="id"/> and returns its bytes.</summary>
    public static byte[] Compile(string id, string code, params string[] referencePaths)
    {
        var compilation = CSharpCompilation.Create(id,
            [CSharpSyntaxTree.ParseText(code)],
            Framework.Value.Concat(referencePaths.Select(p => MetadataReference.CreateFromFile(p))),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }

    /// <summary>Writes FEED/ID.VERSION.nupkg; dependencies are (id, NuGet version range) for the net10.0 group.</summary>
    public static string Pack(string feed, string id, string version, byte[] assembly, params (string Id, string Range)[] dependencies)
    {
        Directory.CreateDirectory(feed);
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open())) nuspec.Write(Nuspec(id, version, dependencies));
        using (var dll = zip.CreateEntry($"lib/net10.0/{id}.dll").Open()) dll.Write(assembly);
        return path;
    }

    /// <summary>Lays a package out as NuGet's global packages folder does: GLOBAL/id/version/ with id.nuspec, lib/ and .nupkg.metadata.</summary>
    public static string Install(string globalFolder, string id, string version, byte[] assembly, params (string Id, string Range)[] dependencies)
    {
        var folder = Path.Combine(globalFolder, id.ToLowerInvariant(), version.ToLowerInvariant());
        Directory.CreateDirectory(Path.Combine(folder, "lib", "net10.0"));
        File.WriteAllText(Path.Combine(folder, $"{id.ToLowerInvariant()}.nuspec"), Nuspec(id, version, dependencies));
        File.WriteAllBytes(Path.Combine(folder, "lib", "net10.0", $"{id}.dll"), assembly);
        File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"), "{\"version\": 2, \"contentHash\": \"\", \"source\": null}");
        return folder;
    }

    private static string Nuspec(string id, string version, (string Id, string Range)[] dependencies)
    {
        var group = string.Concat(dependencies.Select(d => $"<dependency id=\"{SecurityElement.Escape(d.Id)}\" version=\"{SecurityElement.Escape(d.Range)}\" />"));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>tests</authors>
                <description>A package built by Safr.Notebooks.Tests.</description>
                <dependencies><group targetFramework="net10.0">{group}</group></dependencies>
              </metadata>
            </package>
            """;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
