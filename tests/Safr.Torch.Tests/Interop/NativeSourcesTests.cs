using Safr.Torch.Interop;

namespace Safr.Torch.Tests.Interop;


/// <summary>The bridge's sources travel inside the assembly, so a package install can build it anywhere.</summary>
[Collection("GlobalState")]
public class NativeSourcesTests
{
    [Fact]
    public void TheEmbeddedSourcesAreTheRepositorysNativeFolder()
    {
        var cache = Directory.CreateTempSubdirectory("safr-native-src-").FullName;
        var previous = Environment.GetEnvironmentVariable("SAFR_NATIVE_CACHE");
        try
        {
            Environment.SetEnvironmentVariable("SAFR_NATIVE_CACHE", cache);
            var extracted = NativeBuild.ExtractEmbeddedSources();
            Assert.StartsWith(cache, extracted);
            var repository = Path.Combine(SharedFolder.RepositoryRoot, "src", "Safr.Torch", "native");
            Assert.Equal(NativeBuild.SourceHash(repository), NativeBuild.SourceHash(extracted));
            Assert.Equal(
                Directory.GetFiles(repository).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                Directory.GetFiles(extracted).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            // A second call reuses the extracted folder.
            Assert.Equal(extracted, NativeBuild.ExtractEmbeddedSources());
        }
        finally
        {
            Environment.SetEnvironmentVariable("SAFR_NATIVE_CACHE", previous);
            Directory.Delete(cache, recursive: true);
        }
    }
}
