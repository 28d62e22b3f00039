using System.Text.RegularExpressions;

namespace Safr.Kit.Tests.Architecture;

/// <summary>
/// Safr.Kit's namespaces form layers, and each imports only those below it, so none imports one that imports it back.
/// Read from the sources (comments and strings left out): a file imports a namespace by a using directive, by a name
/// qualified with it, or (the root namespace) by naming one of the root's types.
/// </summary>
public sealed partial class NamespaceLayerTests
{
    /// <summary>Bottom first: the spine runs Model → Data → the regularizers, the optimizer and the metrics → Training → Runs → Tables → Sweeps → Display.</summary>
    private static readonly string[] Layers =
    [
        "Safr.Kit", "Safr.Kit.Runtime", "Safr.Kit.Serialization", "Safr.Kit.Model", "Safr.Kit.Data", "Safr.Kit.Regularization", "Safr.Kit.Optim",
        "Safr.Kit.Attribution", "Safr.Kit.Metrics", "Safr.Kit.Analysis", "Safr.Kit.Parity", "Safr.Kit.Training", "Safr.Kit.Runs",
        "Safr.Kit.Tables", "Safr.Kit.Sweeps", "Safr.Kit.Display",
    ];

    [Fact]
    public void EveryNamespaceImportsOnlyTheLayersBelowIt()
    {
        var imports = Imports();
        Assert.Equal(Layers.Order(StringComparer.Ordinal), imports.Keys.Order(StringComparer.Ordinal));  // a new namespace takes its place here
        var wrong = imports.SelectMany(kv => kv.Value.Keys.Where(target => Array.IndexOf(Layers, target) >= Array.IndexOf(Layers, kv.Key))
            .Select(target => $"{kv.Key} imports {target} ({string.Join(", ", kv.Value[target])})")).ToArray();
        Assert.True(wrong.Length == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void TheCheckSeesAnImportThatPointsUpward()
    {
        // The reader finds each way of importing: a using, a qualified name, a root type; and not one in a comment.
        var found = ImportsOf("""
            using Safr.Kit.Runs;
            // using Safr.Kit.Display;
            namespace Safr.Kit.Model;
            /// <see cref="Safr.Kit.Sweeps.Sweep"/>
            class A { object b = new Safr.Kit.Tables.RunMetric("x", _ => 1); RunMode c; string d = "Safr.Kit.Parity.X"; }
            """, ["RunMode"]);
        Assert.Equal(["Safr.Kit", "Safr.Kit.Runs", "Safr.Kit.Tables"], found.Order(StringComparer.Ordinal));
    }

    /// <summary>Per namespace of Safr.Kit, the namespaces its files import, each with the files that do.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> Imports()
    {
        var root = Path.Combine(Checkout.RepositoryRoot, "src", "Safr.Kit");
        var rootTypes = typeof(RunMode).Assembly.GetTypes()
            .Where(t => t.Namespace == "Safr.Kit" && !t.IsNested && !t.Name.Contains('<', StringComparison.Ordinal))
            .Select(t => t.Name.Split('`')[0]).Distinct().ToArray();
        var imports = new Dictionary<string, Dictionary<string, List<string>>>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, file);
            if (relative.StartsWith("obj", StringComparison.Ordinal) || relative.StartsWith("bin", StringComparison.Ordinal)) continue;
            var code = Code(File.ReadAllText(file));
            var space = Layer(NamespaceOf().Match(code).Groups[1].Value);
            var targets = imports.TryGetValue(space, out var t) ? t : imports[space] = new(StringComparer.Ordinal);
            foreach (var target in ImportsOf(code, rootTypes).Where(n => n != space))
                (targets.TryGetValue(target, out var files) ? files : targets[target] = []).Add(relative);
        }
        return imports;
    }

    private static HashSet<string> ImportsOf(string source, IReadOnlyCollection<string> rootTypes)
    {
        var code = Code(source);
        var space = Layer(NamespaceOf().Match(code).Groups[1].Value);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in UsingDirective().Matches(code)) found.Add(Layer(m.Groups[1].Value));
        foreach (Match m in QualifiedName().Matches(code)) found.Add(Layer(m.Groups[1].Value));
        var body = UsingDirective().Replace(code, "");
        if (space != "Safr.Kit" && rootTypes.Any(type => Regex.IsMatch(body, $@"\b{type}\b"))) found.Add("Safr.Kit");
        found.Remove(space);
        return found;
    }

    /// <summary>The layer a namespace belongs to: its first three parts (Safr.Kit.Data.Synthetic is Data).</summary>
    private static string Layer(string space) => string.Join('.', space.Split('.').Take(3));

    /// <summary>The source without comments and string literals.</summary>
    private static string Code(string source) => StringLiteral().Replace(LineComment().Replace(BlockComment().Replace(source, ""), ""), "\"\"");

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceOf();

    [GeneratedRegex(@"^\s*using\s+(?:static\s+)?(Safr\.Kit(?:\.\w+)*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\b(Safr\.Kit\.\w+)\.")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?""(?:\\.|[^""\\\n])*""")]
    private static partial Regex StringLiteral();
}
