namespace Safr.Kit.Model;

/// <summary>How the block outputs become one vector per sequence.</summary>
public enum Pooling
{
    /// <summary>Mean over every position, padding included: the release's behaviour.</summary>
    MeanAllPositions,

    /// <summary>Mean over real tokens only (padding id 0 excluded).</summary>
    MaskedMean,
}

/// <summary>The non-linearity inside VMASK's scorer p = W2 act(W1 e).</summary>
public enum VmaskActivation { Tanh, Sigmoid, Relu }

/// <summary>
/// The released CustomTransformer's hyperparameters (names as in the release). The defaults are the
/// paper's: d_model 256, 8 heads, one post-LayerNorm block with d_ff 1024, VMASK hidden 1024, dropout 0.1.
/// The pooling belongs to the run mode: build configs with <see cref="RunModeModels.ModelConfig"/> or
/// <see cref="RunModeModels.Configure"/>.
/// </summary>
public sealed record SafrTransformerConfig(
    long VocabSize,
    long MaxSeqLength = 128,
    long NumClasses = 2,
    long DModel = 256,
    long NumHeads = 8,
    long NumLayers = 1,
    long DFf = 1024,
    double Dropout = 0.1,
    long MaskHiddenDim = 1024,
    Pooling Pooling = Pooling.MeanAllPositions,
    VmaskActivation Activation = VmaskActivation.Tanh)
{
    /// <summary>Throws an ArgumentException naming the first inconsistent setting.</summary>
    public void Validate()
    {
        if (VocabSize < 2) throw new ArgumentException($"VocabSize must hold at least PAD and UNK, got {VocabSize}");
        if (DModel <= 0 || DModel % 2 != 0) throw new ArgumentException($"DModel must be positive and even (sinusoidal positions), got {DModel}");
        if (NumHeads <= 0 || DModel % NumHeads != 0) throw new ArgumentException($"DModel ({DModel}) must be divisible by NumHeads ({NumHeads})");
        if (NumLayers < 1) throw new ArgumentException($"NumLayers must be at least 1, got {NumLayers}");
        if (DFf <= 0) throw new ArgumentException($"DFf must be positive, got {DFf}");
        if (MaskHiddenDim <= 0) throw new ArgumentException($"MaskHiddenDim must be positive, got {MaskHiddenDim}");
        if (MaxSeqLength <= 0) throw new ArgumentException($"MaxSeqLength must be positive, got {MaxSeqLength}");
        if (NumClasses < 2) throw new ArgumentException($"NumClasses must be at least 2, got {NumClasses}");
        // Written so that NaN fails too.
        if (!(Dropout >= 0 && Dropout < 1)) throw new ArgumentException($"Dropout must be in [0, 1), got {Dropout}");
    }
}
