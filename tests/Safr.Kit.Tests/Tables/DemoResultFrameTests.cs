using Microsoft.Data.Analysis;
using Safr.Kit.Experiments;
using Safr.Kit.Tables;
using Safr.Kit.Tests.Display;

namespace Safr.Kit.Tests.Tables;

/// <summary>The planted demo's comparison as a DataFrame, arm by arm, before and after CSV.</summary>
public class DemoResultFrameTests
{
    private static void AssertIsDemo(DataFrame frame, IReadOnlyList<DemoArm> arms, bool fromCsv)
    {
        FrameAssert.Columns(frame, "Name", "LambdaImportance", "LambdaInteraction", "TestAccuracy",
            "PolysemanticityImportant", "PolysemanticityOther", "PolysemanticityAll", "ImportantTokens", "OtherTokens", "ImportanceThreshold",
            "PrecisionAtK", "Interaction", "Epochs", "BestEpoch", "BestDevAccuracy", "ModelEpoch", "StoppedEarly", "SecondsPerEpoch", "RunFolder");
        FrameAssert.Column(frame, "Name", arms.Select(a => a.Name));
        FrameAssert.Column(frame, "LambdaImportance", arms.Select(a => a.LambdaImportance));
        FrameAssert.Column(frame, "LambdaInteraction", arms.Select(a => a.LambdaInteraction));
        FrameAssert.Column(frame, "TestAccuracy", arms.Select(a => a.TestAccuracy));
        FrameAssert.Column(frame, "PolysemanticityImportant", arms.Select(a => a.Polysemanticity.Important));
        FrameAssert.Column(frame, "PolysemanticityOther", arms.Select(a => a.Polysemanticity.Other));
        FrameAssert.Column(frame, "PolysemanticityAll", arms.Select(a => a.Polysemanticity.All));
        FrameAssert.Column(frame, "ImportantTokens", arms.Select(a => a.Polysemanticity.ImportantTokens));
        FrameAssert.Column(frame, "OtherTokens", arms.Select(a => a.Polysemanticity.OtherTokens));
        FrameAssert.Column(frame, "ImportanceThreshold", arms.Select(a => a.Polysemanticity.Threshold));
        FrameAssert.Column(frame, "PrecisionAtK", arms.Select(a => a.PrecisionAtK));
        FrameAssert.Column(frame, "Interaction", arms.Select(a => a.InteractionScore));
        FrameAssert.Column(frame, "Epochs", arms.Select(a => a.Training.Epochs));
        FrameAssert.Column(frame, "BestEpoch", arms.Select(a => a.Training.BestEpoch));
        FrameAssert.Column(frame, "BestDevAccuracy", arms.Select(a => a.Training.BestDevAccuracy));
        FrameAssert.Column(frame, "ModelEpoch", arms.Select(a => a.Training.ModelEpoch));
        FrameAssert.Column(frame, "StoppedEarly", arms.Select(a => a.Training.StoppedEarly));
        FrameAssert.Column(frame, "SecondsPerEpoch", arms.Select(a => a.Training.SecondsPerEpoch));
        // The demo keeps its runs in memory: no folder, which CSV writes as an empty cell.
        FrameAssert.Column(frame, "RunFolder", arms.Select(a => fromCsv ? a.Training.RunFolder ?? "" : a.Training.RunFolder));
    }

    [Fact]
    public void EveryArmsNumbersComeOutAndBackFromCsv()
    {
        var demo = Samples.Demo();
        var frame = demo.ToDataFrame();
        AssertIsDemo(frame, demo.Arms, fromCsv: false);
        AssertIsDemo(FrameAssert.RoundTrip(frame), demo.Arms, fromCsv: true);
    }
}
