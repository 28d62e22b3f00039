namespace Safr.Kit.Data;

/// <summary>
/// A data file does not have the format its reader expects. The message starts with "path:line:" so
/// that editors and terminals can jump to the offending line.
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

    /// <summary>The file, or "archive.zip!entry" for a file read inside an archive.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number (for a multi-line CSV record, the line where the record starts).</summary>
    public int Line { get; }

    /// <summary>The message without the location.</summary>
    public string Problem { get; }
}
