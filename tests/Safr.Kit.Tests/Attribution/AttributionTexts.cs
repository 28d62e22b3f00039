namespace Safr.Kit.Tests.Attribution;

/// <summary>Texts for the attribution tests: lengths 5, 3, 8 (the tiny model's maximum), 3 and 4, so chunks hold one or two texts.</summary>
internal static class AttributionTexts
{
    public static readonly int[][] Texts = [[3, 4, 5, 6, 7], [8, 9, 2], [10, 11, 12, 13, 14, 15, 16, 17], [5, 5, 6], [18, 19, 3, 4]];

    /// <summary>Asserts two score tables have the same shape and agree to <paramref name="tolerance"/> (absolute).</summary>
    public static void Close(double[][] expected, double[][] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual[i].Length);
            for (var k = 0; k < expected[i].Length; k++)
                Assert.True(Math.Abs(expected[i][k] - actual[i][k]) <= tolerance, $"text {i} token {k}: expected {expected[i][k]:R}, got {actual[i][k]:R}");
        }
    }
}
