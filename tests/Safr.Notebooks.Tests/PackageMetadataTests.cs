using System.IO.Compression;
using System.Xml.Linq;

namespace Safr.Notebooks.Tests;

/// <summary>What a package browser shows of the packed Safr.Kit: its README inside the package, tags, and no invented repository URL.</summary>
[Collection(NotebookSmokeCollection.Name)]
[Trait("Category", NotebookSmokeCollection.Category)]
public sealed class PackageMetadataTests(PackedKit kit)
{
    [Fact]
    public void ThePackageCarriesItsReadmeAndTagsAndNoRepositoryUrl()
    {
        using var package = ZipFile.OpenRead(Path.Combine(kit.Feed, $"Safr.Kit.{kit.Version}.nupkg"));
        var nuspec = XDocument.Load(package.GetEntry("Safr.Kit.nuspec")!.Open());
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("README.md", Field("readme"));
        var readme = new StreamReader(package.GetEntry("README.md")!.Open()).ReadToEnd();
        Assert.Equal(File.ReadAllText(Path.Combine(SafrCommand.RepositoryRoot, "src", "Safr.Kit", "README.md")), readme);
        Assert.Contains("#r \"nuget: Safr.Kit, *-*\"", readme, StringComparison.Ordinal);
        Assert.Contains("SAFR", (Field("tags") ?? "").Split(' '));
        // The commit it was built from may be named (the SDK writes <repository type="git" commit="...">), but no URL:
        // the kit has no public repository yet.
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository")?.Attribute("url"));
        Assert.Null(Field("projectUrl"));
    }
}
