namespace Safr.Kit.Runtime;

/// <summary>
/// TorchSharp turns every C# number in tensor arithmetic (<c>x * 0.5</c>, <c>x + 1e-5</c>) into a native Scalar
/// that only its finalizer frees (dotnet/TorchSharp#1496). A training step makes few managed objects, so the
/// garbage collector runs rarely and those Scalars pile up: about 270 KB a step for the small test model,
/// hundreds of MiB over a few thousand steps (measured). Draining the finalizer queue every so often keeps
/// resident memory flat; a gen-0 collection of a small heap costs well under a millisecond.
/// <para>
/// The same Scalars can be freed too early: TorchSharp passes a Scalar's raw handle to the native call and keeps no
/// reference alive, so a garbage collection on another thread during a long call (masked_fill over B x H x L x L at
/// 256 tokens) can finalize it mid-call: seen once, as "Expected false to be true ... toFloat" from masked_fill. The
/// kit's long-running ops therefore take explicit Scalars held by <c>using</c> until the call returns.
/// </para>
/// </summary>
public static class ScalarGarbage
{
    /// <summary>Steps between drains in the kit's loops.</summary>
    public const int Interval = 64;

    /// <summary>Collects gen 0 and runs the pending finalizers, freeing the native Scalars they hold.</summary>
    public static void Drain()
    {
        GC.Collect(0, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
    }
}
