using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Safr.Notebooks;

/// <summary>
/// papermill's parameters convention for C# cells: the cell tagged "parameters" declares the defaults, and a cell
/// tagged "injected-parameters", inserted right after it, assigns the values given on the command line
/// (<c>NAME = VALUE;</c>). Values are typed from the declaration when it names a type (or a <c>var</c> with a literal);
/// otherwise a value that parses as int, double or bool is written as that literal and anything else as a string.
/// </summary>
internal static class ParameterInjection
{
    public const string ParametersTag = "parameters";
    public const string InjectedTag = "injected-parameters";

    /// <summary>The variables a parameters cell declares at top level, with the C# keyword of their type (null when not a built-in type).</summary>
    public static IReadOnlyDictionary<string, string?> Declared(string parametersCellSource)
    {
        var root = CSharpSyntaxTree.ParseText(WithoutKernelDirectives(parametersCellSource),
            new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script)).GetCompilationUnitRoot();
        var declared = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var member in root.Members)
        {
            var declaration = member switch
            {
                FieldDeclarationSyntax field => field.Declaration,
                GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local } => local.Declaration,
                _ => null,
            };
            if (declaration is null) continue;
            foreach (var variable in declaration.Variables)
                declared[variable.Identifier.ValueText] = TypeKeyword(declaration.Type, variable.Initializer?.Value);
        }
        return declared;
    }

    /// <summary>
    /// The cell with the kernel's own directives (#i, #!...) blanked, line for line: C# scripting knows #r and #load
    /// but would read those as errors, and a parameters cell may hold them.
    /// </summary>
    private static string WithoutKernelDirectives(string source) =>
        string.Join('\n', source.Split('\n').Select(line => line.TrimStart() is var t && (t.StartsWith("#!", StringComparison.Ordinal) || t.StartsWith("#i ", StringComparison.Ordinal)) ? "" : line));

    /// <summary>The injected cell's source: a comment line, then one assignment per parameter in the order given.</summary>
    public static string InjectedSource(IReadOnlyDictionary<string, string?> declared, IEnumerable<KeyValuePair<string, string>> values)
    {
        var source = new StringBuilder("// Parameters\n");
        foreach (var (name, value) in values) source.Append(name).Append(" = ").Append(Literal(name, value, declared.GetValueOrDefault(name))).Append(";\n");
        return source.ToString().TrimEnd('\n');
    }

    /// <summary>The C# literal for <paramref name="value"/> as a <paramref name="type"/> (a C# keyword, or null when unknown).</summary>
    public static string Literal(string name, string value, string? type)
    {
        var invariant = CultureInfo.InvariantCulture;
        string Bad() => throw new ArgumentException($"parameter {name} is {type}: '{value}' is not a valid {type}");
        switch (type)
        {
            case "string":
                return SymbolDisplay.FormatLiteral(value, quote: true);
            case "bool":
                return bool.TryParse(value, out var b) ? (b ? "true" : "false") : Bad();
            case "int" or "long" or "short" or "byte" or "sbyte" or "uint" or "ulong" or "ushort":
                var integer = value.Trim();
                if (!System.Numerics.BigInteger.TryParse(integer, NumberStyles.AllowLeadingSign, invariant, out _)) Bad();
                return integer + type switch { "long" => "L", "uint" => "U", "ulong" => "UL", _ => "" };
            case "double" or "float" or "decimal":
                if (!double.TryParse(value, NumberStyles.Float, invariant, out var real)) Bad();
                if (type == "decimal") return decimal.Parse(value, NumberStyles.Float, invariant).ToString(invariant) + "m";
                return type == "float" ? FloatLiteral((float)real, "float") : FloatLiteral(real, "double");
            default:
                if (int.TryParse(value, NumberStyles.AllowLeadingSign, invariant, out var i)) return i.ToString(invariant);
                if (double.TryParse(value, NumberStyles.Float, invariant, out var d)) return FloatLiteral(d, "double");
                if (bool.TryParse(value, out var flag)) return flag ? "true" : "false";
                return SymbolDisplay.FormatLiteral(value, quote: true);
        }
    }

    /// <summary>Splits a command-line "NAME=VALUE"; the name must be a C# identifier.</summary>
    public static KeyValuePair<string, string> ParseArgument(string argument)
    {
        var equals = argument.IndexOf('=');
        if (equals <= 0) throw new ArgumentException($"-p {argument}: expected NAME=VALUE");
        var name = argument[..equals].Trim();
        if (!SyntaxFacts.IsValidIdentifier(name)) throw new ArgumentException($"-p {argument}: '{name}' is not a C# identifier");
        return new(name, argument[(equals + 1)..]);
    }

    private static string FloatLiteral(double value, string type)
    {
        if (double.IsNaN(value)) return $"{type}.NaN";
        if (double.IsInfinity(value)) return value > 0 ? $"{type}.PositiveInfinity" : $"{type}.NegativeInfinity";
        if (type == "float") return ((float)value).ToString("R", CultureInfo.InvariantCulture) + "f";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOfAny(['.', 'E']) >= 0 ? text : text + "d"; // "1d": a double even where the target is var or object
    }

    private static string? TypeKeyword(TypeSyntax type, ExpressionSyntax? initializer)
    {
        if (type is NullableTypeSyntax nullable) type = nullable.ElementType;
        if (type is PredefinedTypeSyntax predefined) return predefined.Keyword.ValueText;
        if (!type.IsVar) return null;
        var literal = initializer is PrefixUnaryExpressionSyntax { OperatorToken.ValueText: "-" or "+", Operand: LiteralExpressionSyntax signed } ? signed : initializer as LiteralExpressionSyntax;
        return literal?.Token.Value switch
        {
            string => "string",
            bool => "bool",
            int => "int",
            long => "long",
            uint => "uint",
            ulong => "ulong",
            double => "double",
            float => "float",
            decimal => "decimal",
            _ => null,
        };
    }
}
