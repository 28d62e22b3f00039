using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Safr.Notebooks;

/// <summary>
/// The state one notebook run shares across its cells: the references and assemblies its directives brought in,
/// the script chain, the formatters, the cell whose outputs display() appends to, and the cancellation token.
/// A fresh session per notebook is what gives each notebook a fresh kernel.
/// </summary>
internal sealed class NotebookSession
{
    private static readonly AsyncLocal<NotebookSession?> CurrentSession = new();

    private readonly FormatterDiscovery formatters = new();
    private readonly NotebookLoadContext loadContext;
    private readonly CellRunner runner;
    private readonly string directory;
    private readonly bool echo;
    // By simple name: a package that brings a newer copy of a platform assembly replaces the platform's reference.
    private readonly Dictionary<string, MetadataReference> references = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> platformNames = new(StringComparer.OrdinalIgnoreCase);
    private CellOutputs? outputs;

    public NotebookSession(string notebookPath, NotebookRunOptions options, CancellationToken cancellationToken)
    {
        directory = Path.GetDirectoryName(Path.GetFullPath(notebookPath))!;
        echo = options.EchoOutput;
        CancellationToken = cancellationToken;
        // Published by name for libraries that cannot see this runner's globals (Safr.Kit's
        // NotebookCancellation.Token reads it, as it reads the dotnet-interactive kernel's token).
        AppContext.SetData(CancellationTokenKey, cancellationToken);
        loadContext = new NotebookLoadContext($"notebook {Path.GetFileName(notebookPath)}");
        runner = new CellRunner(loadContext, new NotebookGlobals(this), directory);
        var feeds = options.Feeds.Concat(options.UseEnvironmentFeeds ? EnvironmentFeeds() : []);
        Resolver = new NuGetLocalResolver(feeds, new PackageCache(options.PackageCache ?? PackageCache.DefaultRoot),
            options.GlobalPackagesFolder ?? NuGetLocalResolver.DefaultGlobalPackagesFolder(directory));

        // Roslyn adds the core library itself; the rest of the framework, and this runner's display API, are ours to add.
        foreach (var (name, path) in FrameworkAssemblies.Paths)
        {
            if (path == typeof(object).Assembly.Location) continue;
            references[name] = References.Get(path);
            platformNames.Add(name);
        }
        references[typeof(NotebookGlobals).Assembly.GetName().Name!] = References.Get(typeof(NotebookGlobals).Assembly.Location);
    }

    /// <summary>The session whose cell is running on this call path (for the Display() extension).</summary>
    public static NotebookSession? Current => CurrentSession.Value;

    public CancellationToken CancellationToken { get; }

    /// <summary>The AppContext data name under which the running notebook's cancellation token is published.</summary>
    public const string CancellationTokenKey = "Safr.Notebooks.CancellationToken";

    public NuGetLocalResolver Resolver { get; }

    /// <summary>Things worth telling the user that did not stop the run (an ignored remote package source).</summary>
    public List<string> Notes { get; } = [];

    private readonly List<(string Package, string Code)> pendingExtensions = [];

    /// <summary>Shows a value in the running cell; the returned handle can replace it later.</summary>
    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var target = ConsoleCapture.Cell ?? outputs ?? throw new InvalidOperationException("display() shows a value in a notebook; no notebook cell is running");
        IReadOnlyList<KeyValuePair<string, string>> Format(object? v) => formatters.Format(v, mimeTypes);
        return new DisplayedValue(target, target.Add(Format(value)), Format);
    }

    /// <summary>The mime bundle of a cell's last expression.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Format(object? value) => formatters.Format(value);

    /// <summary>Starts a cell: its outputs become where console writes and display() go on this call path.</summary>
    public CellOutputs BeginCell()
    {
        outputs = new CellOutputs(echo);
        CurrentSession.Value = this;
        ConsoleCapture.Enter(outputs);
        return outputs;
    }

    /// <summary>Carries out a cell's #i and #r directives before it compiles; a failure names the directive's line.</summary>
    public void Apply(ParsedCell cell, int cellNumber)
    {
        foreach (var directive in cell.Directives)
        {
            try
            {
                switch (directive)
                {
                    case PackageSourceDirective { Source: var source } when Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https":
                        Notes.Add($"cell {cellNumber} line {directive.Line}: #i \"nuget: {source}\" is a remote source; this runner takes packages from local feeds only");
                        break;
                    case PackageSourceDirective { Source: var source }:
                        Resolver.AddFeed(Path.Combine(directory, source));
                        break;
                    case PackageDirective { Id: var id, Version: var version }:
                        foreach (var package in Resolver.Resolve(id, version)) Add(package);
                        break;
                    case AssemblyDirective { Path: var path }:
                        var full = Path.GetFullPath(Path.Combine(directory, path));
                        if (!File.Exists(full)) throw new PackageResolutionException($"#r \"{path}\": no such file ({full})");
                        AddAssembly(full);
                        break;
                }
            }
            catch (PackageResolutionException e)
            {
                throw new MagicCommandException(directive.Line, e.Message);
            }
        }
    }

    /// <summary>
    /// The C# of the kernel extensions (interactive-extensions/dotnet/extension.dib) of packages added since the
    /// last call: the kernel runs a package's extension.dib right after its #r, so this runner does too.
    /// </summary>
    public IReadOnlyList<(string Package, string Code)> TakePendingExtensions()
    {
        var taken = pendingExtensions.ToArray();
        pendingExtensions.Clear();
        return taken;
    }

    public Task<CellResult> RunAsync(string code, string cellPath, TimeSpan grace) =>
        runner.RunAsync(code, cellPath, references.Values.ToArray(), grace, CancellationToken);

    private void Add(ResolvedPackage package)
    {
        foreach (var assembly in package.Assemblies)
        {
            var name = AssemblyName.GetAssemblyName(assembly);
            if (FrameworkAssemblies.Supplies(name.Name!, name.Version)) continue; // the platform's copy is as new: use it
            AddAssembly(assembly);
        }
        foreach (var folder in package.NativeFolders) loadContext.AddNativeFolder(folder);
        var extension = Path.Combine(package.Folder, "interactive-extensions", "dotnet", "extension.dib");
        if (File.Exists(extension)) pendingExtensions.Add((package.Id, ExtensionScript.CSharpOf(File.ReadAllText(extension))));
    }

    private void AddAssembly(string path)
    {
        var name = AssemblyName.GetAssemblyName(path).Name!;
        if (platformNames.Remove(name)) references[name] = References.Get(path);
        else references.TryAdd(name, References.Get(path));
        loadContext.AddAssembly(path);
    }

    private static IEnumerable<string> EnvironmentFeeds() =>
        (Environment.GetEnvironmentVariable("SAFR_FEED") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
