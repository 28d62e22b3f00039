using Safr.Kit.Data;
using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>A SafrTransformer small enough for finite differences, and hand-made batches for it.</summary>
internal static class TinyModel
{
    public static SafrTransformerConfig Config(Pooling pooling = Pooling.MeanAllPositions, long layers = 1) =>
        new(VocabSize: 20, MaxSeqLength: 8, DModel: 8, NumHeads: 2, NumLayers: layers, DFf: 16, MaskHiddenDim: 8, Pooling: pooling);

    /// <summary>A tiny model initialised from <c>manual_seed(seed)</c>: use it from [Collection("KitGlobalState")] tests.</summary>
    public static SafrTransformer Create(ulong seed = 7, Pooling pooling = Pooling.MeanAllPositions, long layers = 1, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed((long)seed);
        var model = new SafrTransformer(Config(pooling, layers));
        if (dtype != ScalarType.Float32) model.to(dtype);
        return model;
    }

    /// <summary>Rows of token ids (no zeros), right-padded with PAD to <paramref name="length"/>; labels 0 unless given.</summary>
    public static Batch Batch(int length, int[][] rows, long[]? labels = null)
    {
        var ids = new long[rows.Length * length];
        var mask = new bool[rows.Length * length];
        for (var r = 0; r < rows.Length; r++)
        {
            Assert.DoesNotContain(0, rows[r]);
            for (var k = 0; k < rows[r].Length; k++)
            {
                ids[r * length + k] = rows[r][k];
                mask[r * length + k] = true;
            }
        }
        return new Batch(
            tensor(ids, [rows.Length, length]),
            tensor(labels ?? new long[rows.Length], [rows.Length]),
            tensor(mask, [rows.Length, length]),
            Enumerable.Range(0, rows.Length).ToArray());
    }

    /// <summary>Three texts of lengths 5, 3 and 8 (the maximum), so a width-8 batch has padding in two rows.</summary>
    public static readonly int[][] Rows = [[3, 4, 5, 6, 7], [8, 9, 2], [10, 11, 12, 13, 14, 15, 16, 17]];
}
