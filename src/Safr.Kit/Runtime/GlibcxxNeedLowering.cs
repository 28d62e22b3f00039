namespace Safr.Kit.Runtime;

/// <summary>Whether a library's GLIBCXX_3.4.32 need may be lowered to GLIBCXX_3.4.30, and why.</summary>
/// <param name="Patch">True only when that need is the one unmet need and no relocation binds through it.</param>
/// <param name="Reason">Why, in a phrase fit for a report.</param>
/// <param name="Need">The need to rename when <paramref name="Patch"/> is true.</param>
internal sealed record LoweringDecision(bool Patch, string Reason, VersionNeed? Need = null);

/// <summary>The one rewrite the kit allows. TorchSharp 0.107's libLibTorchSharp.so was linked against GCC 13's
/// libstdc++, which gave it a need for GLIBCXX_3.4.32 through a single symbol, _ZSt21ios_base_library_initv, that
/// no relocation uses; the loader still refuses the file where libstdc++ stops at 3.4.30 (GCC 12, Debian 12).</summary>
internal static class GlibcxxNeedLowering
{
    /// <summary>The library the need is on.</summary>
    public const string Library = "libstdc++.so.6";

    /// <summary>The version asked for.</summary>
    public const string Needed = "GLIBCXX_3.4.32";

    /// <summary>What the copy asks for instead: as long as <see cref="Needed"/>, and a version the file needs already.</summary>
    public const string Replacement = "GLIBCXX_3.4.30";

    /// <summary>Decides from the file's needs and the versions each needed library defines (null: unknown).
    /// Pure, so it can be tested against any set of available versions.</summary>
    public static LoweringDecision Decide(ElfVersionNeeds elf, Func<string, IReadOnlySet<string>?> definedBy)
    {
        var unmet = new List<VersionNeed>();
        foreach (var needs in elf.Needs.Where(n => !n.Weak).GroupBy(n => n.File))
        {
            var defined = definedBy(needs.Key);
            if (defined is null)
                return new(false, $"could not read which versions {needs.Key} defines");
            unmet.AddRange(needs.Where(n => !defined.Contains(n.Version)));
        }
        if (unmet.Count == 0)
            return new(false, "every version it needs is defined, so something else stops it");
        if (unmet.Count > 1 || unmet[0].File != Library || unmet[0].Version != Needed)
            return new(false, "it needs versions that are not defined: " + string.Join(", ", unmet.Select(n => $"{n.Version} from {n.File}")));

        var need = unmet[0];
        if (definedBy(Library) is not { } available || !available.Contains(Replacement))
            return new(false, $"{Library} does not define {Replacement} either");
        var relocated = elf.RelocatedSymbolsWith(need);
        if (relocated.Count > 0)
            return new(false, $"relocations use {string.Join(", ", relocated)} at {Needed}");
        if (elf.SharesItsName(need))
            return new(false, $"another name in .dynstr shares the bytes of {Needed}");
        return new(true, $"only {string.Join(", ", elf.SymbolsWith(need))} asks for {Needed}, and no relocation uses it", need);
    }
}
