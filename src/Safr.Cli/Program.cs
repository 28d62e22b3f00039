using System.CommandLine;
using Safr.Cli;
using Safr.Kit.Runtime;

// Before anything touches TorchSharp: make its native library load here (GCC 12, a system libtorch beside it).
TorchSharpRuntime.EnsureLoaded();

var root = new RootCommand("Safr.Kit: superposition-aware feature regularization, from the command line.");
root.Subcommands.Add(ParityCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(TrainCommand.Create());
root.Subcommands.Add(EvaluateCommand.Create());
root.Subcommands.Add(ProbeCommand.Create());
root.Subcommands.Add(SweepCommand.Create());
// Ctrl+C / SIGTERM cancel the running command's token (train checkpoints finished epochs and stops);
// after 10 s the process is ended anyway.
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A mistyped command line is the user's mistake like any other: one line each, exit 2 (see CliErrors).
    foreach (var error in parsed.Errors)
        CliErrors.ReportInputError(Console.Error, parsed.CommandResult.Command.Name, $"{error.Message} (see safr {parsed.CommandResult.Command.Name} --help)");
    return CliErrors.InputError;
}
return parsed.Invoke(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(10) });
