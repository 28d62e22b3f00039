using Microsoft.Data.Analysis;
using Safr.Kit.Analysis;

namespace Safr.Kit.Tables;

/// <summary>
/// An <see cref="AllocationReport"/>'s arrays and matrices as DataFrames, one per shape: per token, per neuron, per
/// token x neuron, per token x token, per pair. Matrices come in long format (one row per cell), so a frame filters one
/// token or groups by neuron without reshaping. Tokens are named by index (into <see cref="AllocationReport.Tokens"/>)
/// and by their text. The report's scalars (Text, Layer, Head, PairsPerToken, the neurons' MonosemanticShare and Rule)
/// stay on the report and in its JSON.
/// </summary>
public static class AllocationFrames
{
    /// <summary>
    /// One row per token: Index (int), Token (string), Position (int, in the model's input), KeepProbability (double,
    /// VMASK's importance), Polysemanticity (double, P_l), DominatedNeurons (int, live FFN neurons it holds the largest share of).
    /// </summary>
    public static DataFrame TokensFrame(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var count = report.Tokens.Length;
        return new DataFrame(
            new Int32DataFrameColumn("Index", Enumerable.Range(0, count)),
            new StringDataFrameColumn("Token", report.Tokens),
            new Int32DataFrameColumn("Position", report.Positions),
            new DoubleDataFrameColumn(nameof(AllocationReport.KeepProbability), report.KeepProbability),
            new DoubleDataFrameColumn(nameof(AllocationReport.Polysemanticity), report.Polysemanticity),
            new Int32DataFrameColumn(nameof(AllocationReport.DominatedNeurons), report.DominatedNeurons));
    }

    /// <summary>
    /// One row per FFN neuron: Neuron (int), Total (double, its activation summed over the tokens), DominantToken
    /// (int, token index, -1 for a dead neuron), DominantShare (double), Kind (string: Dead, Monosemantic or Polysemantic).
    /// </summary>
    public static DataFrame NeuronsFrame(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var neurons = report.Neurons;
        return new DataFrame(
            new Int32DataFrameColumn("Neuron", Enumerable.Range(0, neurons.NeuronCount)),
            new DoubleDataFrameColumn(nameof(NeuronAllocation.Total), neurons.Total),
            new Int32DataFrameColumn(nameof(NeuronAllocation.DominantToken), neurons.DominantToken),
            new DoubleDataFrameColumn(nameof(NeuronAllocation.DominantShare), neurons.DominantShare),
            new StringDataFrameColumn(nameof(NeuronAllocation.Kind), neurons.Kind.Select(k => k.ToString())));
    }

    /// <summary>
    /// The token x neuron allocation, one row per (token, neuron), token-major: TokenIndex (int), Token (string),
    /// Neuron (int), Share (double, the token's share of the neuron's activation).
    /// </summary>
    public static DataFrame SharesFrame(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cells = report.Neurons.Share.SelectMany((row, t) => row.Select((share, n) => (Token: t, Neuron: n, Share: share))).ToArray();
        return new DataFrame(
            new Int32DataFrameColumn("TokenIndex", cells.Select(c => c.Token)),
            new StringDataFrameColumn("Token", cells.Select(c => report.Tokens[c.Token])),
            new Int32DataFrameColumn("Neuron", cells.Select(c => c.Neuron)),
            new DoubleDataFrameColumn("Share", cells.Select(c => c.Share)));
    }

    /// <summary>
    /// The token overlap matrix inside L_imp, one row per (row token, column token), row-major, the zero diagonal
    /// included: I, J (int, token indices), TokenI, TokenJ (string), Overlap (double). Named as <see cref="TokenPair"/>'s
    /// fields, so it joins the pairs frame on I and J.
    /// </summary>
    public static DataFrame OverlapFrame(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var cells = report.Overlap.SelectMany((row, i) => row.Select((value, j) => (I: i, J: j, Value: value))).ToArray();
        return new DataFrame(
            new Int32DataFrameColumn(nameof(TokenPair.I), cells.Select(c => c.I)),
            new Int32DataFrameColumn(nameof(TokenPair.J), cells.Select(c => c.J)),
            new StringDataFrameColumn(nameof(TokenPair.TokenI), cells.Select(c => report.Tokens[c.I])),
            new StringDataFrameColumn(nameof(TokenPair.TokenJ), cells.Select(c => report.Tokens[c.J])),
            new DoubleDataFrameColumn(nameof(AllocationReport.Overlap), cells.Select(c => c.Value)));
    }

    /// <summary>The correlated pairs, strongest first (<see cref="TokenPairFrame.ToDataFrame"/>).</summary>
    public static DataFrame PairsFrame(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Pairs.ToDataFrame();
    }
}
