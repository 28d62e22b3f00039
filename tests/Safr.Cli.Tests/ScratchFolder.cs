namespace Safr.Cli.Tests;

/// <summary>A fresh folder under the system temp folder, deleted with the test (whatever the test left in it).</summary>
internal sealed class ScratchFolder(string prefix) : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public string this[string relativePath] => System.IO.Path.Combine(Path, relativePath);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
