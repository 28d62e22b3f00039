using System.Text.Json;

namespace Safr.Cli.Tests;

/// <summary>train's --mode and --vmask-beta reach the run, and probe writes into the run it probed.</summary>
public class RunFolderCliTests
{
    [Fact]
    public void VmaskBetaIsRecordedAndTheProbeReportLandsInTheRunFolder()
    {
        using var folder = new TempFolder();
        var run = folder["run"];
        var train = SafrProcess.Run("train", "--dataset", "sst2", "--epochs", "1", "--data-fraction", "0.2", "--mode", "fast",
            "--vmask-beta", "0.5", "--out", run);
        Assert.True(train.ExitCode == 0, train.ToString());
        Assert.Contains("fast mode, whitespace tokens, max length 128, lambda_imp 0, lambda_inter 0, VMASK beta 0.5 annealed", train.Output);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "model", "manifest.json"))))
        {
            var options = manifest.RootElement.GetProperty("options");
            Assert.Equal("Fast", options.GetProperty("mode").GetString());
            Assert.Equal(0.5, options.GetProperty("vmaskBeta").GetProperty("start").GetDouble());
            Assert.False(options.TryGetProperty("padding", out _));  // derived from the mode, not stored
            // Both lambdas are 0: the epoch loss is CE plus 0.5 times VMASK's information term, which lies in [-ln 2, 0).
            var epoch = manifest.RootElement.GetProperty("history")[0];
            var extra = epoch.GetProperty("loss").GetDouble() - epoch.GetProperty("crossEntropy").GetDouble();
            Assert.InRange(extra, -0.5 * Math.Log(2) - 1e-6, -1e-4);
        }

        var probe = SafrProcess.Run("probe", run, "a gripping , funny film");
        Assert.True(probe.ExitCode == 0, probe.ToString());
        Assert.True(File.Exists(Path.Combine(run, "probe", "allocation.html")), probe.ToString());
        Assert.True(File.Exists(Path.Combine(run, "probe", "allocation.json")));
        Assert.Contains(Path.Combine(run, "probe", "allocation.html"), probe.Output);
    }

    [Fact]
    public void AnUnknownModeIsOneLineNamingTheChoices()
    {
        var train = SafrProcess.Run("train", "--dataset", "sst2", "--mode", "fixed");
        Assert.Equal(2, train.ExitCode);
        Assert.Contains("fixed", train.Error);
        Assert.Contains("paper", train.Error);
    }
}
