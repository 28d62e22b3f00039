namespace Safr.Kit.Data;

/// <summary>
/// A data file does not have the format its reader expects. The message starts with "path:line:" so
/// that editors and terminals can jump to the offending line; for a DataFrame, with "name, row N:" instead.
/// </summary>
public sealed class DataFormatException : Exception, IInputError
{
    public DataFormatException(string filePath, int line, string problem, Exception? inner = null)
        : base($"{filePath}:{line}: {problem}", inner)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
    }

    private DataFormatException(string frame, long? row, string problem)
        : base(row is { } r ? $"{frame}, row {r}: {problem}" : $"{frame}: {problem}")
    {
        FilePath = frame;
        Row = row;
        Problem = problem;
    }

    /// <summary>
    /// A DataFrame whose row <paramref name="row"/> (0-based, as <c>frame.Rows[row]</c>) is not what the reader expects,
    /// or, with <paramref name="row"/> null, whose whole content is not (a missing column, too few classes).
    /// </summary>
    public static DataFormatException InFrame(string frame, long? row, string problem) => new(frame, row, problem);

    /// <summary>The file, or "archive.zip!entry" for a file read inside an archive, or the DataFrame's name.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number (for a multi-line CSV record, the line where the record starts); 0 for a DataFrame.</summary>
    public int Line { get; }

    /// <summary>For a DataFrame, the 0-based row at fault (null where no single row is); null for a file.</summary>
    public long? Row { get; }

    /// <summary>The message without the location.</summary>
    public string Problem { get; }
}
