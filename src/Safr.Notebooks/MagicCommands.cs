using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NuGet.Versioning;

namespace Safr.Notebooks;

/// <summary>A directive line of a cell, with its 1-based line number for error messages.</summary>
internal abstract record CellDirective(int Line);

/// <summary><c>#r "nuget: Id"</c> or <c>#r "nuget: Id, 1.2.3"</c>; a null version means the highest available.</summary>
internal sealed record PackageDirective(int Line, string Id, string? Version) : CellDirective(Line);

/// <summary><c>#r "path/to/x.dll"</c>.</summary>
internal sealed record AssemblyDirective(int Line, string Path) : CellDirective(Line);

/// <summary><c>#i "nuget: SOURCE"</c>: a package source (a local folder here).</summary>
internal sealed record PackageSourceDirective(int Line, string Source) : CellDirective(Line);

/// <summary>A cell split into its directives and the C# that Roslyn compiles (directive lines blanked, so line numbers still match the cell).</summary>
internal sealed record ParsedCell(string Code, IReadOnlyList<CellDirective> Directives);

/// <summary>A directive this runner does not understand, a malformed one, or one it cannot carry out (a package that cannot be resolved).</summary>
internal sealed class MagicCommandException(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}

/// <summary>
/// Reads the .NET Interactive directives of a C# cell: <c>#r "nuget: ..."</c>, <c>#r "x.dll"</c>, <c>#i "nuget: ..."</c>,
/// and a leading <c>#!csharp</c> (or <c>#!c#</c>, <c>#!cs</c>) kernel selector; <c>#load</c> and C#'s own
/// preprocessor directives are left to Roslyn. Anything else starting a line with <c>#!</c> or <c>#word</c> is
/// rejected rather than silently skipped: a notebook that relies on another kernel or a magic we lack must fail loudly.
/// </summary>
internal static class MagicCommands
{
    private static readonly HashSet<string> CSharpDirectives =
        ["if", "elif", "else", "endif", "define", "undef", "region", "endregion", "pragma", "nullable", "warning", "error", "line", "load"];

    private static readonly HashSet<string> CSharpKernelSelectors = ["#!csharp", "#!c#", "#!cs"];

    public static ParsedCell Parse(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)).GetRoot();
        var code = new StringBuilder(source.Length);
        var directives = new List<CellDirective>();
        var offset = 0;
        var number = 0;
        foreach (var line in NotebookCell.SplitLines(source))
        {
            number++;
            var text = line.TrimEnd('\n', '\r');
            var trimmed = text.TrimStart();
            var start = offset + (text.Length - trimmed.Length);
            offset += line.Length;
            if (!trimmed.StartsWith('#') || trimmed.Length < 2 || InsideLiteralOrComment(root, start))
            {
                code.Append(line);
                continue;
            }
            var name = trimmed.Split((char[]?)null, 2)[0];
            if (name.StartsWith("#!", StringComparison.Ordinal))
            {
                if (!CSharpKernelSelectors.Contains(name.ToLowerInvariant())) throw new MagicCommandException(number, $"unknown magic command {name}");
            }
            else if (name is "#r" or "#i" || name.StartsWith("#r\"", StringComparison.Ordinal) || name.StartsWith("#i\"", StringComparison.Ordinal))
            {
                directives.Add(ParseReference(number, trimmed));
            }
            else if (!char.IsLetter(trimmed[1]) || CSharpDirectives.Contains(new string(trimmed.Skip(1).TakeWhile(char.IsLetter).ToArray())))
            {
                code.Append(line); // C#'s own (#if, #pragma, #load, ...) or not a directive at all: Roslyn judges it
                continue;
            }
            else
            {
                throw new MagicCommandException(number, $"unknown magic command {name}");
            }
            code.Append(line.EndsWith('\n') ? "\n" : ""); // blank the directive, keep the line
        }
        return new ParsedCell(code.ToString(), directives);
    }

    private static CellDirective ParseReference(int line, string text)
    {
        var kind = text[..2];
        var rest = text[2..].Trim();
        var close = rest.Length > 1 && rest[0] == '"' ? rest.IndexOf('"', 1) : -1;
        var after = close > 0 ? rest[(close + 1)..].Trim() : "";
        if (close < 0 || (after.Length > 0 && !after.StartsWith("//", StringComparison.Ordinal)))
        {
            throw new MagicCommandException(line, kind == "#r"
                ? "#r expects one quoted argument: #r \"nuget: Id, Version\" or #r \"path/to/assembly.dll\""
                : "#i expects one quoted argument: #i \"nuget: /path/to/feed\"");
        }
        var argument = rest[1..close].Trim();
        var isNuGet = argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase);
        var value = isNuGet ? argument["nuget:".Length..].Trim() : argument;
        if (kind == "#i")
        {
            if (!isNuGet || value.Length == 0) throw new MagicCommandException(line, $"#i \"{argument}\": only package sources are supported, as #i \"nuget: /path/to/feed\"");
            return new PackageSourceDirective(line, value);
        }
        if (!isNuGet)
        {
            if (value.Length == 0) throw new MagicCommandException(line, "#r \"\": no assembly path");
            return new AssemblyDirective(line, value);
        }
        var parts = value.Split(',', 2, StringSplitOptions.TrimEntries);
        var id = parts[0];
        var version = parts.Length > 1 ? parts[1] : null;
        if (id.Length == 0) throw new MagicCommandException(line, $"#r \"{argument}\": no package id");
        if (version is null or "" or "*" or "*-*") return new PackageDirective(line, id, null);
        if (!NuGetVersion.TryParse(version, out _))
        {
            throw new MagicCommandException(line, $"#r \"{argument}\": '{version}' is not a version; give an exact version, or none for the highest in the feeds");
        }
        return new PackageDirective(line, id, version);
    }

    /// <summary>True when a line starting at <paramref name="position"/> lies inside a multi-line string, a block comment or disabled #if text.</summary>
    private static bool InsideLiteralOrComment(SyntaxNode root, int position)
    {
        var trivia = root.FindTrivia(position, findInsideTrivia: true);
        if (trivia.Span.Contains(position)
            && (trivia.IsKind(SyntaxKind.DisabledTextTrivia)
                || (trivia.SpanStart < position && trivia.Kind() is SyntaxKind.MultiLineCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia)))
        {
            return true;
        }
        var token = root.FindToken(position, findInsideTrivia: true);
        return token.SpanStart < position && position < token.Span.End; // only string literals span lines
    }
}
