using Safr.Kit.Data;
using Safr.Kit.Model;

namespace Safr.Kit.Tests.Analysis;

/// <summary>A tiny float64 SAFR model in evaluation mode, seeded through the global generator (use in [Collection("KitGlobalState")]).</summary>
internal static class TinySafr
{
    /// <summary>Words after &lt;PAD&gt; and &lt;UNK&gt;: ids 2.. in this order; two need HTML escaping.</summary>
    public static readonly string[] Words = ["the", "movie", "was", "not", "great", "<b>", "a&b", "bad", "film", "fun"];

    public static Vocabulary Vocabulary { get; } = Vocabulary.FromTokens(Words);

    public static SafrTransformer Model(ulong seed = 7, long numLayers = 1)
    {
        manual_seed((long)seed);
        var model = new SafrTransformer(new SafrTransformerConfig(
            VocabSize: 20, MaxSeqLength: 8, DModel: 8, NumHeads: 2, NumLayers: numLayers, DFf: 16, MaskHiddenDim: 8));
        model.to(float64);
        model.eval();
        return model;
    }

    /// <summary>B x L int64 ids.</summary>
    public static Tensor Ids(long[][] rows) => tensor(rows.SelectMany(r => r).ToArray(), [rows.Length, rows[0].Length]);

    public static void AssertEqual(Tensor expected, Tensor actual, string what)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-12), $"{what} differs");
    }
}
