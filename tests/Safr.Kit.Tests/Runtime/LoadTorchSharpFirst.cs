using System.Runtime.CompilerServices;
using Safr.Kit.Runtime;

namespace Safr.Kit.Tests.Runtime;

/// <summary>Loads TorchSharp's native libraries when this test assembly loads: xunit runs test classes in parallel
/// and in no fixed order, and once torch's static constructor has failed it cannot be retried.</summary>
internal static class LoadTorchSharpFirst
{
#pragma warning disable CA2255 // a test assembly is the application here
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Load() => TorchSharpRuntime.EnsureLoaded();
}
