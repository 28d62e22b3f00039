using System.Buffers.Binary;
using System.Text;

namespace Safr.Kit.Runtime;

/// <summary>One symbol version a shared object needs from another library (an entry of .gnu.version_r).</summary>
/// <param name="File">The library that must define it (vn_file), e.g. libstdc++.so.6.</param>
/// <param name="Version">The version's name, e.g. GLIBCXX_3.4.32.</param>
/// <param name="Index">The index symbols use for it in .gnu.version (vna_other).</param>
/// <param name="Weak">VER_FLG_WEAK: the loader does not fail when a weak version is missing.</param>
/// <param name="NameOffset">File offset of the version's string in .dynstr.</param>
/// <param name="AuxOffset">File offset of the Vernaux entry; vna_hash is its first field.</param>
internal sealed record VersionNeed(string File, string Version, ushort Index, bool Weak, long NameOffset, long AuxOffset);

/// <summary>The symbol versioning of an ELF64 little-endian shared object: the versions it needs, the dynamic
/// symbols carrying each, which of those relocations use, and (for a provider) the versions it defines.
/// Hand-written because no .NET library reads or edits ELF symbol versioning.</summary>
internal sealed class ElfVersionNeeds
{
    private const uint ShtRela = 4, ShtDynamic = 6, ShtRel = 9, ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd, ShtGnuVerneed = 0x6ffffffe, ShtGnuVersym = 0x6fffffff;
    private const long DtNull = 0, DtNeeded = 1, DtSoname = 14, DtRpath = 15, DtRunpath = 29;

    private readonly record struct Section(int Index, uint Type, long Offset, long Size, uint Link, uint Info);

    private readonly byte[] elf;
    private readonly Section dynstr;
    private readonly string[] symbolNames;
    private readonly ushort[] symbolVersions;
    private readonly HashSet<int> relocatedSymbols = [];
    // Every reference into .dynstr (its offset there) with the Vernaux that owns it (-1 for any other), so a
    // rewrite can prove that no other name shares the bytes it changes.
    private readonly List<(long Offset, long Owner)> stringReferences = [];

    private ElfVersionNeeds(byte[] elf)
    {
        this.elf = elf;
        var sections = ReadSections(elf);
        var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
        if (dynsym.Type != ShtDynsym || dynsym.Link >= sections.Count)
            throw new InvalidDataException("The file has no dynamic symbol table.");
        dynstr = sections[(int)dynsym.Link];

        var count = (int)(dynsym.Size / 24);
        symbolNames = new string[count];
        for (var i = 0; i < count; i++)
        {
            var name = U32(dynsym.Offset + 24L * i);
            symbolNames[i] = DynamicString(name);
            stringReferences.Add((name, -1));
        }

        symbolVersions = new ushort[count];
        foreach (var versym in sections.Where(s => s.Type == ShtGnuVersym))
            for (var i = 0; i < Math.Min(count, versym.Size / 2); i++)
                symbolVersions[i] = (ushort)(U16(versym.Offset + 2L * i) & 0x7fff); // bit 15 is "hidden"

        var needs = new List<VersionNeed>();
        foreach (var verneed in sections.Where(s => s.Type == ShtGnuVerneed))
        {
            var entry = verneed.Offset;
            for (var i = 0; i < verneed.Info; i++)
            {
                var file = U32(entry + 4);
                stringReferences.Add((file, -1));
                var aux = entry + U32(entry + 8);
                for (var j = 0; j < U16(entry + 2); j++)
                {
                    var name = U32(aux + 8);
                    stringReferences.Add((name, aux));
                    needs.Add(new VersionNeed(DynamicString(file), DynamicString(name), U16(aux + 6),
                        (U16(aux + 4) & 0x2) != 0, dynstr.Offset + name, aux));
                    aux += U32(aux + 12);
                }
                var next = U32(entry + 12);
                if (next == 0)
                    break;
                entry += next;
            }
        }
        Needs = needs;

        foreach (var relocations in sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsym.Index))
        {
            var size = relocations.Type == ShtRela ? 24 : 16;
            for (long at = relocations.Offset; at + size <= relocations.Offset + relocations.Size; at += size)
                relocatedSymbols.Add((int)(U64(at + 8) >> 32)); // r_info's symbol index
        }
        relocatedSymbols.Remove(0);

        var needed = new List<(string, long)>();
        foreach (var dynamic in sections.Where(s => s.Type == ShtDynamic))
        {
            for (long at = dynamic.Offset; at + 16 <= dynamic.Offset + dynamic.Size; at += 16)
            {
                var tag = (long)U64(at);
                if (tag == DtNull)
                    break;
                if (tag is DtNeeded or DtSoname or DtRpath or DtRunpath)
                {
                    stringReferences.Add(((long)U64(at + 8), -1));
                    if (tag == DtNeeded)
                        needed.Add((DynamicString((long)U64(at + 8)), dynstr.Offset + (long)U64(at + 8)));
                }
            }
        }
        Needed = needed;
    }

    /// <summary>The versions needed, in file order.</summary>
    public IReadOnlyList<VersionNeed> Needs { get; }

    /// <summary>The DT_NEEDED entries: each library's name and the file offset of that name in .dynstr.</summary>
    public IReadOnlyList<(string Library, long NameOffset)> Needed { get; }

    /// <summary>Reads a shared object's version needs; throws InvalidDataException for anything but ELF64 little-endian.</summary>
    public static ElfVersionNeeds Read(byte[] elf) => new(elf);

    /// <summary>The dynamic symbols bound to a version (through .gnu.version).</summary>
    public IReadOnlyList<string> SymbolsWith(VersionNeed need) =>
        Enumerable.Range(0, symbolNames.Length).Where(i => symbolVersions[i] == need.Index).Select(i => symbolNames[i]).ToList();

    /// <summary>Those of <see cref="SymbolsWith"/> that some relocation (.rela.dyn, .rela.plt) refers to.</summary>
    public IReadOnlyList<string> RelocatedSymbolsWith(VersionNeed need) =>
        relocatedSymbols.Where(i => i < symbolNames.Length && symbolVersions[i] == need.Index).Select(i => symbolNames[i]).ToList();

    /// <summary>Whether any other name in .dynstr (a symbol, a library, another version) overlaps this need's string.</summary>
    public bool SharesItsName(VersionNeed need)
    {
        var start = need.NameOffset - dynstr.Offset;
        var end = start + Encoding.ASCII.GetByteCount(need.Version);
        return stringReferences.Any(r => r.Owner != need.AuxOffset && r.Offset < end && r.Offset + Encoding.UTF8.GetByteCount(DynamicString(r.Offset)) >= start);
    }

    /// <summary>The versions a provider library defines (.gnu.version_d), without its base entry (the soname).</summary>
    public static IReadOnlySet<string> DefinedVersions(byte[] elf)
    {
        var sections = ReadSections(elf);
        var defined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var verdef in sections.Where(s => s.Type == ShtGnuVerdef && s.Link < sections.Count))
        {
            var strings = sections[(int)verdef.Link];
            var entry = verdef.Offset;
            for (var i = 0; i < verdef.Info; i++)
            {
                if ((Read16(elf, entry + 2) & 0x1) == 0 && Read16(elf, entry + 6) > 0) // not VER_FLG_BASE, has a name
                    defined.Add(ReadString(elf, strings, Read32(elf, entry + Read32(elf, entry + 12))));
                var next = Read32(elf, entry + 16);
                if (next == 0)
                    break;
                entry += next;
            }
        }
        return defined;
    }

    /// <summary>A copy of <paramref name="elf"/> whose need names <paramref name="replacement"/> (same length) instead,
    /// with vna_hash updated to match; nothing else changes.</summary>
    public static byte[] Rename(byte[] elf, VersionNeed need, string replacement)
    {
        var old = Encoding.ASCII.GetBytes(need.Version + "\0");
        var name = Encoding.ASCII.GetBytes(replacement + "\0");
        if (name.Length != old.Length)
            throw new ArgumentException($"{replacement} is not as long as {need.Version}.", nameof(replacement));
        if (!elf.AsSpan((int)need.NameOffset, old.Length).SequenceEqual(old))
            throw new ArgumentException($"The file has no {need.Version} at offset {need.NameOffset}.", nameof(need));
        var copy = (byte[])elf.Clone();
        name.CopyTo(copy, need.NameOffset);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan((int)need.AuxOffset), ElfHash(replacement));
        return copy;
    }

    /// <summary>The System V ELF hash, which vna_hash holds.</summary>
    public static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0)
                h ^= g >> 24;
            h &= ~g;
        }
        return h;
    }

    private string DynamicString(long offset) => ReadString(elf, dynstr, offset);

    private ushort U16(long at) => Read16(elf, at);
    private uint U32(long at) => Read32(elf, at);
    private ulong U64(long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(elf, at, 8));

    private static List<Section> ReadSections(byte[] elf)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("Not a 64-bit little-endian ELF file.");
        var headers = (long)BinaryPrimitives.ReadUInt64LittleEndian(elf.AsSpan(40));
        var size = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(58));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(60));
        if (size < 64 || count == 0)
            throw new InvalidDataException("The ELF file has no section headers.");
        var sections = new List<Section>(count);
        for (var i = 0; i < count; i++)
        {
            var h = headers + (long)size * i;
            var section = new Section(i, Read32(elf, h + 4), (long)Read64(elf, h + 24), (long)Read64(elf, h + 32), Read32(elf, h + 40), Read32(elf, h + 44));
            if (section.Type != 8 && (section.Offset < 0 || section.Size < 0 || section.Offset + section.Size > elf.Length)) // 8: SHT_NOBITS
                throw new InvalidDataException($"Section {i} lies outside the file.");
            sections.Add(section);
        }
        return sections;
    }

    private static string ReadString(byte[] elf, Section table, long offset)
    {
        if (offset < 0 || offset >= table.Size)
            throw new InvalidDataException($"String offset {offset} lies outside its string table.");
        var bytes = elf.AsSpan((int)(table.Offset + offset), (int)(table.Size - offset));
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private static ReadOnlySpan<byte> Slice(byte[] elf, long at, int length) =>
        at >= 0 && at + length <= elf.Length ? elf.AsSpan((int)at, length) : throw new InvalidDataException($"Offset {at} lies outside the file.");

    private static ushort Read16(byte[] elf, long at) => BinaryPrimitives.ReadUInt16LittleEndian(Slice(elf, at, 2));
    private static uint Read32(byte[] elf, long at) => BinaryPrimitives.ReadUInt32LittleEndian(Slice(elf, at, 4));
    private static ulong Read64(byte[] elf, long at) => BinaryPrimitives.ReadUInt64LittleEndian(Slice(elf, at, 8));
}
