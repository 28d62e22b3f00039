namespace Safr.Kit.Serialization;

/// <summary>
/// Writes a file so that readers see either the old content or the new one, never half of it: the
/// bytes go to a hidden temporary file in the same folder, flushed to disk, then moved over the target
/// (a rename on the same file system). A failed write removes the temporary file and leaves the old one.
/// </summary>
public static class AtomicFile
{
    /// <summary>Tests wrap the stream to make a write fail part-way (a disk that fills up); null in normal use.</summary>
    internal static Func<string, Stream, Stream?>? StreamFilterForTests { get; set; }

    /// <summary>Writes whatever <paramref name="write"/> puts into the stream, atomically, to <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(StreamFilterForTests?.Invoke(full, stream) ?? stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    private static void TryDelete(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
