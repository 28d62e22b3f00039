using Safr.Kit.Data;
using Safr.Kit.Training;
using TorchSharp;

namespace Safr.Cli;

/// <summary>A user-facing error the CLI reports as one line and exit code 2.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>Runs a command body and turns the errors a user can fix into one clear line and an exit code.</summary>
internal static class CliErrors
{
    public static int Run(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"{command}: cancelled; finished epochs are checkpointed (resume with --resume)");
            return 130;
        }
        catch (TrainingDivergedException e)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 3;
        }
        catch (Exception e) when (e is CliException or DataFormatException or MissingDataException or FileNotFoundException
                                       or ArgumentException or System.Runtime.InteropServices.ExternalException or InvalidOperationException or ChecksumMismatchException)
        {
            Console.Error.WriteLine($"{command}: {e.Message}");
            return 2;
        }
    }
}
