using System.Runtime.InteropServices;
using System.Reflection;
using System.Runtime.Loader;

namespace Safr.Notebooks;

/// <summary>
/// One notebook's assemblies: its compiled cells, and the package and #r assemblies it references, loaded from where
/// they were resolved (so <c>Assembly.Location</c> points into the unpacked package). Everything else (the runtime,
/// this runner's display API) comes from the default context and is shared with the host.
/// <para>
/// Why not Roslyn's own script loader: it lets the default context answer first, so in a host that itself ships an
/// assembly a notebook references (safr ships Safr.Kit), the notebook would silently run the host's build output
/// instead of the package it compiled against. Here the notebook's references win.
/// </para>
/// </summary>
internal sealed class NotebookLoadContext(string name) : AssemblyLoadContext(name)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> assemblyPaths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Assembly> submissions = new(StringComparer.Ordinal);
    private readonly List<string> nativeFolders = [];

    /// <summary>Makes an assembly file resolvable by its simple name; the first registration of a name wins.</summary>
    public void AddAssembly(string path)
    {
        var simpleName = AssemblyName.GetAssemblyName(path).Name!;
        lock (gate) assemblyPaths.TryAdd(simpleName, Path.GetFullPath(path));
    }

    public void AddNativeFolder(string folder)
    {
        lock (gate)
        {
            if (!nativeFolders.Contains(folder)) nativeFolders.Add(folder);
        }
    }

    /// <summary>Loads a compiled cell (with its PDB, for line numbers in stack traces); later cells reference it by name.</summary>
    public Assembly LoadSubmission(Stream peImage, Stream pdb)
    {
        var assembly = LoadFromStream(peImage, pdb);
        lock (gate) submissions[assembly.GetName().Name!] = assembly;
        return assembly;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        string? path;
        lock (gate)
        {
            if (submissions.TryGetValue(assemblyName.Name!, out var submission)) return submission;
            if (!assemblyPaths.TryGetValue(assemblyName.Name!, out path)) return null;
        }
        // #r of a file the host itself already loaded from that very path: share the one copy.
        var hostCopy = Default.Assemblies.FirstOrDefault(a => !a.IsDynamic && string.Equals(a.Location, path, StringComparison.Ordinal));
        return hostCopy ?? LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // A library this process already holds under that soname is the one to use: the host (the safr CLI, say)
        // may have loaded TorchSharp's libtorch before the notebook did, and a second copy from the package folder
        // would abort libtorch when its operators register twice.
        foreach (var soname in new[] { $"lib{unmanagedDllName}.so", unmanagedDllName })
            if (AlreadyLoaded(soname) is var handle and not 0) return handle;
        string[] folders;
        lock (gate) folders = [.. nativeFolders];
        foreach (var folder in folders)
        {
            foreach (var file in new[] { unmanagedDllName, $"lib{unmanagedDllName}.so", $"{unmanagedDllName}.so", $"lib{unmanagedDllName}.dylib", $"{unmanagedDllName}.dll" })
            {
                var path = Path.Combine(folder, file);
                if (File.Exists(path)) return LoadUnmanagedDllFromPath(path);
            }
        }
        return IntPtr.Zero;
    }

    private static readonly unsafe delegate* unmanaged<byte*, int, nint> s_dlopen = FindDlopen();

    private static unsafe delegate* unmanaged<byte*, int, nint> FindDlopen() =>
        OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "dlopen", out var dlopen)
            ? (delegate* unmanaged<byte*, int, nint>)dlopen
            : null;

    /// <summary>dlopen(name, RTLD_LAZY | RTLD_NOLOAD): the handle of an already loaded library with that soname, or 0.</summary>
    private static unsafe nint AlreadyLoaded(string soname)
    {
        if (s_dlopen == null) return 0;
        var utf8 = System.Text.Encoding.UTF8.GetBytes(soname + "\0");
        fixed (byte* name = utf8) return s_dlopen(name, 0x1 | 0x4);
    }
}
