using Safr.Kit;
using Safr.Kit.Training;

namespace Safr.Cli;

/// <summary>A mistake in what the user asked for (an option's value, a folder that is not a run): one line, exit 2.</summary>
internal sealed class CliException(string message, Exception? inner = null) : Exception(message, inner), IInputError;

/// <summary>
/// One error contract for every command. A user's mistake or a bad file (<see cref="IInputError"/>, a file or folder
/// that is not there, a disk that fails) is one line, <c>safr COMMAND: what is wrong</c>, and exit 2; the stack trace
/// only with SAFR_DEBUG=1. Anything else is a bug in the kit: its stack trace, one line saying so, and exit 70
/// (EX_SOFTWARE), so a bug never passes for the user's mistake.
/// </summary>
internal static class CliErrors
{
    public const int InputError = 2;
    public const int Bug = 70;

    private static bool Debug => Environment.GetEnvironmentVariable("SAFR_DEBUG") == "1";

    public static int Run(string command, Func<int> body) => Run(command, body, Console.Error);

    internal static int Run(string command, Func<int> body, TextWriter error)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"safr {command}: cancelled; finished epochs are checkpointed (resume with --resume)");
            return 130;
        }
        catch (TrainingDivergedException e)
        {
            error.WriteLine($"safr {command}: {e.Message}");
            return 3;
        }
        catch (Exception e) when (IsInputError(e))
        {
            ReportInputError(error, command, e.Message);
            if (Debug) error.WriteLine(e);
            return InputError;
        }
        catch (Exception e)
        {
            error.WriteLine(e);
            error.WriteLine($"safr {command}: this is a bug in Safr.Kit, not a mistake in what you asked for " +
                $"({e.GetType().Name}: {FirstLine(e.Message)}); please report it with the trace above.");
            return Bug;
        }
    }

    /// <summary>Runs code that hands the user's values to the kit: an argument the kit rejects is the user's mistake.</summary>
    public static T UserValues<T>(string what, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (ArgumentException e)
        {
            throw new CliException($"{what}: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>
    /// Writes an input error as its one line, <c>safr COMMAND: message</c>, whatever the message: a multi-line one (a
    /// list of missing files, a parser's indented choices) is joined.
    /// </summary>
    public static void ReportInputError(TextWriter error, string command, string message) =>
        error.WriteLine($"safr {command}: {string.Join("; ", message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))}");

    /// <summary>Errors of the user's input or environment; the kit's own bugs are everything else.</summary>
    public static bool IsInputError(Exception e) =>
        e is IInputError or FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException
        || (e is IOException && e.GetType() == typeof(IOException));  // a disk that is full or fails: the machine, not the kit

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
