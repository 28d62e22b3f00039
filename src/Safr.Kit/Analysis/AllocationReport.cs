using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Safr.Kit.Analysis;

/// <summary>
/// How a SAFR model allocates its representation across one text's tokens, from an
/// <see cref="AllocationProbe"/>: plain .NET data, so it serializes (<see cref="ToJson"/>). Rendering is the
/// display layer's (Safr.Kit.Display's SafrDisplay: a notebook cell, or a standalone page with ToPage). Every
/// per-token array and matrix is indexed by <see cref="Tokens"/> (the text's real tokens; padding never appears).
/// </summary>
/// <param name="Text">The analysed text.</param>
/// <param name="Tokens">Its real tokens, as the vocabulary names them (unknown words as &lt;UNK&gt;).</param>
/// <param name="Positions">Each token's position in the model's input sequence.</param>
/// <param name="Layer">The block whose FFN neurons and attention were analysed.</param>
/// <param name="Head">The attention head the pairs come from, or null for the mean over heads.</param>
/// <param name="KeepProbability">VMASK's keep probability per token: its importance score.</param>
/// <param name="Polysemanticity">P_l per token, the quantity L_imp averages: ||overlap row||_2 / sqrt(E).</param>
/// <param name="Overlap">The token overlap matrix inside L_imp on the VMASK output, T x T: (x_l / (||x_l|| + 1e-5)) · x_m, zero diagonal.</param>
/// <param name="Neurons">The FFN hidden layer's token x neuron allocation and its mono/poly/dead classification.</param>
/// <param name="PairsPerToken">k of the top-k correlated pairs.</param>
/// <param name="Pairs">Correlated token pairs by co-attention (I and J index <see cref="Tokens"/>), strongest first.</param>
[TypeFormatterSource(typeof(SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record AllocationReport(
    string Text,
    string[] Tokens,
    int[] Positions,
    int Layer,
    int? Head,
    double[] KeepProbability,
    double[] Polysemanticity,
    double[][] Overlap,
    NeuronAllocation Neurons,
    int PairsPerToken,
    TokenPair[] Pairs)
{
    /// <summary>Per token, the number of live FFN neurons it dominates (holds the largest share of).</summary>
    [JsonIgnore]
    public int[] DominatedNeurons => Neurons.DominatedNeurons;

    /// <summary>The stated mono/poly/dead rule (also in the JSON, under neurons.rule).</summary>
    [JsonIgnore]
    public string Rule => Neurons.Rule;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The report as indented JSON (camelCase names; neuron kinds as strings).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"AllocationReport: {Tokens.Length} tokens, layer {Layer}, {Neurons.NeuronCount} neurons " +
        $"({Neurons.MonosemanticCount} monosemantic, {Neurons.PolysemanticCount} polysemantic, {Neurons.DeadCount} dead at share {Neurons.MonosemanticShare:G}), " +
        $"{Pairs.Length} pairs");
}
