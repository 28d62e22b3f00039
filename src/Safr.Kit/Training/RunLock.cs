namespace Safr.Kit.Training;

/// <summary>
/// One training process per run folder. The lock is an exclusive lock on <c>run.lock</c> (on Linux, .NET takes an
/// advisory flock for FileShare.None), which the operating system releases when its process ends, however it
/// ends: a lock file left by a killed process is stale, and the next process simply takes it over. The holder's
/// process id goes in <c>run.lock.owner</c>, so a refused process can name it.
/// </summary>
public sealed class RunLock : IDisposable
{
    public const string FileName = "run.lock";
    public const string OwnerFileName = "run.lock.owner";

    private readonly FileStream _stream;
    private readonly string _folder;

    private RunLock(FileStream stream, string folder)
    {
        _stream = stream;
        _folder = folder;
    }

    /// <summary>Takes the run folder's lock, or throws an <see cref="InputException"/> naming the process that holds it.</summary>
    public static RunLock Acquire(string runFolder)
    {
        var folder = Path.GetFullPath(runFolder);
        Directory.CreateDirectory(folder);
        FileStream stream;
        try
        {
            stream = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InputException($"{folder}: another process is training into this run folder ({Owner(folder)}); " +
                "wait for it to finish, or stop it, or choose another --out", e);
        }
        File.WriteAllText(Path.Combine(folder, OwnerFileName), $"{Environment.ProcessId}\n{DateTime.UtcNow:O}\n");
        return new RunLock(stream, folder);
    }

    /// <summary>The process id written by the holder, as "process 1234", or a note that it is unknown.</summary>
    private static string Owner(string folder)
    {
        try
        {
            var lines = File.ReadAllLines(Path.Combine(folder, OwnerFileName));
            return lines.Length > 0 && int.TryParse(lines[0], out var pid) ? $"process {pid}, since {(lines.Length > 1 ? lines[1] : "?")}" : "process unknown";
        }
        catch (IOException)
        {
            return "process unknown";
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(Path.Combine(_folder, OwnerFileName));
        }
        catch (IOException)
        {
            // the lock itself is what matters; a stale owner file is overwritten by the next holder
        }
        _stream.Dispose();
    }
}
