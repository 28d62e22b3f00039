namespace Safr.Kit.Display;

/// <summary>
/// Finds and reads the installed plotly.min.js (npm package plotly.js-dist-min, installed by
/// tools/plotly/install). Looked for in order: the file named by SAFR_PLOTLY_JS; a plotly.min.js next to
/// Safr.Kit.dll or the application; tools/plotly/node_modules in a folder above Safr.Kit.dll, the
/// application or the current directory (a notebook loads the kit from the repository's bin folder while
/// the application is the kernel, elsewhere).
/// </summary>
internal static class PlotlyJs
{
    private const string FileName = "plotly.min.js";
    private static readonly string[] PackagePath = ["tools", "plotly", "node_modules", "plotly.js-dist-min", FileName];
    private static readonly Lock Gate = new();
    private static (string Path, DateTime Written, long Length, string Text)? _cache;

    /// <summary>The file found (or null), and the places looked at, for the message when none is.</summary>
    public static (string? Path, IReadOnlyList<string> Searched) Locate() =>
        Locate(Environment.GetEnvironmentVariable(Plots.PlotlyJsEnvironmentVariable),
            Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location), AppContext.BaseDirectory, Environment.CurrentDirectory);

    /// <param name="named">SAFR_PLOTLY_JS's value.</param>
    /// <param name="kit">Safr.Kit.dll's folder.</param>
    /// <param name="application">The application's folder.</param>
    /// <param name="current">The current directory.</param>
    internal static (string? Path, IReadOnlyList<string> Searched) Locate(string? named, string? kit, string? application, string? current)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(named))
        {
            searched.Add($"{Plots.PlotlyJsEnvironmentVariable}={named}");
            if (File.Exists(named)) return (Path.GetFullPath(named), searched);
        }
        string?[] starts = [kit, application, current];
        foreach (var dir in starts.Take(2))
        {
            if (string.IsNullOrEmpty(dir)) continue;
            var beside = Path.Combine(dir, FileName);
            searched.Add(beside);
            if (File.Exists(beside)) return (beside, searched);
        }
        foreach (var start in starts)
        {
            if (string.IsNullOrEmpty(start)) continue;
            searched.Add($"{Path.Combine([.. PackagePath])} above {start}");
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine([dir.FullName, .. PackagePath]);
                if (File.Exists(candidate)) return (candidate, searched);
            }
        }
        return (null, searched);
    }

    /// <summary>The library's text, read once per file version (it is about 4.5 MB).</summary>
    public static string Read(string path)
    {
        var info = new FileInfo(path);
        lock (Gate)
        {
            if (_cache is { } c && c.Path == info.FullName && c.Written == info.LastWriteTimeUtc && c.Length == info.Length) return c.Text;
            var text = File.ReadAllText(info.FullName);
            _cache = (info.FullName, info.LastWriteTimeUtc, info.Length, text);
            return text;
        }
    }
}
