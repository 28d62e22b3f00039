using System.Runtime.InteropServices;
using System.Text;

namespace Safr.Kit.Runtime;

/// <summary>glibc's dlopen, dlerror and dlinfo, called directly: a failed load then reports the loader's own
/// message (NativeLibrary.TryLoad only says false), and a handle tells which file the loader actually mapped.</summary>
internal static unsafe class DynamicLinker
{
    private const int RtldLazy = 0x1; // as NativeLibrary.Load opens libraries
    private const int RtldNoload = 0x4;
    private const int RtldDiLinkmap = 2;

    private sealed class Api(nint open, nint error, nint info)
    {
        public readonly delegate* unmanaged<byte*, int, nint> Open = (delegate* unmanaged<byte*, int, nint>)open;
        public readonly delegate* unmanaged<byte*> Error = (delegate* unmanaged<byte*>)error;
        public readonly delegate* unmanaged<nint, int, void*, int> Info = (delegate* unmanaged<nint, int, void*, int>)info;
    }

    private static readonly Lazy<Api?> Functions = new(Bind);

    /// <summary>Whether the functions were found (glibc 2.34+ has them in libc, older ones in libdl).</summary>
    public static bool Available => Functions.Value is not null;

    /// <summary>
    /// The handle of a library this process has already loaded under <paramref name="soname"/> (RTLD_NOLOAD), or 0.
    /// A bare name matches a loaded library's soname whatever path it was loaded from.
    /// </summary>
    public static nint Loaded(string soname) => Open(soname, out _, RtldLazy | RtldNoload);

    /// <summary>Opens a library; on failure returns 0 and dlerror's text in <paramref name="error"/>.</summary>
    public static nint Open(string path, out string? error) => Open(path, out error, RtldLazy);

    private static nint Open(string path, out string? error, int flags)
    {
        var api = Functions.Value ?? throw new PlatformNotSupportedException("dlopen was not found in libc.so.6 or libdl.so.2.");
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        nint handle;
        byte* message;
        fixed (byte* name = utf8)
        {
            api.Error(); // clear a stale message left by an earlier failure on this thread
            handle = api.Open(name, flags);
            message = handle == 0 ? api.Error() : null;
        }
        error = handle == 0 ? (message == null ? "dlopen failed without a message" : Marshal.PtrToStringUTF8((nint)message)) : null;
        return handle;
    }

    /// <summary>The path the loader mapped for a handle (its link map's l_name), or null.</summary>
    public static string? PathOf(nint handle)
    {
        var api = Functions.Value;
        if (api is null || handle == 0)
            return null;
        nint* linkMap = null;
        if (api.Info(handle, RtldDiLinkmap, &linkMap) != 0 || linkMap == null)
            return null;
        // struct link_map { ElfW(Addr) l_addr; char *l_name; ... } is public, stable ABI.
        var name = Marshal.PtrToStringUTF8(linkMap[1]);
        return string.IsNullOrEmpty(name) ? null : name;
    }

    private static Api? Bind()
    {
        if (!OperatingSystem.IsLinux())
            return null;
        foreach (var library in new[] { "libc.so.6", "libdl.so.2" })
        {
            if (NativeLibrary.TryLoad(library, out var lib)
                && NativeLibrary.TryGetExport(lib, "dlopen", out var open)
                && NativeLibrary.TryGetExport(lib, "dlerror", out var error)
                && NativeLibrary.TryGetExport(lib, "dlinfo", out var info))
            {
                return new Api(open, error, info);
            }
        }
        return null;
    }
}
