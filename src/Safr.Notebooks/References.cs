using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Safr.Notebooks;

/// <summary>
/// Compile references by file path, created once per process: Roslyn memory-maps each file, and handing every cell
/// and every notebook the same object keeps later submissions from seeing the "same" assembly twice.
/// </summary>
internal static class References
{
    private static readonly ConcurrentDictionary<string, MetadataReference> ByPath = new(StringComparer.Ordinal);

    public static MetadataReference Get(string path) => ByPath.GetOrAdd(Path.GetFullPath(path), p => MetadataReference.CreateFromFile(p));
}
