namespace Safr.Kit.Data;

/// <summary>What a <see cref="RunMode"/> means for the batches.</summary>
public static class RunModePadding
{
    /// <summary>How batches are padded.</summary>
    public static PaddingMode Padding(this RunMode mode) => mode switch
    {
        RunMode.Paper => PaddingMode.FixedLength,
        RunMode.Fast => PaddingMode.LongestInBatch,
        _ => throw RunModes.Unknown(mode),
    };

    /// <summary>The length every input is padded to when scored one by one: the max length in paper mode (as its batches are), none in fast mode.</summary>
    public static int? PadLength(this RunMode mode, int maxLength) => mode.Padding() == PaddingMode.FixedLength ? maxLength : null;
}
