using Microsoft.Data.Analysis;
using Safr.Kit.Display;
using Safr.Kit.Regularization;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Tables;

/// <summary>Per-token scores (a displayed TokenImportance; a batch's keep probability and P_l) as DataFrames.</summary>
[Collection("KitGlobalState")]
public class TokenScoreFramesTests
{
    private static void AssertIsScores(DataFrame frame, TokenImportance scores)
    {
        FrameAssert.Columns(frame, "Index", "Token", "Score");
        FrameAssert.Column(frame, "Index", Enumerable.Range(0, scores.Tokens.Count));
        FrameAssert.Column(frame, "Token", scores.Tokens);
        FrameAssert.Column(frame, "Score", scores.Scores);
    }

    [Fact]
    public void ATokenImportanceComesOutTokenByTokenAndBackFromCsv()
    {
        var scores = new TokenImportance(["not", "a,b", "good", "Ġmovie"], [0.91, 1.0 / 3, -0.88, double.NaN], "VMASK keep probability");
        var frame = scores.ToDataFrame();
        AssertIsScores(frame, scores);
        AssertIsScores(FrameAssert.RoundTrip(frame), scores);
    }

    [Fact]
    public void MoreTokensThanScoresIsAnError() =>
        Assert.Throws<ArgumentException>(() => new TokenImportance(["a", "b"], [0.5]).ToDataFrame());

    [Fact]
    public void ABatchsKeepProbabilityAndPolysemanticityComeOutForItsRealTokensAndBackFromCsv()
    {
        using var scope = NewDisposeScope();
        using var model = TinyModel.Evaluating();
        var ids = TinyModel.Ids([[2, 3, 4, 0, 0], [5, 6, 7, 8, 9]]);  // the first row padded (id 0)
        var output = model.call(ids);
        var keep = output.KeepProbability();
        var p = SafrRegularizer.TokenPolysemanticity(output.MaskedEmbeddings);
        var frame = TokenScoreFrames.Of(output.TokenMask, ("KeepProbability", keep), ("Polysemanticity", p));

        (int Example, int Position)[] real = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2), (1, 3), (1, 4)];
        var keepValues = keep.to(float64).data<double>().ToArray();
        var pValues = p.to(float64).data<double>().ToArray();
        void AssertIsBatch(DataFrame f)
        {
            FrameAssert.Columns(f, "Example", "Position", "KeepProbability", "Polysemanticity");
            FrameAssert.Column(f, "Example", real.Select(r => r.Example));
            FrameAssert.Column(f, "Position", real.Select(r => r.Position));
            FrameAssert.Column(f, "KeepProbability", real.Select(r => keepValues[r.Example * 5 + r.Position]));
            FrameAssert.Column(f, "Polysemanticity", real.Select(r => pValues[r.Example * 5 + r.Position]));
        }
        AssertIsBatch(frame);
        AssertIsBatch(FrameAssert.RoundTrip(frame));
    }

    [Fact]
    public void AColumnOfAnotherShapeIsAnError()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => TokenScoreFrames.Of(ones(2, 3), ("x", zeros(2, 4))));
        Assert.Contains("'x' must be B x L = [2, 3]", error.Message);
    }
}
