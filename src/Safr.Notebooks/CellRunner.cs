using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Safr.Notebooks;

/// <summary>What a cell evaluated to: <see cref="HasValue"/> when it ended in an expression without a semicolon.</summary>
internal sealed record CellResult(bool HasValue, object? Value);

/// <summary>A cell that does not compile; the errors carry their locations within the cell.</summary>
internal sealed class CellCompilationException(IReadOnlyList<Diagnostic> errors)
    : Exception(string.Join("\n", errors.Select(e => e.ToString())))
{
    public IReadOnlyList<Diagnostic> Errors { get; } = errors;
}

/// <summary>A cancelled cell that did not stop within the grace period; it is left running and the notebook is written without waiting.</summary>
internal sealed class CellAbandonedException(TimeSpan grace)
    : OperationCanceledException($"cancelled; the cell did not stop within {grace.TotalSeconds:0.#} s and was abandoned");

/// <summary>
/// Runs cells as consecutive C# script submissions sharing their state, as the kernel does. Roslyn's scripting API
/// compiles the chain (<c>CSharpScript.Create</c>,
/// then <c>Script.ContinueWith</c>: usings, variables and types carry over);
/// the emitted submission is loaded into the notebook's own <see cref="NotebookLoadContext"/> and its factory is
/// called with the shared submission array, which is what ScriptState.ContinueWithAsync does inside, minus its
/// loader (see NotebookLoadContext for why).
/// </summary>
internal sealed class CellRunner(NotebookLoadContext loadContext, NotebookGlobals globals, string baseDirectory)
{
    /// <summary>The namespaces the kernel imports into C# cells, and ours (DisplayedValue, the Display() extension).</summary>
    public static readonly string[] Imports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq", "Safr.Notebooks"];

    private Script<object>? previous;

    // Slot 0 holds the globals; submission k stores itself in slot k+1 (a submission with no code takes no slot).
    private object[] states = [globals, null!, null!, null!];
    private int next = 1;

    /// <summary>Compiles and runs one cell; compile errors throw <see cref="CellCompilationException"/>, runtime errors throw as the cell threw them.</summary>
    public async Task<CellResult> RunAsync(string code, string cellPath, IEnumerable<MetadataReference> references, TimeSpan grace, CancellationToken cancellationToken)
    {
        var options = ScriptOptions.Default
            .WithReferences(references)
            .WithImports(Imports)
            .WithFilePath(cellPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithSourceResolver(new SourceFileResolver([], baseDirectory))
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithAllowUnsafe(true);
        var script = previous is null ? CSharpScript.Create<object>(code, options, typeof(NotebookGlobals)) : previous.ContinueWith<object>(code, options);
        var compilation = script.GetCompilation();

        using var peImage = new MemoryStream();
        using var pdb = new MemoryStream();
        var emitted = compilation.Emit(peImage, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb), cancellationToken: cancellationToken);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0) throw new CellCompilationException(errors);
        previous = script; // even a cell with nothing to run (only usings) shapes the cells after it
        var entryPoint = compilation.GetEntryPoint(cancellationToken);
        if (!emitted.Success || entryPoint is null) return new CellResult(false, null);

        peImage.Position = 0;
        pdb.Position = 0;
        var assembly = loadContext.LoadSubmission(peImage, pdb);
        var typeName = entryPoint.ContainingNamespace.IsGlobalNamespace
            ? entryPoint.ContainingType.MetadataName
            : $"{entryPoint.ContainingNamespace.ToDisplayString()}.{entryPoint.ContainingType.MetadataName}";
        var factory = assembly.GetType(typeName, throwOnError: true)!
            .GetMethod(entryPoint.MetadataName, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!
            .CreateDelegate<Func<object[], Task<object>>>();

        if (next >= states.Length) Array.Resize(ref states, states.Length * 2);
        // A thread of its own: a cell that never awaits (a training loop) can still be abandoned on cancellation.
        var run = Task.Factory.StartNew(() => factory(states), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        var value = await WaitAsync(run, grace, cancellationToken).ConfigureAwait(false);
        if (states[next] is not null) next++;
        return new CellResult(HasResult(compilation, cellPath), value);
    }

    /// <summary>
    /// True when the cell ends in an expression without a semicolon whose type is not void: the submission's result,
    /// which the kernel shows as the cell's execute_result (Roslyn's own check, Compilation.HasSubmissionResult, is internal).
    /// </summary>
    private static bool HasResult(Compilation compilation, string cellPath)
    {
        var tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == cellPath);
        if (tree?.GetRoot() is not CompilationUnitSyntax root) return false;
        if (root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last }) return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(last.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    /// <summary>Waits for the cell; once cancelled, gives it <paramref name="grace"/> to finish or throw on its own (with its own stack), then abandons it.</summary>
    private static async Task<object?> WaitAsync(Task<object> run, TimeSpan grace, CancellationToken cancellationToken)
    {
        try
        {
            return await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            try
            {
                return await run.WaitAsync(grace).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new CellAbandonedException(grace);
            }
        }
    }
}
