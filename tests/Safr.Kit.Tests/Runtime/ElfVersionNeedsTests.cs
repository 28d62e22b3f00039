using System.Buffers.Binary;
using Safr.Kit.Runtime;

namespace Safr.Kit.Tests.Runtime;

/// <summary>The ELF analysis on TorchSharp's real libLibTorchSharp.so: what it needs, when lowering is allowed, and
/// that the patched copy differs from the original in the renamed bytes only.</summary>
public class ElfVersionNeedsTests
{
    [Fact]
    public void TheHashFunctionMatchesEveryHashTheLinkerWrote()
    {
        var original = File.ReadAllBytes(Shipped.LibTorchSharp);
        var needs = ElfVersionNeeds.Read(original).Needs;

        Assert.True(needs.Count > 20, $"only {needs.Count} needs read");
        foreach (var need in needs)
            Assert.Equal(BinaryPrimitives.ReadUInt32LittleEndian(original.AsSpan((int)need.AuxOffset)), ElfVersionNeeds.ElfHash(need.Version));
    }

    [Fact]
    public void OnAGcc12LibstdcxxTheShippedFileIsPatchedInTheNameAndHashOfOneNeedOnly()
    {
        var original = File.ReadAllBytes(Shipped.LibTorchSharp);
        var elf = ElfVersionNeeds.Read(original);

        var decision = GlibcxxNeedLowering.Decide(elf, Shipped.Gcc12);

        Assert.True(decision.Patch, decision.Reason);
        var need = decision.Need!;
        Assert.Equal(("libstdc++.so.6", "GLIBCXX_3.4.32"), (need.File, need.Version));
        Assert.Equal(["_ZSt21ios_base_library_initv"], elf.SymbolsWith(need));
        Assert.Empty(elf.RelocatedSymbolsWith(need));

        var patched = ElfVersionNeeds.Rename(original, need, "GLIBCXX_3.4.30");
        Assert.Equal(original.Length, patched.Length);
        var changed = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Contains(changed, i => i >= need.NameOffset && i < need.NameOffset + need.Version.Length);
        Assert.Contains(changed, i => i >= need.AuxOffset && i < need.AuxOffset + 4);
        Assert.All(changed, i => Assert.True(
            (i >= need.NameOffset && i < need.NameOffset + need.Version.Length) || (i >= need.AuxOffset && i < need.AuxOffset + 4),
            $"byte {i} changed outside the need's name and hash"));

        var after = ElfVersionNeeds.Read(patched);
        Assert.DoesNotContain(after.Needs, n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal(elf.Needs.Count, after.Needs.Count);
        var renamed = after.Needs.Single(n => n.AuxOffset == need.AuxOffset);
        Assert.Equal(("GLIBCXX_3.4.30", need.Index), (renamed.Version, renamed.Index));
        Assert.Equal(ElfVersionNeeds.ElfHash("GLIBCXX_3.4.30"), BinaryPrimitives.ReadUInt32LittleEndian(patched.AsSpan((int)need.AuxOffset)));
        Assert.False(GlibcxxNeedLowering.Decide(after, Shipped.Gcc12).Patch); // nothing left unmet
    }

    [Fact]
    public void WhereLibstdcxxDefinesGlibcxx3432NothingIsPatched()
    {
        var elf = ElfVersionNeeds.Read(File.ReadAllBytes(Shipped.LibTorchSharp));
        IReadOnlySet<string> gcc13 = Shipped.Gcc12("libstdc++.so.6")!.Append("GLIBCXX_3.4.31").Append("GLIBCXX_3.4.32").ToHashSet();

        var decision = GlibcxxNeedLowering.Decide(elf, file => file == "libstdc++.so.6" ? gcc13 : Shipped.Gcc12(file));

        Assert.False(decision.Patch);
        Assert.Null(decision.Need);
        Assert.Contains("every version it needs is defined", decision.Reason);
    }

    [Fact]
    public void ASecondUnmetNeedPreventsThePatchAndIsNamed()
    {
        var original = File.ReadAllBytes(Shipped.LibTorchSharp);
        var needs99 = ElfVersionNeeds.Read(Shipped.AlsoNeeding3499(original));

        var decision = GlibcxxNeedLowering.Decide(needs99, Shipped.Gcc12);

        Assert.False(decision.Patch);
        Assert.Contains("GLIBCXX_3.4.99 from libstdc++.so.6", decision.Reason);
        Assert.Contains("GLIBCXX_3.4.32 from libstdc++.so.6", decision.Reason);
    }

    [Fact]
    public void AVersionThatARelocationUsesIsNeverLowered()
    {
        // Swap the names of GLIBCXX_3.4.32 (no relocation) and GLIBCXX_3.4.30 (used by relocations).
        var original = File.ReadAllBytes(Shipped.LibTorchSharp);
        var elf = ElfVersionNeeds.Read(original);
        var unused = elf.Needs.Single(n => n.Version == "GLIBCXX_3.4.32");
        var used = elf.Needs.Single(n => n.Version == "GLIBCXX_3.4.30");
        Assert.NotEmpty(elf.RelocatedSymbolsWith(used));
        var swapped = ElfVersionNeeds.Read(ElfVersionNeeds.Rename(ElfVersionNeeds.Rename(original, unused, "GLIBCXX_3.4.30"), used, "GLIBCXX_3.4.32"));

        var decision = GlibcxxNeedLowering.Decide(swapped, Shipped.Gcc12);

        Assert.False(decision.Patch);
        Assert.StartsWith("relocations use ", decision.Reason);
    }

    [Fact]
    public void ANonElfFileIsRejectedWithAReason()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Read("#!/bin/sh\n"u8.ToArray().Concat(new byte[64]).ToArray()));
        Assert.Contains("Not an ELF file", error.Message);
    }
}
