using System.Diagnostics;

namespace Safr.Cli.Tests;

/// <summary>
/// Crashes lose nothing: <c>safr train</c> killed with SIGKILL at any moment (inside the checkpoint writer too),
/// then resumed, ends with the same weights, byte for byte, as a run that was never interrupted; and one run
/// folder takes one training process at a time.
/// </summary>
public sealed class CrashResumeTests
{
    private static string[] Train(string run, int epochs, params string[] extra) =>
        ["train", "--dataset", "sst2", "--imp", "1", "--inter", "1", "--seed", "0", "--epochs", epochs.ToString(), "--patience", "9",
         "--data-fraction", "0.03", "--mode", "fast", "--out", run, .. extra];

    private static byte[] FinalWeights(string run) => File.ReadAllBytes(Path.Combine(run, "model", "model.safetensors"));

    private static void WaitFor(Func<bool> condition, Process process, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.False(process.HasExited, $"safr exited (code {(process.HasExited ? process.ExitCode : 0)}) before {what}");
            Assert.True(watch.Elapsed < TimeSpan.FromMinutes(3), $"timed out waiting for {what}");
            Thread.Sleep(20);
        }
    }

    private static void Kill(Process process)
    {
        process.Kill(entireProcessTree: true);  // SIGKILL: no finally blocks, no flush
        process.WaitForExit();
    }

    /// <summary>Finishes a killed run as a user would: --resume when a checkpoint made it to disk, else start again.</summary>
    private static void Finish(string run, int epochs)
    {
        var hasCheckpoint = Directory.Exists(Path.Combine(run, "checkpoints"))
            && Directory.GetDirectories(Path.Combine(run, "checkpoints"), "epoch-*").Any(d => File.Exists(Path.Combine(d, "manifest.json")));
        var finished = SafrProcess.Run(hasCheckpoint ? Train(run, epochs, "--resume") : Train(run, epochs));
        Assert.True(finished.ExitCode == 0, finished.ToString());
    }

    [Fact]
    public void KilledAtAnyMomentAndResumedTheWeightsAreThoseOfAnUninterruptedRun()
    {
        const int epochs = 3;
        using var scratch = new TempFolder("safr-cli-crash-");
        var root = scratch.Path;
        var reference = Path.Combine(root, "reference");
        var watch = Stopwatch.StartNew();
        var uninterrupted = SafrProcess.Run(Train(reference, epochs));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.ToString());
        var expected = FinalWeights(reference);
        var duration = watch.Elapsed;
        var none = new Dictionary<string, string>();

        // 1. Inside the checkpoint writer: epoch 1's files staged, not yet renamed into place.
        var staged = Path.Combine(root, "staged");
        using (var process = SafrProcess.Start(new Dictionary<string, string> { ["SAFR_FAULT_PAUSE"] = "checkpoint-staged", ["SAFR_FAULT_PAUSE_MS"] = "60000" }, Train(staged, epochs)))
        {
            WaitFor(() => Directory.Exists(Path.Combine(staged, "checkpoints"))
                && Directory.GetDirectories(Path.Combine(staged, "checkpoints"), ".epoch-001.staging-*").Any(d => File.Exists(Path.Combine(d, "manifest.json"))),
                process, "epoch 1's staged checkpoint");
            Kill(process);
        }
        Assert.False(Directory.Exists(Path.Combine(staged, "checkpoints", "epoch-001")));  // killed before the rename
        Finish(staged, epochs);
        Assert.Equal(expected, FinalWeights(staged));
        Assert.Empty(Directory.GetDirectories(Path.Combine(staged, "checkpoints"), ".*"));  // the leftover staging folder was removed

        // 2. Mid-epoch, right after a checkpoint landed.
        var between = Path.Combine(root, "between");
        using (var process = SafrProcess.Start(none, Train(between, epochs)))
        {
            WaitFor(() => File.Exists(Path.Combine(between, "checkpoints", "epoch-001", "manifest.json")), process, "epoch 1's checkpoint");
            Kill(process);
        }
        Finish(between, epochs);
        Assert.Equal(expected, FinalWeights(between));

        // 3. At seeded random moments of a whole run (training, evaluation, checkpoints, or before any).
        var random = new Random(20261129);
        for (var k = 0; k < 2; k++)
        {
            var run = Path.Combine(root, $"random-{k}");
            using (var process = SafrProcess.Start(none, Train(run, epochs)))
            {
                var delay = TimeSpan.FromSeconds(duration.TotalSeconds * (0.2 + 0.7 * random.NextDouble()));
                if (!process.WaitForExit(delay)) Kill(process);
            }
            Finish(run, epochs);
            Assert.Equal(expected, FinalWeights(run));
        }
    }

    [Fact]
    public void ASecondProcessIsRefusedNamingTheFirstAndAStaleLockIsTakenOver()
    {
        using var scratch = new TempFolder("safr-cli-lock-");
        var root = scratch.Path;
        var run = Path.Combine(root, "run");
        using (var first = SafrProcess.Start(new Dictionary<string, string> { ["SAFR_FAULT_PAUSE"] = "checkpoint-staged", ["SAFR_FAULT_PAUSE_MS"] = "60000" }, Train(run, 1)))
        {
            WaitFor(() => Directory.Exists(Path.Combine(run, "checkpoints"))
                && Directory.GetDirectories(Path.Combine(run, "checkpoints"), ".epoch-001.staging-*").Length > 0, first, "the first process's checkpoint");
            var second = SafrProcess.Run(Train(run, 1));
            Assert.True(second.ExitCode == 2, second.ToString());
            Assert.Contains("another process is training into this run folder", second.Error);
            Assert.Contains($"process {first.Id}", second.Error);
            Kill(first);
        }
        // The killed process left run.lock and its owner file behind: the lock is stale and is taken over.
        Assert.True(File.Exists(Path.Combine(run, "run.lock")));
        var again = SafrProcess.Run(Train(run, 1));
        Assert.True(again.ExitCode == 0, again.ToString());
    }
}
