using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Safr.Notebooks.Tests;

/// <summary>
/// Builds real, tiny NuGet packages for the tests: C# compiled with Roslyn into ID.dll, zipped with ID.nuspec as
/// ID.VERSION.nupkg (lib/net10.0/ID.dll), the layout <c>dotnet pack</c> produces. The kernel restores them into
/// NuGet's global packages folder, so each test packs a version of its own (<see cref="UniqueVersion"/>).
/// </summary>
internal static class TestPackages
{
    private static readonly Lazy<MetadataReference[]> Framework = new(() =>
        Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll").Where(IsManaged).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray());

    /// <summary>A version no earlier run restored: a restored package is never read again from its feed.</summary>
    public static string UniqueVersion() => $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}.{Environment.ProcessId}";

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
    public static string Pack(string feed, string id, string version, byte[] assembly, params (string Id, string Range)[] dependencies) =>
        Pack(feed, id, version, assembly, new Dictionary<string, byte[]>(), dependencies);

    /// <summary>As <see cref="Pack(string, string, string, byte[], ValueTuple{string, string}[])"/>, with more files at their paths in the package (interactive-extensions/dotnet/...).</summary>
    public static string Pack(string feed, string id, string version, byte[] assembly, IReadOnlyDictionary<string, byte[]> files, params (string Id, string Range)[] dependencies)
    {
        Directory.CreateDirectory(feed);
        var path = Path.Combine(feed, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var nuspec = new StreamWriter(zip.CreateEntry($"{id}.nuspec").Open())) nuspec.Write(Nuspec(id, version, dependencies));
        using (var dll = zip.CreateEntry($"lib/net10.0/{id}.dll").Open()) dll.Write(assembly);
        foreach (var (entry, bytes) in files)
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(bytes);
        }
        return path;
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
