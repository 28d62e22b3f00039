using Safr.Kit.Runtime;

namespace Safr.Kit.Tests.Runtime;

/// <summary>Loading: TorchSharp computes after EnsureLoaded, and copies of the shipped file that fail for any other
/// reason are neither patched nor explained away: the report keeps the loader's own message.</summary>
public sealed class TorchSharpRuntimeTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("safr-runtime-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void AfterEnsureLoadedTorchComputesWithThePackagesLibtorch()
    {
        var report = TorchSharpRuntime.EnsureLoaded();

        Assert.Same(report, TorchSharpRuntime.EnsureLoaded());
        Assert.True(report.Outcome is TorchSharpLoadOutcome.Loaded or TorchSharpLoadOutcome.LoadedPatchedCopy, report.ToString());
        Assert.Equal(!LibstdcxxDefines("GLIBCXX_3.4.32"), report.Patched);
        Assert.True(report.ResolverInstalled, report.ResolverNote);
        Assert.Equal(3f, TorchSharp.torch.ones(3).sum().item<float>());
        Assert.StartsWith("2.10", TorchSharp.torch.__version__);
    }

    [Fact]
    public void ACopyThatAlsoNeedsAnUndefinedVersionIsNotPatchedAndTheReportSaysWhy()
    {
        var copy = Write("libLibTorchSharp.so", Shipped.AlsoNeeding3499(File.ReadAllBytes(Shipped.LibTorchSharp)));
        var notices = new StringWriter();

        var load = LibTorchSharpLoader.Load(copy, Shipped.LibTorchFolders, Path.Combine(folder, "cache"), notices);

        Assert.False(load.Loaded);
        Assert.False(load.Patched);
        Assert.Contains("GLIBCXX_3.4.99 from libstdc++.so.6", load.Reason);
        if (!LibstdcxxDefines("GLIBCXX_3.4.32"))
            Assert.Contains("`GLIBCXX_3.4.32' not found", load.Error); // the loader names the first missing version only
        Assert.Equal("", notices.ToString());
        Assert.False(Directory.Exists(Path.Combine(folder, "cache")));
    }

    [Fact]
    public void ACopyNeedingAMissingLibraryFailsWithTheLoadersOwnMessageAndIsNotPatched()
    {
        var copy = Write("libLibTorchSharp.so", Shipped.NeedingAMissingLibrary(File.ReadAllBytes(Shipped.LibTorchSharp), "libc1z.so"));
        var notices = new StringWriter();

        var load = LibTorchSharpLoader.Load(copy, Shipped.LibTorchFolders, Path.Combine(folder, "cache"), notices);

        Assert.False(load.Loaded);
        Assert.False(load.Patched);
        Assert.Equal("libc1z.so: cannot open shared object file: No such file or directory", load.Error);
        Assert.Equal("", notices.ToString());
        Assert.False(Directory.Exists(Path.Combine(folder, "cache")));
    }

    [Fact]
    public void TheShippedFileLoadsAsShippedOrAsOnePatchedCopyBesideLinksToItsSiblings()
    {
        var cache = Path.Combine(folder, "cache");
        var notices = new StringWriter();

        var load = LibTorchSharpLoader.Load(Shipped.LibTorchSharp, Shipped.LibTorchFolders, cache, notices);

        Assert.True(load.Loaded, $"{load.Reason}: {load.Error}");
        if (LibstdcxxDefines("GLIBCXX_3.4.32"))
        {
            Assert.Equal((false, Shipped.LibTorchSharp), (load.Patched, load.LoadedPath));
            return;
        }
        Assert.True(load.Patched);
        var copyFolder = Assert.Single(Directory.GetDirectories(cache));
        Assert.Equal(Path.Combine(copyFolder, "libLibTorchSharp.so"), load.LoadedPath);
        Assert.Equal(Path.Combine(Shipped.LibTorchFolders[0], "libtorch_cpu.so"), new FileInfo(Path.Combine(copyFolder, "libtorch_cpu.so")).LinkTarget);
        Assert.DoesNotContain(Directory.GetFiles(copyFolder), f => Path.GetFileName(f).StartsWith('.'));
        var line = Assert.Single(notices.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("safr: TorchSharp's libLibTorchSharp.so asks for GLIBCXX_3.4.32", line);
        Assert.Contains(load.LoadedPath!, line);
        Assert.Contains("SAFR_NO_TORCHSHARP_FIX=1", line);

        // Later loads find the same copy and say nothing: the notice comes when the copy is made, not on every command.
        var later = new StringWriter();
        var again = LibTorchSharpLoader.Load(Shipped.LibTorchSharp, Shipped.LibTorchFolders, cache, later);
        Assert.True(again.Loaded && again.Patched, $"{again.Reason}: {again.Error}");
        Assert.Equal(load.LoadedPath, again.LoadedPath);
        Assert.Equal("", later.ToString());
    }

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static bool LibstdcxxDefines(string version)
    {
        var path = DynamicLinker.PathOf(DynamicLinker.Open("libstdc++.so.6", out var error)) ?? throw new InvalidOperationException(error);
        return ElfVersionNeeds.DefinedVersions(File.ReadAllBytes(path)).Contains(version);
    }
}
