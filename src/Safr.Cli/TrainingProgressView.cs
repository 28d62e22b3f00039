using System.Globalization;
using Safr.Kit.Training;
using Spectre.Console;

namespace Safr.Cli;

/// <summary>
/// Training progress in the terminal. On an interactive console: a Spectre.Console progress bar for the
/// epoch in progress (steps, running loss, elapsed and remaining time), with each finished epoch printed
/// above it. Otherwise (a log file, a pipe, CI): the plain lines of <see cref="ProgressPrinter"/>, so logs
/// stay free of cursor movement.
/// </summary>
internal static class TrainingProgressView
{
    /// <summary>
    /// Runs <paramref name="run"/>, giving it a progress callback that takes a run label (e.g. "baseline", or
    /// empty when there is one run) and the trainer's <see cref="TrainingProgress"/>. Returns what it returns;
    /// its exceptions (cancellation included) pass through after the display is closed.
    /// </summary>
    public static T Show<T>(IAnsiConsole console, Func<Action<string, TrainingProgress>, T> run)
    {
        if (!console.Profile.Capabilities.Interactive)
        {
            var printers = new Dictionary<string, Action<TrainingProgress>>();
            var writer = console.Profile.Out.Writer;
            return run((label, p) =>
            {
                if (!printers.TryGetValue(label, out var print))
                    printers[label] = print = ProgressPrinter.Create(writer, Prefix(label));
                print(p);
            });
        }

        return console.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                ProgressTask? task = null;
                (string Label, int Epoch) current = ("", 0);
                return run((label, p) =>
                {
                    if (task is null || current != (label, p.Epoch))
                    {
                        task?.StopTask();
                        // One unit per step plus one for the dev evaluation, so the bar stays up (not yet
                        // complete, which HideCompleted would hide) while dev is evaluated.
                        task = context.AddTask(Describe(label, p), maxValue: p.StepsPerEpoch + 1);
                        current = (label, p.Epoch);
                    }
                    if (p.EpochDone is { } epoch)
                    {
                        task.Value = task.MaxValue;
                        task.StopTask();
                        // Written through the console while the display is live: Spectre renders it above the bars.
                        console.MarkupLine(Markup.Escape(Prefix(label) + epoch));
                        task = null;
                        return;
                    }
                    task.Value = p.Step;
                    task.Description = Describe(label, p);
                    // Dev evaluation starts now and can take a while: show "evaluating dev" at once, not at the next tick.
                    if (p.Step >= p.StepsPerEpoch) context.Refresh();
                });
            });
    }

    private static string Prefix(string label) => label.Length == 0 ? "" : label + ": ";

    private static string Describe(string label, TrainingProgress p) => Markup.Escape(string.Create(CultureInfo.InvariantCulture,
        $"{Prefix(label)}epoch {p.Epoch}/{p.MaxEpochs} step {p.Step}/{p.StepsPerEpoch} loss {p.RunningLoss:F4}{(p.Step >= p.StepsPerEpoch ? ", evaluating dev" : "")}"));
}
