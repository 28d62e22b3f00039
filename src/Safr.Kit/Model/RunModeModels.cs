namespace Safr.Kit.Model;

/// <summary>What a <see cref="RunMode"/> means for the model: its pooling, and configs built for it.</summary>
public static class RunModeModels
{
    /// <summary>How the model pools its block outputs.</summary>
    public static Pooling Pooling(this RunMode mode) => mode switch
    {
        RunMode.Paper => Model.Pooling.MeanAllPositions,
        RunMode.Fast => Model.Pooling.MaskedMean,
        _ => throw RunModes.Unknown(mode),
    };

    /// <summary>The released architecture (<see cref="SafrTransformerConfig"/>'s defaults) for this mode.</summary>
    public static SafrTransformerConfig ModelConfig(this RunMode mode, long vocabSize, long numClasses = 2, long maxSeqLength = 128) =>
        mode.Configure(new SafrTransformerConfig(vocabSize, maxSeqLength, numClasses));

    /// <summary>Any architecture, with the pooling this mode trains and evaluates with.</summary>
    public static SafrTransformerConfig Configure(this RunMode mode, SafrTransformerConfig architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return architecture with { Pooling = mode.Pooling() };
    }

    /// <summary>The mode a model was built for, read from its pooling.</summary>
    public static RunMode Of(SafrTransformerConfig config) => config.Pooling switch
    {
        Model.Pooling.MeanAllPositions => RunMode.Paper,
        Model.Pooling.MaskedMean => RunMode.Fast,
        _ => throw new ArgumentException($"no run mode pools with {config.Pooling}", nameof(config)),
    };
}
