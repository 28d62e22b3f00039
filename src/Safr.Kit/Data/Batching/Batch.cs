using static TorchSharp.torch;

namespace Safr.Kit.Data;

/// <summary>
/// One batch as tensors: token ids (int64, B x L, <see cref="Vocabulary.PadId"/> after each text), labels
/// (int64, B), and the mask (bool, B x L, true for real tokens), plus which examples they are
/// (<see cref="Indices"/> into the list the <see cref="BatchIterator"/> was given). Dispose it (or let a
/// dispose scope do it) when the step is done.
/// </summary>
public sealed record Batch(Tensor InputIds, Tensor Labels, Tensor Mask, IReadOnlyList<int> Indices) : IDisposable
{
    /// <summary>B, the number of examples.</summary>
    public int Size => Indices.Count;

    /// <summary>L, the padded length.</summary>
    public long Length => InputIds.size(1);

    public void Dispose()
    {
        InputIds.Dispose();
        Labels.Dispose();
        Mask.Dispose();
    }

    public override string ToString() => $"Batch: {Size} x {(InputIds.IsInvalid ? "?" : Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}
