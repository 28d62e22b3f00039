using static TorchSharp.torch;

namespace Safr.Kit.Model;

/// <summary>
/// What the building blocks need to know about a model's input beyond the <see cref="SafrOutput"/> contract: where its
/// token ids go, and how long they may be. Any module answers the first; only <see cref="SafrTransformer"/> the second.
/// </summary>
internal static class ModelInput
{
    /// <summary>The device of the model's first parameter (or buffer); the CPU for a module with neither.</summary>
    public static Device DeviceOf(nn.Module model) =>
        model.parameters().FirstOrDefault()?.device ?? model.buffers().FirstOrDefault()?.device ?? CPU;

    /// <summary>
    /// The longest input the model takes: <see cref="SafrTransformerConfig.MaxSeqLength"/> for the kit's model; null for
    /// a user's module, whose forward checks its own inputs.
    /// </summary>
    public static long? MaxLength(nn.Module model) => (model as SafrTransformer)?.Config.MaxSeqLength;
}
