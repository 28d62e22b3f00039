namespace Safr.Notebooks;

/// <summary>Reads a package's extension.dib: a .dib file whose "#!csharp" sections the kernel runs on #r.</summary>
internal static class ExtensionScript
{
    /// <summary>The C# sections of a .dib (all of it when it names no kernel); other kernels' sections are left out.</summary>
    public static string CSharpOf(string dib)
    {
        var lines = dib.Replace("\r\n", "\n").Split('\n');
        if (!lines.Any(l => l.StartsWith("#!", StringComparison.Ordinal))) return dib;
        var code = new List<string>();
        var inCSharp = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("#!", StringComparison.Ordinal))
            {
                inCSharp = line[2..].Trim() is "csharp" or "c#" or "C#";  // a "#!name" line starts that kernel's section
                continue;
            }
            if (inCSharp) code.Add(line);
        }
        return string.Join('\n', code);
    }
}
