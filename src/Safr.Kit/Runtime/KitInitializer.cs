using System.Runtime.CompilerServices;

namespace Safr.Kit.Runtime;

/// <summary>
/// The kit's first use makes TorchSharp loadable (<see cref="TorchSharpRuntime.EnsureLoaded"/>): code that reaches
/// any Safr.Kit type before touching torch gets a working TorchSharp on GCC 12 systems with no call of its own.
/// Code that touches torch first must call EnsureLoaded itself (the CLI and the notebook extension do).
/// </summary>
internal static class KitInitializer
{
#pragma warning disable CA2255 // deliberate: loading must precede torch's static constructor, which cannot be retried
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize() => TorchSharpRuntime.EnsureLoaded();
}
