using System.Text;

namespace Safr.Kit.Data;

/// <summary>
/// Data files could not be found or downloaded. The message names each one, the exact path to put it
/// at, and its source URL, so that an offline machine can be supplied by hand.
/// </summary>
public sealed class MissingDataException : FileNotFoundException, IInputError
{
    public MissingDataException(IReadOnlyList<MissingFile> files, string? hint = null, Exception? inner = null)
        : base(Describe(files, hint), files.Count > 0 ? files[0].PutItAt : null, inner)
    {
        Files = files;
        Hint = hint;
    }

    public IReadOnlyList<MissingFile> Files { get; }

    public string? Hint { get; }

    private static string Describe(IReadOnlyList<MissingFile> files, string? hint)
    {
        var text = new StringBuilder(files.Count == 1 ? "A data file is missing:" : $"{files.Count} data files are missing:");
        foreach (var m in files)
        {
            text.Append($"\n  - {m.File.Description}: put it at {m.PutItAt}");
            if (m.File.Checksum is { } checksum) text.Append($" ({checksum})");
            if (m.Url is not null)
            {
                text.Append($"\n    source: {m.Url}");
                if (m.File.Source?.Checksum is { } sourceChecksum) text.Append($" ({sourceChecksum})");
                if (m.File.Source?.ArchiveEntry is { } entry) text.Append($" (the archive's {entry}{(m.File.IsFolder ? "/ folder" : "")})");
            }
            else text.Append("\n    source: no official download");
            if (m.Reason is not null) text.Append($"\n    {m.Reason}");
        }
        if (hint is not null) text.Append('\n').Append(hint);
        return text.ToString();
    }
}
