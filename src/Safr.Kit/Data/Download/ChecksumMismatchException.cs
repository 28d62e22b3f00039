namespace Safr.Kit.Data;

/// <summary>A file's digest is not the published one: a corrupted download, or a different version of the data.</summary>
public sealed class ChecksumMismatchException : IOException, IInputError
{
    public ChecksumMismatchException(string filePath, string? url, FileChecksum expected, string actual, string? note = null)
        : base($"{FileChecksum.Name(expected.Algorithm)} mismatch for {filePath}{(url is null ? "" : $" (from {url})")}: expected {expected.Hex}, actual {actual}." + (note is null ? "" : " " + note))
    {
        FilePath = filePath;
        Url = url;
        Expected = expected;
        Actual = actual;
    }

    public string FilePath { get; }

    public string? Url { get; }

    public FileChecksum Expected { get; }

    public string Actual { get; }
}
