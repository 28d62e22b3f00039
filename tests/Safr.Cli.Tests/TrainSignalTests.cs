using System.Globalization;
using Safr.Kit.Training;

namespace Safr.Cli.Tests;

/// <summary>SIGTERM (a cluster's preemption, `kill`) cancels training like Ctrl+C: finished epochs stay checkpointed and the run resumes.</summary>
public class TrainSignalTests
{
    [Fact]
    public void SigtermStopsTrainingAtAStepWithItsCheckpointsKeptAndExit130()
    {
        using var folder = new TempFolder("safr-train-term-");
        var run = new RunFolder(folder["run"]);
        using (var process = SafrProcess.Start(new Dictionary<string, string>(), "train", "--dataset", "sst2", "--mode", "fast", "--epochs", "50",
                   "--patience", "50", "--data-fraction", "0.03", "--out", run.Path))
        {
            var deadline = DateTime.UtcNow.AddMinutes(4);
            while (run.LatestCheckpoint() is null && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.False(process.HasExited, "training ended before its first checkpoint");
            using (var term = System.Diagnostics.Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])) term.WaitForExit();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "training did not stop within 30 s of SIGTERM");
            Assert.Equal(130, process.ExitCode);  // cancelled by the kit, not ended by the signal (143)
        }
        Assert.NotNull(run.LatestCheckpoint());
        Assert.False(run.IsFinished);
    }
}
