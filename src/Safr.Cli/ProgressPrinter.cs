using Safr.Kit.Training;

namespace Safr.Cli;

/// <summary>Training progress as plain lines: a step line every tenth of an epoch, and each finished epoch.</summary>
internal static class ProgressPrinter
{
    /// <param name="prefix">Put before every line, e.g. "SAFR: " when several runs share the output.</param>
    public static Action<TrainingProgress> Create(TextWriter? writer = null, string prefix = "")
    {
        writer ??= Console.Out;
        var started = DateTime.UtcNow;
        return p =>
        {
            if (p.EpochDone is { } epoch)
            {
                writer.WriteLine(prefix + epoch);
                started = DateTime.UtcNow;
                return;
            }
            var every = Math.Max(1, p.StepsPerEpoch / 10);
            if (p.Step % every == 0 && p.Step < p.StepsPerEpoch)
            {
                var perStep = (DateTime.UtcNow - started).TotalSeconds / p.Step;
                writer.WriteLine(FormattableString.Invariant($"{prefix}  epoch {p.Epoch} step {p.Step}/{p.StepsPerEpoch}: loss {p.RunningLoss:F4}, {perStep * 1000:F0} ms/step"));
            }
        };
    }
}
