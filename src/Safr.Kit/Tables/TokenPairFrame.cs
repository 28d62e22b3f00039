using Microsoft.Data.Analysis;
using Safr.Kit.Analysis;

namespace Safr.Kit.Tables;

/// <summary>Mined token pairs (<see cref="AttentionPairMiner"/>, <see cref="AllocationReport.Pairs"/>) as a DataFrame.</summary>
public static class TokenPairFrame
{
    /// <summary>
    /// One row per pair in the given order (the miner's: strongest first), one column per <see cref="TokenPair"/> field:
    /// I, J (int), TokenI, TokenJ (string), Weight (double, the co-attention).
    /// </summary>
    public static DataFrame ToDataFrame(this IEnumerable<TokenPair> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var rows = pairs.ToArray();
        return new DataFrame(
            new Int32DataFrameColumn(nameof(TokenPair.I), rows.Select(p => p.I)),
            new Int32DataFrameColumn(nameof(TokenPair.J), rows.Select(p => p.J)),
            new StringDataFrameColumn(nameof(TokenPair.TokenI), rows.Select(p => p.TokenI)),
            new StringDataFrameColumn(nameof(TokenPair.TokenJ), rows.Select(p => p.TokenJ)),
            new DoubleDataFrameColumn(nameof(TokenPair.Weight), rows.Select(p => p.Weight)));
    }
}
