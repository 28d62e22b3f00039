using Safr.Kit.Data;
using Safr.Kit.Model;

namespace Safr.Kit.Tests.Model;

/// <summary>
/// The tests' one small SafrTransformer: the released architecture with 2 heads, d_ff = 2 d_model and VMASK
/// hidden = d_model. By default small enough for finite differences (vocabulary 20, length 8, d_model 8); the
/// training tests widen it (<see cref="Config"/>'s arguments). Also hand-made batches and a tiny vocabulary for it.
/// </summary>
internal static class TinyModel
{
    public static SafrTransformerConfig Config(
        Pooling pooling = Pooling.MeanAllPositions, long layers = 1, long vocabSize = 20, long maxSeqLength = 8, long dModel = 8) =>
        new(VocabSize: vocabSize, MaxSeqLength: maxSeqLength, DModel: dModel, NumHeads: 2, NumLayers: layers, DFf: 2 * dModel,
            MaskHiddenDim: dModel, Pooling: pooling);

    /// <summary>A tiny model initialised from <c>manual_seed(seed)</c>: use it from [Collection("KitGlobalState")] tests.</summary>
    public static SafrTransformer Create(ulong seed = 7, Pooling pooling = Pooling.MeanAllPositions, long layers = 1, ScalarType dtype = ScalarType.Float32)
    {
        manual_seed((long)seed);
        var model = new SafrTransformer(Config(pooling, layers));
        if (dtype != ScalarType.Float32) model.to(dtype);
        return model;
    }

    /// <summary>The analysis tests' model: <see cref="Create"/> in float64, in evaluation mode.</summary>
    public static SafrTransformer Evaluating(ulong seed = 7, long layers = 1)
    {
        var model = Create(seed, layers: layers, dtype: ScalarType.Float64);
        model.eval();
        return model;
    }

    /// <summary>Words after &lt;PAD&gt; and &lt;UNK&gt;: ids 2.. in this order; two need HTML escaping.</summary>
    public static readonly string[] Words = ["the", "movie", "was", "not", "great", "<b>", "a&b", "bad", "film", "fun"];

    /// <summary><see cref="Words"/> as a vocabulary (12 of the model's 20 ids).</summary>
    public static Vocabulary Vocabulary { get; } = Vocabulary.FromTokens(Words);

    /// <summary>B x L int64 ids.</summary>
    public static Tensor Ids(long[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    public static void AssertEqual(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-12), $"{what} differs");
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
