using Microsoft.Data.Analysis;
using Safr.Kit.Analysis;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Tables;

/// <summary>A probe's allocation report as DataFrames, cell by cell against the report, before and after CSV.</summary>
[Collection("KitGlobalState")]
public class AllocationFramesTests
{
    // "a&b" and "<b>" are vocabulary words, "unseen" is not (<UNK>): token text that CSV and HTML must both keep.
    private static AllocationReport Report()
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        return probe.Run(TinyModel.Vocabulary, "the <b> movie unseen was a&b", pairsPerToken: 2);
    }

    private static void AssertIsTokens(DataFrame frame, AllocationReport report)
    {
        FrameAssert.Columns(frame, "Index", "Token", "Position", "KeepProbability", "Polysemanticity", "DominatedNeurons");
        FrameAssert.Column(frame, "Index", Enumerable.Range(0, report.Tokens.Length));
        FrameAssert.Column(frame, "Token", report.Tokens);
        FrameAssert.Column(frame, "Position", report.Positions);
        FrameAssert.Column(frame, "KeepProbability", report.KeepProbability);
        FrameAssert.Column(frame, "Polysemanticity", report.Polysemanticity);
        FrameAssert.Column(frame, "DominatedNeurons", report.DominatedNeurons);
    }

    private static void AssertIsNeurons(DataFrame frame, NeuronAllocation neurons)
    {
        FrameAssert.Columns(frame, "Neuron", "Total", "DominantToken", "DominantShare", "Kind");
        FrameAssert.Column(frame, "Neuron", Enumerable.Range(0, neurons.NeuronCount));
        FrameAssert.Column(frame, "Total", neurons.Total);
        FrameAssert.Column(frame, "DominantToken", neurons.DominantToken);
        FrameAssert.Column(frame, "DominantShare", neurons.DominantShare);
        FrameAssert.Column(frame, "Kind", neurons.Kind.Select(k => k.ToString()));
        Assert.Equal(neurons.Kind, frame["Kind"].Cast<string>().Select(Enum.Parse<NeuronKind>));
    }

    private static void AssertIsShares(DataFrame frame, AllocationReport report)
    {
        FrameAssert.Columns(frame, "TokenIndex", "Token", "Neuron", "Share");
        var (tokens, neurons) = (report.Tokens.Length, report.Neurons.NeuronCount);
        Assert.Equal(tokens * neurons, frame.Rows.Count);
        var cells = Enumerable.Range(0, tokens).SelectMany(t => Enumerable.Range(0, neurons).Select(n => (t, n))).ToArray();
        FrameAssert.Column(frame, "TokenIndex", cells.Select(c => c.t));
        FrameAssert.Column(frame, "Token", cells.Select(c => report.Tokens[c.t]));
        FrameAssert.Column(frame, "Neuron", cells.Select(c => c.n));
        FrameAssert.Column(frame, "Share", cells.Select(c => report.Neurons.Share[c.t][c.n]));
    }

    private static void AssertIsOverlap(DataFrame frame, AllocationReport report)
    {
        FrameAssert.Columns(frame, "I", "J", "TokenI", "TokenJ", "Overlap");
        var t = report.Tokens.Length;
        var cells = Enumerable.Range(0, t).SelectMany(i => Enumerable.Range(0, t).Select(j => (i, j))).ToArray();
        FrameAssert.Column(frame, "I", cells.Select(c => c.i));
        FrameAssert.Column(frame, "J", cells.Select(c => c.j));
        FrameAssert.Column(frame, "TokenI", cells.Select(c => report.Tokens[c.i]));
        FrameAssert.Column(frame, "TokenJ", cells.Select(c => report.Tokens[c.j]));
        FrameAssert.Column(frame, "Overlap", cells.Select(c => report.Overlap[c.i][c.j]));
    }

    [Fact]
    public void EveryTokensPositionKeepProbabilityAndPolysemanticityComeOutAndBackFromCsv()
    {
        var report = Report();
        Assert.Contains("<UNK>", report.Tokens);
        var frame = report.TokensFrame();
        AssertIsTokens(frame, report);
        AssertIsTokens(FrameAssert.RoundTrip(frame), report);
    }

    [Fact]
    public void EveryNeuronComesOutWithItsKindAndBackFromCsv()
    {
        var report = Report();
        var frame = report.NeuronsFrame();
        AssertIsNeurons(frame, report.Neurons);
        AssertIsNeurons(FrameAssert.RoundTrip(frame), report.Neurons);
    }

    [Fact]
    public void DeadNeuronsKeepTheirMinusOneAndAllThreeKindsSurviveCsv()
    {
        // Hand-built so that every kind occurs: neuron 0 monosemantic, 1 polysemantic (no token holds half), 2 dead.
        var neurons = NeuronAllocation.FromActivations(new double[,] { { 1.0, 0.4, 0 }, { 0.1, 0.3, 0 }, { 0, 0.3, 0 } });
        Assert.Equal([NeuronKind.Monosemantic, NeuronKind.Polysemantic, NeuronKind.Dead], neurons.Kind);
        var report = new AllocationReport("x y z", ["x", "y", "z"], [0, 1, 2], 0, null, [0.9, 0.2, 0.5], [0.3, 0.1, 0.2],
            [[0, 0.5, 0.1], [0.25, 0, 0.2], [0.1, 0.3, 0]], neurons, 1, [new TokenPair(0, 1, "x", "y", 0.5)]);
        var frame = report.NeuronsFrame();
        AssertIsNeurons(frame, neurons);
        AssertIsNeurons(FrameAssert.RoundTrip(frame), neurons);
        Assert.Equal(-1, frame["DominantToken"][2]);
    }

    [Fact]
    public void EveryTokenNeuronShareIsARowAndComesBackFromCsv()
    {
        var report = Report();
        var frame = report.SharesFrame();
        AssertIsShares(frame, report);
        AssertIsShares(FrameAssert.RoundTrip(frame), report);
    }

    [Fact]
    public void EveryOverlapCellIsARowAndComesBackFromCsv()
    {
        var report = Report();
        var frame = report.OverlapFrame();
        AssertIsOverlap(frame, report);
        AssertIsOverlap(FrameAssert.RoundTrip(frame), report);
    }

    [Fact]
    public void TheReportsPairsAreThePairFrame()
    {
        var report = Report();
        Assert.NotEmpty(report.Pairs);
        var frame = report.PairsFrame();
        TokenPairFrameTests.AssertIsPairs(frame, report.Pairs);
        TokenPairFrameTests.AssertIsPairs(FrameAssert.RoundTrip(frame), report.Pairs);
    }
}
