using System.Text.Json;
using Safr.Kit.Analysis;
using Safr.Kit.Tests.Model;

namespace Safr.Kit.Tests.Analysis;

/// <summary>The report as JSON and as text (its HTML is the display layer's: Display/FormatterTests).</summary>
[Collection("KitGlobalState")]
public class AllocationReportTests
{
    private static AllocationReport Report(string text = "the <b> movie was a&b", double share = 0.5)
    {
        using var model = TinyModel.Evaluating();
        using var probe = new AllocationProbe(model);
        return probe.Run(TinyModel.Vocabulary, text, monosemanticShare: share);
    }

    [Fact]
    public void JsonCarriesEveryFieldAndTheRule()
    {
        var report = Report(share: 0.6);
        using var json = JsonDocument.Parse(report.ToJson());
        var root = json.RootElement;
        Assert.Equal("the <b> movie was a&b", root.GetProperty("text").GetString());
        Assert.Equal(report.Tokens, root.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(5, root.GetProperty("keepProbability").GetArrayLength());
        Assert.Equal(5, root.GetProperty("polysemanticity").GetArrayLength());
        Assert.Equal(report.Overlap[1][0], root.GetProperty("overlap")[1][0].GetDouble());
        Assert.Equal(0, root.GetProperty("layer").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("head").ValueKind);

        var neurons = root.GetProperty("neurons");
        Assert.Equal(16, neurons.GetProperty("neuronCount").GetInt32());
        Assert.Equal((report.Neurons.MonosemanticCount, report.Neurons.PolysemanticCount, report.Neurons.DeadCount),
            (neurons.GetProperty("monosemanticCount").GetInt32(), neurons.GetProperty("polysemanticCount").GetInt32(), neurons.GetProperty("deadCount").GetInt32()));
        Assert.Equal(report.Neurons.Kind.Count(k => k == NeuronKind.Monosemantic), neurons.GetProperty("monosemanticCount").GetInt32());
        Assert.Equal(report.Neurons.Kind.Count(k => k == NeuronKind.Dead), neurons.GetProperty("deadCount").GetInt32());
        Assert.Equal(0.6, neurons.GetProperty("monosemanticShare").GetDouble());
        Assert.Contains("at least 0.6", neurons.GetProperty("rule").GetString());
        Assert.Equal(report.Neurons.Kind[0].ToString(), neurons.GetProperty("kind")[0].GetString());
        Assert.Equal(5, neurons.GetProperty("share").GetArrayLength());
        Assert.Equal(5, neurons.GetProperty("dominatedNeurons").GetArrayLength());

        var pair = root.GetProperty("pairs")[0];
        Assert.Equal(report.Pairs[0].I, pair.GetProperty("i").GetInt32());
        Assert.Equal(report.Pairs[0].TokenJ, pair.GetProperty("tokenJ").GetString());
        Assert.Equal(report.Pairs[0].Weight, pair.GetProperty("weight").GetDouble());
    }

    [Fact]
    public void ToStringSummarisesTheCounts()
    {
        var report = Report();
        var s = report.ToString();
        Assert.Contains("5 tokens", s);
        Assert.Contains($"{report.Neurons.MonosemanticCount} monosemantic", s);
    }
}
