using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace Safr.Torch.Interop;

/// <summary>
/// Compiles the native bridge with CMake against the libtorch found, into a cache folder keyed by
/// libtorch version, libtorch location and the hash of the bridge's sources, as
/// torch.utils.cpp_extension does for extensions. A cached build is reused until one of those changes.
/// </summary>
public static class NativeBuild
{
    public const string LibraryFileName = "libsafr_torch_native.so";

    /// <summary>Prefix of the bridge's sources embedded in this assembly (see Safr.Torch.csproj).</summary>
    internal const string EmbeddedPrefix = "safr_native/";

    /// <summary>
    /// The bridge's C++ sources: SAFR_NATIVE_SOURCE, else a native/ folder beside this assembly or the app,
    /// else the copy embedded in this assembly, written out once to the cache. The embedded copy is what
    /// makes a NuGet install work anywhere (a notebook kernel loads the assembly from the package folder,
    /// and a PackageReference does not copy loose files next to it).
    /// </summary>
    public static string SourceDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SAFR_NATIVE_SOURCE") is { Length: > 0 } dir) return dir;
            var assemblyDir = Path.GetDirectoryName(typeof(NativeBuild).Assembly.Location);
            foreach (var candidate in new[] { assemblyDir, AppContext.BaseDirectory })
            {
                if (string.IsNullOrEmpty(candidate)) continue;
                var native = Path.Combine(candidate, "native");
                if (File.Exists(Path.Combine(native, "CMakeLists.txt"))) return native;
            }
            return ExtractEmbeddedSources();
        }
    }

    /// <summary>Writes the embedded sources to CacheRoot/src-HASH (atomically, once) and returns that folder.</summary>
    public static string ExtractEmbeddedSources()
    {
        var assembly = typeof(NativeBuild).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(EmbeddedPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0) throw new TorchNativeLoadException($"{assembly.Location} carries no native bridge sources; set SAFR_NATIVE_SOURCE to a native/ folder.");
        var files = names.Select(n =>
        {
            using var stream = assembly.GetManifestResourceStream(n)!;
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return (Name: n[EmbeddedPrefix.Length..], Bytes: memory.ToArray());
        }).ToArray();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n"));
            sha.AppendData(bytes);
        }
        var target = Path.Combine(CacheRoot, $"src-{Convert.ToHexStringLower(sha.GetHashAndReset())[..16]}");
        if (File.Exists(Path.Combine(target, "CMakeLists.txt"))) return target;
        Directory.CreateDirectory(CacheRoot);
        var staging = $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.CreateDirectory(staging);
        foreach (var (name, bytes) in files) File.WriteAllBytes(Path.Combine(staging, name), bytes);
        try
        {
            Directory.Move(staging, target);
        }
        catch (IOException) when (File.Exists(Path.Combine(target, "CMakeLists.txt")))
        {
            Directory.Delete(staging, recursive: true);  // another process extracted the same sources first
        }
        return target;
    }

    /// <summary>Where builds are cached: SAFR_NATIVE_CACHE, else $XDG_CACHE_HOME/safr/native, else ~/.cache/safr/native.</summary>
    public static string CacheRoot
    {
        get
        {
            if (Environment.GetEnvironmentVariable("SAFR_NATIVE_CACHE") is { Length: > 0 } dir) return dir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
                : xdg;
            return Path.Combine(root, "safr", "native");
        }
    }

    /// <summary>Hash of every source file's name and bytes, so any edit gives a new cache key.</summary>
    public static string SourceHash(string sourceDirectory)
    {
        var files = Directory.GetFiles(sourceDirectory)
            .Where(f => f.EndsWith(".cpp") || f.EndsWith(".h") || Path.GetFileName(f) == "CMakeLists.txt")
            .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0) throw new TorchNativeLoadException($"No native bridge sources in {sourceDirectory}.");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            // Normalise line endings so a checkout on another OS hashes the same.
            sha.AppendData(Encoding.UTF8.GetBytes(File.ReadAllText(file).Replace("\r\n", "\n")));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The cache folder for this libtorch and these sources.</summary>
    public static string CacheDirectory(LibTorchInstall torch, string sourceHash)
    {
        var where = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(torch.CMakePrefix)))[..8];
        return Path.Combine(CacheRoot, $"torch-{torch.Version}-{where}-src-{sourceHash[..16]}");
    }

    /// <summary>Returns the path of a bridge built for <paramref name="torch"/>, building it first if needed.</summary>
    public static string EnsureBuilt(LibTorchInstall torch, Action<string>? log = null)
    {
        var source = SourceDirectory;
        if (!Directory.Exists(source))
            throw new TorchNativeLoadException(
                $"The native bridge's sources were not found at {source}. Reinstall Safr.Torch or set SAFR_NATIVE_SOURCE to its native/ folder.");
        var target = CacheDirectory(torch, SourceHash(source));
        var library = Path.Combine(target, LibraryFileName);
        if (File.Exists(library)) return library;

        Directory.CreateDirectory(CacheRoot);
        using var guard = AcquireLock(target + ".lock");
        if (File.Exists(library)) return library;  // another process built it while we waited

        var staging = $"{target}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            Directory.CreateDirectory(staging);
            var buildDir = Path.Combine(staging, "build");
            var logPath = Path.Combine(staging, "build.log");
            log?.Invoke($"Building the Safr.Torch native bridge against libtorch {torch.Version} ({torch.Origin}) ...");
            var watch = Stopwatch.StartNew();
            RunCMake(["-S", source, "-B", buildDir, $"-DCMAKE_PREFIX_PATH={torch.CMakePrefix}", "-DCMAKE_BUILD_TYPE=Release"], logPath);
            RunCMake(["--build", buildDir, "--parallel", Environment.ProcessorCount.ToString()], logPath);
            File.Copy(Path.Combine(buildDir, LibraryFileName), Path.Combine(staging, LibraryFileName));
            File.WriteAllText(Path.Combine(staging, "build.json"),
                $"{{\"torch_version\": \"{torch.Version}\", \"torch_cmake_prefix\": \"{torch.CMakePrefix}\", \"origin\": \"{torch.Origin}\", \"built_utc\": \"{DateTime.UtcNow:O}\"}}\n");
            Directory.Delete(buildDir, recursive: true);
            Directory.Move(staging, target);  // atomic: a reader sees no folder or a complete one
            log?.Invoke($"Built in {watch.Elapsed.TotalSeconds:F1} s: {library}");
            return library;
        }
        finally
        {
            if (Directory.Exists(staging)) TryDelete(staging);
        }
    }

    private static void RunCMake(string[] arguments, string logPath)
    {
        var info = new ProcessStartInfo("cmake") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TorchNativeLoadException("cmake could not be started.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new TorchNativeLoadException(
                "cmake was not found on PATH; the native bridge is compiled with CMake and a C++17 compiler (apt-get install cmake g++).", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            var output = stdout.Result + stderr.Result;
            File.AppendAllText(logPath, $"$ cmake {string.Join(' ', arguments)}\n{output}\n");
            if (process.ExitCode != 0)
            {
                var tail = string.Join('\n', output.Split('\n').TakeLast(40));
                throw new TorchNativeLoadException($"Building the native bridge failed (cmake {arguments[0]} ... exited {process.ExitCode}):\n{tail}");
            }
        }
    }

    private static FileStream AcquireLock(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
