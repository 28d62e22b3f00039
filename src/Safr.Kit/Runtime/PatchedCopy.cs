namespace Safr.Kit.Runtime;

/// <summary>Puts a patched library in its cache folder beside symbolic links to its siblings (its RUNPATH is
/// $ORIGIN/), each file written atomically so concurrent processes see the old file or the new one, never half.</summary>
internal static class PatchedCopy
{
    /// <summary>Writes <paramref name="content"/> as <paramref name="fileName"/> in <paramref name="folder"/> unless an
    /// identical file is there, links every file of <paramref name="siblingFolders"/> beside it, and returns its path and
    /// whether this call wrote it (false: an identical copy was already there).</summary>
    public static (string Path, bool Written) Write(string folder, string fileName, byte[] content, IReadOnlyList<string> siblingFolders)
    {
        Directory.CreateDirectory(folder);
        var linked = new HashSet<string>(StringComparer.Ordinal) { fileName };
        foreach (var sibling in siblingFolders.SelectMany(Directory.EnumerateFiles))
        {
            var link = Path.Combine(folder, Path.GetFileName(sibling));
            if (linked.Add(Path.GetFileName(sibling)) && new FileInfo(link).LinkTarget != sibling)
                Replace(link, temp => File.CreateSymbolicLink(temp, sibling));
        }
        var target = Path.Combine(folder, fileName);
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(content)) return (target, false);
        Replace(target, temp => File.WriteAllBytes(temp, content));
        return (target, true);
    }

    private static void Replace(string target, Action<string> create)
    {
        var temp = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            create(temp);
            File.Move(temp, target, overwrite: true); // rename(2): atomic, and moves a link itself, not its target
        }
        finally
        {
            File.Delete(temp); // only left when something failed
        }
    }
}
