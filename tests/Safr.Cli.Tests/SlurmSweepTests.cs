using System.Diagnostics;

namespace Safr.Cli.Tests;

/// <summary>
/// A sweep through real Slurm: tools/slurm/test-sweep starts a one-node cluster on this machine (installing slurm-wlm and
/// munge with apt-get when it may), submits the job array `safr sweep slurm` writes for 2 arms × 2 seeds on 1% of SST-2,
/// merges it and checks the table, then stops its daemons. About 15-30 s once Slurm is installed.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmSweepTests
{
    [Fact]
    public async Task ASweepRunsAsASlurmJobArrayAndMerges()
    {
        var script = Path.Combine(Checkout.RepositoryRoot, "tools", "slurm", "test-sweep");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["SAFR_DATA"] = SafrProcess.DataFolder;
        start.Environment["SAFR_VERIFY_CHECKSUMS"] = "0";  // the committed samples are generated, not the published files
        // The array's tasks run this checkout's ./safr: the configuration these tests were built in.
        start.Environment["SAFR_CONFIGURATION"] = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(12));
        }
        catch (TimeoutException)
        {
            // SIGTERM first: the script's trap stops the daemons it started and removes its folder.
            using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
            }
            Assert.Fail($"tools/slurm/test-sweep ran over 12 minutes\n{await output}\n{await error}");
        }
        var (stdout, stderr) = (await output, await error);
        Assert.True(process.ExitCode == 0, $"tools/slurm/test-sweep exited {process.ExitCode}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
        Assert.Contains("results.csv has 4 cells with finite metrics; passed", stdout);
    }
}
