using Safr.Kit.Analysis;

namespace Safr.Kit.Display;

/// <summary>Pieces of an <see cref="AllocationReport"/> as display types of their own, to show one part in a notebook cell.</summary>
public static class AllocationReportDisplay
{
    /// <summary>The text shaded by VMASK keep probability.</summary>
    public static TokenImportance ToTokenImportance(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TokenImportance(report.Tokens, report.KeepProbability, "VMASK keep probability");
    }

    /// <summary>The token overlap matrix inside L_imp, on the VMASK output.</summary>
    public static TokenMatrix ToOverlapMatrix(this AllocationReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new TokenMatrix(report.Tokens, report.Overlap, "Token overlap (inside L_imp, on the VMASK output)");
    }
}
