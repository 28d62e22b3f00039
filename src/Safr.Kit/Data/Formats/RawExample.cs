namespace Safr.Kit.Data;

/// <summary>
/// Where raw examples came from, so that bad input is reported there: a file's 1-based line, a DataFrame's 0-based row,
/// or (position null) the whole file or frame, for problems no single line has (too few classes, an empty split).
/// </summary>
internal readonly record struct Origin(string Source, long? Position, bool IsFrame)
{
    public static Origin Line(string path, int line) => new(path, line, false);

    public static Origin Row(string frame, long row) => new(frame, row, true);

    /// <summary>The whole source; for a file, reported at line 1, as whole-file problems are elsewhere in the kit.</summary>
    public static Origin Whole(string source, bool isFrame) => new(source, null, isFrame);

    public DataFormatException Error(string problem) =>
        IsFrame ? DataFormatException.InFrame(Source, Position, problem) : new DataFormatException(Source, checked((int)(Position ?? 1)), problem);
}

/// <summary>A text and its label as written (a class name or an integer, trimmed), before labels are assigned.</summary>
internal readonly record struct RawExample(string Text, string Label, Origin Origin)
{
    /// <summary>The example, or the error for empty text or a missing label, naming the column and the place.</summary>
    public static RawExample Checked(string? text, string? label, Origin origin, string textColumn, string labelColumn)
    {
        if (string.IsNullOrWhiteSpace(text)) throw origin.Error($"empty text (\"{textColumn}\")");
        if (string.IsNullOrWhiteSpace(label)) throw origin.Error($"missing label (\"{labelColumn}\" is empty)");
        return new RawExample(text, label.Trim(), origin);
    }
}
