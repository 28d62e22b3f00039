using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Safr.Kit.Sweeps;
using Safr.Kit.Tables;

namespace Safr.Cli;

/// <summary>
/// <c>safr sweep SPEC --jobs K</c>: runs the sweep's unfinished cells K at a time, each in a child process
/// (<c>safr sweep SPEC --cell N --threads T</c>) with its own T libtorch threads, OMP_NUM_THREADS = MKL_NUM_THREADS = T and
/// GOMP_SPINCOUNT=10000 (unless OMP_WAIT_POLICY or GOMP_SPINCOUNT is set), so the children's OpenMP pools together fill the cores without fighting over them. Each child's output goes to the
/// sweep's logs/cell-N.out. A cancel (Ctrl+C, SIGTERM) is passed to the children as SIGTERM: they stop after their current
/// step with finished epochs checkpointed, and a later run continues them.
/// </summary>
internal static partial class SweepChildren
{
    private const int SigTerm = 15;

    public static async Task<int> Run(Sweep sweep, string specFile, int jobs, int threadsPerChild, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            sweep.Prepare();
        }
        catch (Exception e) when (CliErrors.IsInputError(e))
        {
            CliErrors.ReportInputError(Console.Error, "sweep", e.Message);
            return CliErrors.InputError;
        }
        Directory.CreateDirectory(sweep.LogsFolder);
        var pending = new Queue<SweepCell>(sweep.Cells.Where(c => !sweep.IsFinished(c)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sweep.Spec}; {pending.Count} of {sweep.Cells.Count} cells to run, {jobs} at a time with {threadsPerChild} thread(s) each"));
        var running = new List<Child>();
        var failed = new List<int>();
        var watch = Stopwatch.StartNew();
        while (pending.Count > 0 || running.Count > 0)
        {
            while (!cancellationToken.IsCancellationRequested && running.Count < jobs && pending.TryDequeue(out var cell))
            {
                var child = Child.Start(sweep, cell, specFile, threadsPerChild);
                running.Add(child);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{cell}: started (process {child.Process.Id}, log {Path.GetRelativePath(sweep.Folder, sweep.LogFileOf(cell))})"));
            }
            if (running.Count == 0) break;
            try
            {
                await Task.WhenAny(running.Select(c => c.Exited)).WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return await Stop(running, output);
            }
            foreach (var done in running.Where(c => c.Exited.IsCompleted).ToArray())
            {
                running.Remove(done);
                var code = done.Process.ExitCode;
                done.Dispose();
                if (code == 0 && sweep.ResultOf(done.Cell) is { } r)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{done.Cell}: finished in {done.Watch.Elapsed.TotalSeconds:F1} s: test accuracy {r.TestAccuracy:P2}, P(important) {r.Test.Polysemanticity.Important:F4}, AOPC comp. {RunMetric.VmaskComprehensiveness.Value(r) ?? double.NaN:F4}"));
                }
                else
                {
                    failed.Add(done.Cell.Index);
                    output.WriteLine($"{done.Cell}: failed (exit code {code}); see {sweep.LogFileOf(done.Cell)}");
                }
            }
        }
        var next = failed.Count > 0 ? $"; failed: cells {string.Join(", ", failed)}" : $"; merge them with `safr sweep merge {sweep.Folder}`";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sweep.Cells.Count(sweep.IsFinished)} of {sweep.Cells.Count} cells finished ({watch.Elapsed.TotalSeconds:F1} s){next}"));
        return failed.Count > 0 ? 1 : 0;
    }

    /// <summary>Passes the cancel on as SIGTERM, waits for the children to checkpoint and stop (then ends any left), returns 130.</summary>
    private static async Task<int> Stop(List<Child> running, TextWriter output)
    {
        output.WriteLine($"cancelled: stopping {running.Count} running cell(s); run the same command again to continue");
        foreach (var child in running)
        {
            if (!child.Process.HasExited) _ = Kill(child.Process.Id, SigTerm);
        }
        try
        {
            await Task.WhenAll(running.Select(c => c.Exited)).WaitAsync(TimeSpan.FromSeconds(8));
        }
        catch (TimeoutException)
        {
            foreach (var child in running.Where(c => !c.Process.HasExited)) child.Process.Kill(entireProcessTree: true);
        }
        foreach (var child in running) child.Dispose();
        return 130;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    /// <summary>One cell's child process, its output copied to the cell's log file.</summary>
    private sealed class Child : IDisposable
    {
        private readonly StreamWriter _log;
        private readonly Lock _gate = new();

        private Child(SweepCell cell, Process process, StreamWriter log)
        {
            Cell = cell;
            Process = process;
            _log = log;
            Watch = Stopwatch.StartNew();
        }

        public SweepCell Cell { get; }

        public Process Process { get; }

        public Stopwatch Watch { get; }

        /// <summary>Completes when the process has exited and its output is in the log.</summary>
        public Task Exited { get; private set; } = Task.CompletedTask;

        public static Child Start(Sweep sweep, SweepCell cell, string specFile, int threads)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            // Under `dotnet safr.dll` the process is dotnet: give it the CLI's assembly first.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(SweepChildren).Assembly.Location);
            foreach (var a in new[] { "sweep", specFile, "--cell", Invariant(cell.Index), "--threads", Invariant(threads) }) start.ArgumentList.Add(a);
            start.Environment["OMP_NUM_THREADS"] = Invariant(threads);
            start.Environment["MKL_NUM_THREADS"] = Invariant(threads);
            // libgomp's threads spin while they wait for work (300,000 rounds by default); where processes share cores, spinning
            // threads take them from the ones with work, and not spinning at all makes every parallel op wake a sleeping
            // thread (measured: README, Threads). A short spin, unless the user chose a policy.
            if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null && Environment.GetEnvironmentVariable("GOMP_SPINCOUNT") is null)
                start.Environment["GOMP_SPINCOUNT"] = "10000";
            var log = new StreamWriter(sweep.LogFileOf(cell), append: true) { AutoFlush = true };
            var process = new Process { StartInfo = start };
            var child = new Child(cell, process, log);
            process.OutputDataReceived += (_, e) => child.Append(e.Data);
            process.ErrorDataReceived += (_, e) => child.Append(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            child.Exited = process.WaitForExitAsync();
            return child;
        }

        public void Dispose()
        {
            Process.Dispose();
            lock (_gate) _log.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null) return;
            lock (_gate) _log.WriteLine(line);
        }

        private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
