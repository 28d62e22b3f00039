namespace Safr.Kit.Model;

/// <summary>
/// The dtype the model's matrix products run in. <see cref="Bf16"/> is autocast as PyTorch does it for bfloat16: every
/// matrix product (the linear layers, Q Kᵀ and A V) casts its operands to bfloat16 and its result back, while the weights,
/// gradients, optimizer state, softmax, LayerNorm, losses and regularizers stay float32 (so no master copy of the weights
/// is needed: they never leave float32). For CPUs with AVX512-BF16 or AMX and for GPUs, whose bfloat16 products run at
/// twice the float32 rate or more. The parity fixtures and the committed results are float32.
/// </summary>
public enum Precision
{
    /// <summary>Every product in the parameters' dtype (float32, or float64 for the parity checks).</summary>
    Fp32,

    /// <summary>Matrix products in bfloat16, everything else float32.</summary>
    Bf16,
}
