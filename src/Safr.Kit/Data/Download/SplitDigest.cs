using System.Security.Cryptography;
using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// What a dataset split must hold when it is built from a file that has no published checksum of its own (SST-2 from
/// the PTB trees): its row count and the SHA-256 of its rows as "label TAB text LF" lines in ordinal order, so the
/// digest names the sentences and labels whatever order a source lists them in. data/datasets.json gives them.
/// </summary>
public sealed record SplitDigest(int Rows, string Sha256)
{
    public static SplitDigest Of(IEnumerable<TextExample> examples)
    {
        var lines = examples.Select(e => $"{e.Label}\t{e.Text}\n").ToList();
        lines.Sort(StringComparer.Ordinal);
        return new SplitDigest(lines.Count, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(lines)))));
    }

    /// <summary>Throws <see cref="DataFormatException"/> naming <paramref name="source"/> when the split is not this one.</summary>
    public void Check(IReadOnlyCollection<TextExample> examples, string source, string split)
    {
        var actual = Of(examples);
        if (actual != this)
            throw new DataFormatException(source, 1,
                $"its {split} split is not the one the kit expects: {actual.Rows:N0} rows, sha256 {actual.Sha256}; expected {Rows:N0} rows, sha256 {Sha256} " +
                "(data/datasets.json). Replace it with the original file, or read it unchecked with DatasetOptions.VerifyChecksums = false");
    }
}
