using Safr.Kit.Metrics;

namespace Safr.Kit.Tests.Metrics;

/// <summary>ERASER's perturbations: bin sizes, deletion, and the single-PAD rule.</summary>
public class TokenErasureTests
{
    [Theory]
    [InlineData(10, 0.01, 1)]
    [InlineData(10, 0.05, 1)]
    [InlineData(10, 0.10, 1)]
    [InlineData(10, 0.20, 2)]
    [InlineData(10, 0.50, 5)]
    [InlineData(10, 1.00, 10)]
    [InlineData(3, 0.50, 2)]
    [InlineData(100, 0.07, 7)]
    [InlineData(1, 0.01, 1)]
    public void TopCountIsTheCeilingOfTheFractionAndAtLeastOne(int length, double fraction, int expected) =>
        Assert.Equal(expected, TokenErasure.TopCount(length, fraction));

    [Fact]
    public void WithoutTopDeletesTheTopRankedTokensAndShortensTheText()
    {
        int[] tokens = [11, 12, 13, 14, 15];
        int[] ranking = [3, 0, 4, 1, 2];
        Assert.Equal([11, 12, 13, 15], TokenErasure.WithoutTop(tokens, ranking, 1));
        Assert.Equal([12, 13, 15], TokenErasure.WithoutTop(tokens, ranking, 2));
        Assert.Equal(tokens, TokenErasure.WithoutTop(tokens, ranking, 0));
    }

    [Fact]
    public void DeletingEveryTokenLeavesASinglePad() =>
        Assert.Equal([Safr.Kit.Data.Vocabulary.PadId], TokenErasure.WithoutTop([11, 12, 13], [2, 0, 1], 3));

    [Fact]
    public void OnlyTopKeepsTheTopRankedTokensInTextOrder()
    {
        int[] tokens = [11, 12, 13, 14, 15];
        int[] ranking = [3, 0, 4, 1, 2];
        Assert.Equal([11, 14], TokenErasure.OnlyTop(tokens, ranking, 2));  // ranked 14 first, but text order is kept
        Assert.Equal(tokens, TokenErasure.OnlyTop(tokens, ranking, 5));
    }

    [Fact]
    public void ARankingMustBeAPermutation()
    {
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => TokenErasure.WithoutTop([1, 2, 3], [0, 0, 1], 1)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => TokenErasure.WithoutTop([1, 2, 3], [0, 1], 1)).ParamName);
        Assert.Equal("ranking", Assert.Throws<ArgumentException>(() => TokenErasure.OnlyTop([1, 2, 3], [0, 1, 3], 1)).ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void ABinOutsideZeroToOneIsRejected(double fraction) =>
        Assert.Equal("fraction", Assert.Throws<ArgumentOutOfRangeException>(() => TokenErasure.TopCount(10, fraction)).ParamName);
}
