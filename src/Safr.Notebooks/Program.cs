using System.CommandLine;
using Safr.Notebooks;

// safr-notebooks: ./safr notebooks ARGS runs this host with ARGS (see NotebooksCommand).
var root = new RootCommand("Safr.Kit's notebook runner: Polyglot notebooks (.ipynb with C# cells), run headless on the .NET Interactive kernel.");
root.Subcommands.Add(NotebooksCommand.Create());
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"notebooks {parsed.CommandResult.Command.Name}: {error.Message} (see ./safr notebooks run --help)");
    return 2;
}
return await parsed.InvokeAsync();
