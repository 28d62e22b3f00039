namespace Safr.Kit.Training;

/// <summary>
/// Named points in the checkpoint writer where a test can hold the process still (SAFR_FAULT_PAUSE=name, for
/// SAFR_FAULT_PAUSE_MS milliseconds, default 3000) and kill it there with SIGKILL, to prove a crash at that very
/// moment loses nothing. Unset, a point costs one environment lookup per checkpoint.
/// </summary>
internal static class FaultInjection
{
    /// <summary>After a checkpoint's files are in its staging folder, before it is renamed into place.</summary>
    public const string CheckpointStaged = "checkpoint-staged";

    /// <summary>After an existing checkpoint folder was moved aside, before the new one takes its name.</summary>
    public const string CheckpointReplacing = "checkpoint-replacing";

    public static void Pause(string point)
    {
        if (Environment.GetEnvironmentVariable("SAFR_FAULT_PAUSE") != point) return;
        var ms = int.TryParse(Environment.GetEnvironmentVariable("SAFR_FAULT_PAUSE_MS"), out var value) ? value : 3000;
        Thread.Sleep(ms);
    }
}
