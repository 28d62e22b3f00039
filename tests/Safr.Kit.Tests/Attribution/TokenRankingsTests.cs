using Safr.Kit.Attribution;

namespace Safr.Kit.Tests.Attribution;

public class TokenRankingsTests
{
    [Fact]
    public void DescendingBreaksTiesByPosition() =>
        Assert.Equal([1, 3, 0, 2], TokenRankings.Descending([0.2, 0.9, 0.2, 0.9]));

    [Fact]
    public void NaNIsRefused() =>
        Assert.Equal("scores", Assert.Throws<ArgumentException>(() => TokenRankings.Descending([0.1, double.NaN])).ParamName);
}
