using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

[assembly: DisableRuntimeMarshalling]

namespace Safr.Torch.Interop;

/// <summary>P/Invoke declarations of the bridge's C ABI (native/safr_torch.h). Every call returns 0 or -1.</summary>
internal static unsafe class NativeMethods
{
    internal const string Library = "safr_torch_native";
    internal const int AbiVersion = 2;

    [DllImport(Library)] internal static extern byte* safr_last_error();
    [DllImport(Library)] internal static extern int safr_abi_version();
    [DllImport(Library)] internal static extern int safr_torch_version(byte* buffer, int capacity);
    [DllImport(Library)] internal static extern long safr_live_tensors();

    [DllImport(Library)] internal static extern int safr_tensor_free(IntPtr t);
    [DllImport(Library)] internal static extern int safr_tensor_from_data(void* data, long* shape, int ndim, int dtype, IntPtr* result);
    [DllImport(Library)] internal static extern int safr_tensor_copy_to(IntPtr t, void* buffer, long nbytes);
    [DllImport(Library)] internal static extern int safr_tensor_alias(IntPtr t, IntPtr* result);
    [DllImport(Library)] internal static extern int safr_tensor_dim(IntPtr t, long* result);
    [DllImport(Library)] internal static extern int safr_tensor_sizes(IntPtr t, long* buffer, int capacity);
    [DllImport(Library)] internal static extern int safr_tensor_numel(IntPtr t, long* result);
    [DllImport(Library)] internal static extern int safr_tensor_dtype(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int safr_tensor_device(IntPtr t, int* type, int* index);
    [DllImport(Library)] internal static extern int safr_tensor_requires_grad(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int safr_tensor_set_requires_grad(IntPtr t, int value);
    [DllImport(Library)] internal static extern int safr_tensor_is_leaf(IntPtr t, int* result);
    [DllImport(Library)] internal static extern int safr_tensor_grad(IntPtr t, IntPtr* result);
    [DllImport(Library)] internal static extern int safr_tensor_set_grad(IntPtr t, IntPtr grad);
    [DllImport(Library)] internal static extern int safr_tensor_retain_grad(IntPtr t);
    [DllImport(Library)] internal static extern int safr_tensor_set_data(IntPtr t, IntPtr source);

    [DllImport(Library)] internal static extern int safr_backward(IntPtr* tensors, int n, IntPtr* grads, int retainGraph, int createGraph);
    [DllImport(Library)] internal static extern int safr_autograd_grad(IntPtr* outputs, int nOutputs, IntPtr* inputs, int nInputs,
        IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* results);
    [DllImport(Library)] internal static extern int safr_set_grad_enabled(int enabled);
    [DllImport(Library)] internal static extern int safr_is_grad_enabled();

    [DllImport(Library)] internal static extern int safr_op_find(byte* name, byte* overload, IntPtr* result);
    [DllImport(Library)] internal static extern int safr_op_schema(IntPtr op, byte* buffer, int capacity);
    [DllImport(Library)] internal static extern int safr_op_call(IntPtr op, NativeValue* args, int nArgs, NativeValue* results, int capacity, int* nResults);

    [DllImport(Library)] internal static extern int safr_manual_seed(ulong seed);
    [DllImport(Library)] internal static extern int safr_generator_new(int deviceType, int deviceIndex, ulong seed, IntPtr* result);
    [DllImport(Library)] internal static extern int safr_generator_free(IntPtr g);
    [DllImport(Library)] internal static extern int safr_generator_manual_seed(IntPtr g, ulong seed);
    [DllImport(Library)] internal static extern int safr_generator_initial_seed(IntPtr g, ulong* result);

    [DllImport(Library)] internal static extern int safr_cuda_is_available(int* result);
    [DllImport(Library)] internal static extern int safr_cuda_device_count(int* result);
    [DllImport(Library)] internal static extern int safr_cpu_cache_set_limit(ulong bytes);
    [DllImport(Library)] internal static extern int safr_cpu_cache_empty();
    [DllImport(Library)] internal static extern int safr_cpu_cache_stats(ulong* cachedBytes, ulong* hits, ulong* misses, ulong* limitBytes);
    [DllImport(Library)] internal static extern int safr_set_num_threads(int n);
    [DllImport(Library)] internal static extern int safr_get_num_threads(int* result);

    /// <summary>Throws the bridge's last error as a <see cref="TorchException"/> when a call failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Check(int status)
    {
        if (status != 0) ThrowLastError();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void ThrowLastError() =>
        throw new TorchException(Marshal.PtrToStringUTF8((IntPtr)safr_last_error()) ?? "unknown libtorch error");
}
