using Safr.Kit.Data;
using Safr.Kit.Model;
using static TorchSharp.torch;

namespace Safr.Kit.Attribution;

/// <summary>Variable-length token-id lists as one B x L int64 tensor, right-padded with <see cref="Vocabulary.PadId"/>.</summary>
internal static class TokenIdBatch
{
    /// <summary>Rows padded to <paramref name="length"/> (at least the longest row), on the model's device.</summary>
    public static Tensor Padded(nn.Module model, IReadOnlyList<IReadOnlyList<int>> rows, int length)
    {
        var ids = new long[rows.Count * length];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Count > length) throw new ArgumentException($"row {r} has {row.Count} tokens, more than the padded length {length}", nameof(rows));
            for (var k = 0; k < row.Count; k++) ids[r * length + k] = row[k];
        }
        return tensor(ids, [rows.Count, length], device: ModelInput.DeviceOf(model));
    }

    /// <summary>
    /// Cuts the indices of <paramref name="rows"/> into chunks of at most <paramref name="batchSize"/>
    /// rows of one length each (sorted by length, stable), so a chunk needs no padding at all.
    /// </summary>
    public static IEnumerable<int[]> EqualLengthChunks<T>(IReadOnlyList<T> rows, Func<T, int> length, int batchSize)
    {
        var order = Enumerable.Range(0, rows.Count).OrderBy(i => length(rows[i])).ToArray();
        var chunk = new List<int>(batchSize);
        foreach (var i in order)
        {
            if (chunk.Count == batchSize || chunk.Count > 0 && length(rows[chunk[0]]) != length(rows[i]))
            {
                yield return [.. chunk];
                chunk.Clear();
            }
            chunk.Add(i);
        }
        if (chunk.Count > 0) yield return [.. chunk];
    }
}
