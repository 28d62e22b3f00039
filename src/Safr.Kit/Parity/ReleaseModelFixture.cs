using System.Text.Json;
using Safr.Kit.Model;
using Safr.Kit.Serialization;
using TorchSharp;
using static TorchSharp.torch;

namespace Safr.Kit.Parity;

/// <summary>
/// The model case of the release's fixtures (model.safetensors + model.json): a <see cref="SafrTransformer"/> of the
/// fixture's config with the release's parameters loaded under their release names, in eval mode, and the batch and
/// the values the released code computed on it.
/// </summary>
public sealed class ReleaseModelFixture : IDisposable
{
    /// <summary>The prefix of the release's parameter names among the fixture's tensors.</summary>
    public const string ParameterPrefix = "param.";

    private ReleaseModelFixture(Dictionary<string, Tensor> tensors, JsonElement json, SafrTransformer model)
    {
        Tensors = tensors;
        Json = json;
        Model = model;
    }

    /// <summary>Every tensor of model.safetensors, by its fixture name.</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors { get; }

    /// <summary>model.json: the config, the lambdas and the release's losses.</summary>
    public JsonElement Json { get; }

    public SafrTransformer Model { get; }

    public Tensor InputIds => Tensors["input_ids"];

    public Tensor Labels => Tensors["labels"];

    /// <summary>The release's state_dict names, as its fixture stores them.</summary>
    public IReadOnlyList<string> ReleaseParameterNames =>
        [.. Tensors.Keys.Where(k => k.StartsWith(ParameterPrefix, StringComparison.Ordinal)).Select(k => k[ParameterPrefix.Length..])];

    public double LambdaImportance => Json.TryGetProperty("lambda_imp", out var v) ? v.GetDouble() : 1.0;

    public double LambdaInteraction => Json.TryGetProperty("lambda_inter", out var v) ? v.GetDouble() : 1.0;

    /// <summary>A loss the release computed (ce_loss, polysemanticity_loss, interference_loss, total_loss).</summary>
    public double ReleaseValue(string name) => Json.GetProperty(name).GetDouble();

    /// <summary>Loads the case from <paramref name="fixtureDirectory"/> at <paramref name="dtype"/>.</summary>
    public static ReleaseModelFixture Load(string fixtureDirectory, ScalarType dtype)
    {
        var tensors = SafeTensors.Load(Path.Combine(fixtureDirectory, "model.safetensors"));
        var json = ReleaseParity.ReadJson(Path.Combine(fixtureDirectory, "model.json"));
        var c = json.GetProperty("config");
        var config = new SafrTransformerConfig(
            VocabSize: c.GetProperty("vocab_size").GetInt64(),
            MaxSeqLength: c.GetProperty("max_seq_length").GetInt64(),
            NumClasses: c.GetProperty("num_classes").GetInt64(),
            DModel: c.GetProperty("d_model").GetInt64(),
            NumHeads: c.GetProperty("num_heads").GetInt64(),
            NumLayers: c.GetProperty("num_layers").GetInt64(),
            DFf: c.GetProperty("d_ff").GetInt64(),
            Dropout: c.GetProperty("dropout").GetDouble(),
            MaskHiddenDim: c.GetProperty("mask_hidden_dim").GetInt64());
        var model = new SafrTransformer(RunMode.Paper.Configure(config));
        model.to(dtype);
        StateDict.Load(model, tensors.Where(kv => kv.Key.StartsWith(ParameterPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[ParameterPrefix.Length..], kv => kv.Value));
        model.eval();
        return new ReleaseModelFixture(tensors, json, model);
    }

    public void Dispose()
    {
        Model.Dispose();
        foreach (var t in Tensors.Values) t.Dispose();
    }
}
