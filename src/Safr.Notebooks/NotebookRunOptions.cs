namespace Safr.Notebooks;

/// <summary>How to run a notebook: the CLI's -p, --out and --feed, echo, and how long a cancelled cell may take to stop.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>papermill-style parameters, injected after the cell tagged "parameters", in this order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; init; } = [];

    /// <summary>Where the executed notebook goes (same file name); null writes it back in place.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Local package feed folders, given to the kernel as #i "nuget: FOLDER" before the notebook's first cell.</summary>
    public IReadOnlyList<string> Feeds { get; init; } = [];

    /// <summary>Also use the folders listed in SAFR_FEED (separated by the path separator, ':' here).</summary>
    public bool UseEnvironmentFeeds { get; init; } = true;

    /// <summary>Also print what cells write to the console live (the CLI does; the notebook records it either way).</summary>
    public bool EchoOutput { get; init; }

    /// <summary>
    /// Run with the notebook's folder as the current directory, as VS Code does (relative paths in cells then mean
    /// the same there and here). The current directory is process-wide: only for one notebook at a time.
    /// </summary>
    public bool UseNotebookDirectory { get; init; }

    /// <summary>How long a cancelled cell may take to stop on its own before it is abandoned and the notebook written.</summary>
    public TimeSpan CancellationGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Called as each code cell finishes (or fails), in order: the CLI prints it as live progress.</summary>
    public Action<CellCompletion>? CellCompleted { get; init; }

    /// <summary>Parses the CLI's "NAME=VALUE" arguments; an argument without '=' or with a name that is not a C# identifier throws ArgumentException.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseParameters(IEnumerable<string> arguments) =>
        arguments.Select(ParameterInjection.ParseArgument).ToArray();
}
