using Microsoft.Data.Analysis;
using Safr.Kit.Analysis;
using Safr.Kit.Tables;

namespace Safr.Kit.Tests.Tables;

/// <summary>Mined pairs as a DataFrame, pair by pair, before and after CSV.</summary>
public class TokenPairFrameTests
{
    internal static void AssertIsPairs(DataFrame frame, IReadOnlyList<TokenPair> pairs)
    {
        FrameAssert.Columns(frame, "I", "J", "TokenI", "TokenJ", "Weight");
        FrameAssert.Column(frame, "I", pairs.Select(p => p.I));
        FrameAssert.Column(frame, "J", pairs.Select(p => p.J));
        FrameAssert.Column(frame, "TokenI", pairs.Select(p => p.TokenI));
        FrameAssert.Column(frame, "TokenJ", pairs.Select(p => p.TokenJ));
        FrameAssert.Column(frame, "Weight", pairs.Select(p => p.Weight));
    }

    [Fact]
    public void TheMinersPairsComeOutInItsOrderAndBackFromCsv()
    {
        // Two heads over four positions, the last padding; tokens with a comma and a quote for CSV to escape.
        var attention = tensor(new double[]
        {
            1.0, 0.0, 0.0, 0.0, 0.6, 0.4, 0.0, 0.0, 0.0, 0.5, 0.5, 0.0, 1.0, 0.0, 0.0, 0.0,
            0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.1, 0.2, 0.7, 0.0, 1.0, 0.0, 0.0, 0.0,
        }, [1, 2, 4, 4]);
        var mask = tensor(new[] { true, true, true, false }, [1, 4]);
        string[] tokens = ["a,b", "say \"no\"", "café", "<PAD>"];
        var pairs = AttentionPairMiner.TopK(attention, mask, tokens, k: 2);
        Assert.Equal(3, pairs.Count);
        var frame = pairs.ToDataFrame();
        AssertIsPairs(frame, pairs);
        AssertIsPairs(FrameAssert.RoundTrip(frame), pairs);
    }

    [Fact]
    public void NoPairsIsAFrameWithTheColumnsAndNoRows()
    {
        var frame = Array.Empty<TokenPair>().ToDataFrame();
        AssertIsPairs(frame, []);
        AssertIsPairs(FrameAssert.RoundTrip(frame), []);
    }
}
