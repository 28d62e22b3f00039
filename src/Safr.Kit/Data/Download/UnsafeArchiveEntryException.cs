namespace Safr.Kit.Data;

/// <summary>An archive entry would be written outside the extraction folder (absolute path, "..", a link): nothing is extracted.</summary>
public sealed class UnsafeArchiveEntryException : IOException, IInputError
{
    public UnsafeArchiveEntryException(string archivePath, string entryName, string reason)
        : base($"refusing to extract {archivePath}: the entry \"{entryName}\" {reason}")
    {
        ArchivePath = archivePath;
        EntryName = entryName;
    }

    public string ArchivePath { get; }

    public string EntryName { get; }
}
