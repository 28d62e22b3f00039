using Safr.Kit.Attribution;
using Safr.Kit.Model;
using Safr.Kit.Tests.Model;
using static Safr.Kit.Tests.Attribution.AttributionTexts;

namespace Safr.Kit.Tests.Attribution;

[Collection("KitGlobalState")]
public class AttentionAttributionTests
{
    /// <summary>Layer <paramref name="layer"/>'s A of one forward of <paramref name="text"/> padded to <paramref name="length"/>, as [head, query, key].</summary>
    private static double[,,] Pattern(SafrTransformer model, int[] text, int layer, int length)
    {
        model.eval();
        using var _ = no_grad();
        var ids = new long[length];
        for (var k = 0; k < text.Length; k++) ids[k] = text[k];
        using var input = tensor(ids, [1, length]);
        var a = model.call(input).Attention[layer];
        var heads = (int)a.size(1);
        var flat = a.data<double>().ToArray();
        var pattern = new double[heads, length, length];
        for (var h = 0; h < heads; h++)
            for (var q = 0; q < length; q++)
                for (var k = 0; k < length; k++) pattern[h, q, k] = flat[(h * length + q) * length + k];
        return pattern;
    }

    /// <summary>The mean over heads and over the first <paramref name="queries"/> query rows, for each of the text's keys.</summary>
    private static double[] ColumnMeans(double[,,] pattern, int queries, int keys)
    {
        var heads = pattern.GetLength(0);
        var result = new double[keys];
        for (var k = 0; k < keys; k++)
        {
            for (var h = 0; h < heads; h++)
                for (var q = 0; q < queries; q++) result[k] += pattern[h, q, k];
            result[k] /= heads * queries;
        }
        return result;
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(0, 0)]
    public void ScoresAreTheAttentionEachTokenReceives(int? layer, int expectedLayer)
    {
        using var model = TinyModel.Create(layers: 2, dtype: ScalarType.Float64);
        var scores = new AttentionAttribution(layer).Attribute(model, Texts);
        var byHand = Texts.Select(x => ColumnMeans(Pattern(model, x, expectedLayer, x.Length), x.Length, x.Length)).ToArray();
        Close(byHand, scores, 1e-12);
        // Each query row is a distribution over the text's keys, so a text's scores sum to 1.
        Assert.All(scores, s => Assert.Equal(1.0, s.Sum(), 12));
    }

    [Fact]
    public void PaddedQueryRowsAreNotCounted()
    {
        using var model = TinyModel.Create(pooling: Pooling.MaskedMean, layers: 2, dtype: ScalarType.Float64);
        var attention = new AttentionAttribution();
        var own = attention.Attribute(model, Texts);
        var padded = attention.Attribute(model, Texts, padToLength: 8);
        // Padded keys get no attention and padded queries are left out, so padding changes nothing.
        Close(own, padded, 1e-12);
        // Counting the padded rows would: they are queries too, made from the PAD embedding.
        var withPaddingRows = ColumnMeans(Pattern(model, Texts[1], 1, 8), 8, Texts[1].Length);
        Assert.True(withPaddingRows.Zip(padded[1]).Max(p => Math.Abs(p.First - p.Second)) > 1e-3);
        Close([ColumnMeans(Pattern(model, Texts[1], 1, 8), Texts[1].Length, Texts[1].Length)], [padded[1]], 1e-12);
    }

    [Fact]
    public void NamesAndLayersAreChecked()
    {
        Assert.Equal("attention", new AttentionAttribution().Name);
        Assert.Equal("attention (layer 0)", new AttentionAttribution(0).Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AttentionAttribution(-1));
        using var model = TinyModel.Create();
        Assert.Contains("1 layer(s)", Assert.Throws<ArgumentException>(() => new AttentionAttribution(1).Attribute(model, Texts)).Message);
    }
}
