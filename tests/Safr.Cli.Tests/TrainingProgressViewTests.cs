using Safr.Kit.Training;
using Spectre.Console.Testing;

namespace Safr.Cli.Tests;

/// <summary>The CLI's training progress: live bars on a terminal, plain lines in logs.</summary>
public class TrainingProgressViewTests
{
    private const string Escape = "\u001b";

    [Fact]
    public void InteractiveConsoleGetsLiveBarsWithEachEpochPrintedAbove()
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences().Width(160);
        var returned = TrainingProgressView.Show(console, progress => FakeTraining(progress, "SAFR", epochs: 2, steps: 5));

        Assert.Equal(42, returned);
        var output = console.Output;
        // A live display: the cursor is hidden while it runs and shown again at the end.
        Assert.Contains($"{Escape}[?25l", output);
        Assert.EndsWith($"{Escape}[?25h", output.TrimEnd());
        // The bar's description when dev evaluation starts, with the run's label, epoch, step and loss.
        Assert.Contains("SAFR: epoch 1/2 step 5/5 loss 0.5000, evaluating dev", output);
        Assert.Contains("━", output);
        // Finished epochs are printed as lines, in order.
        var first = output.IndexOf("SAFR: epoch 1: loss", StringComparison.Ordinal);
        var second = output.IndexOf("SAFR: epoch 2: loss", StringComparison.Ordinal);
        Assert.True(first >= 0 && second > first, output);
    }

    [Fact]
    public void RedirectedOutputGetsPlainLinesWithoutCursorMovement()
    {
        var console = new TestConsole();
        TrainingProgressView.Show(console, progress =>
        {
            FakeTraining(progress, "baseline", epochs: 1, steps: 20);
            return FakeTraining(progress, "SAFR", epochs: 1, steps: 20);
        });

        var output = console.Output;
        Assert.DoesNotContain(Escape, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // Every tenth of an epoch (steps 2, 4, ..., 18) and the finished epoch, per labelled run.
        Assert.Equal(9, lines.Count(l => l.StartsWith("baseline:", StringComparison.Ordinal) && l.Contains(" step ", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.StartsWith("baseline: epoch 1: loss", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("SAFR: epoch 1: loss", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("SAFR:", StringComparison.Ordinal) && l.Contains("epoch 1 step 10/20: loss", StringComparison.Ordinal));
    }

    [Fact]
    public void CancellationPassesThroughAndTheTerminalIsRestored()
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences();
        Assert.Throws<OperationCanceledException>(() => TrainingProgressView.Show<int>(console, progress =>
        {
            progress("", new TrainingProgress(1, 3, 1, 10, 0.7, null));
            throw new OperationCanceledException();
        }));
        Assert.EndsWith($"{Escape}[?25h", console.Output.TrimEnd());
    }

    /// <summary>Reports what <see cref="SafrTrainer.Fit"/> would: every step, then the finished epoch.</summary>
    private static int FakeTraining(Action<string, TrainingProgress> progress, string label, int epochs, int steps)
    {
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            for (var step = 1; step <= steps; step++)
                progress(label, new TrainingProgress(epoch, epochs, step, steps, 0.5, null));
            var record = new EpochRecord(epoch, 0.5, 0.45, 0.04, 0.01, 0.8, 0.75 + epoch / 100.0, 1.5, Improved: true);
            progress(label, new TrainingProgress(epoch, epochs, steps, steps, 0.5, record));
        }
        return 42;
    }
}
