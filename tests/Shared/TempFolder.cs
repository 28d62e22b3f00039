namespace Safr.Tests.Shared;

/// <summary>A fresh folder under the system temp folder, deleted with the test (whatever the test left in it).</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix = "safr-tests-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    public string this[string relativePath] => System.IO.Path.Combine(Path, relativePath);

    /// <summary>Writes a UTF-8 text file (creating folders) and returns its path.</summary>
    public string Write(string relativePath, string content)
    {
        var path = this[relativePath];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Every file below the folder, relative, sorted.</summary>
    public string[] Files() => Directory.GetFiles(Path, "*", SearchOption.AllDirectories)
        .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
