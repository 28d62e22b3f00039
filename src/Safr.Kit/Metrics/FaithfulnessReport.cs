using System.Globalization;

namespace Safr.Kit.Metrics;

/// <summary>
/// Faithfulness of VMASK's token importance against a random ranking of the same texts: VMASK is faithful
/// to the degree its comprehensiveness exceeds, and its sufficiency falls below, the random baseline's.
/// </summary>
/// <param name="Vmask">Tokens ranked by VMASK keep probability.</param>
/// <param name="Random">Tokens in a random order (System.Random seeded with <paramref name="Seed"/>).</param>
/// <param name="Seed">The random ranking's seed.</param>
/// <param name="EmptySkipped">Examples left out because they have no tokens to rank.</param>
[Safr.Kit.Display.TypeFormatterSource(typeof(Safr.Kit.Display.SafrFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record FaithfulnessReport(FaithfulnessCurve Vmask, FaithfulnessCurve Random, int Seed, int EmptySkipped = 0)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Faithfulness (ERASER AOPC), {Vmask.Examples:N0} examples{(EmptySkipped > 0 ? $" ({EmptySkipped:N0} empty skipped)" : "")}, random seed {Seed}\n{Vmask}\n{Random}");
}
