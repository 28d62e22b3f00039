"""Loads a libLibTorchSharp.so with RTLD_NOW (every symbol it needs must resolve against the torch libraries already
loaded or on LD_LIBRARY_PATH) and asks it what TorchSharp would ask first: is CUDA there, how many devices, cuDNN.
   python3 probe_lts.py LIB [--import-torch]
--import-torch loads Python's torch first, so the library binds to exactly the libtorch that process holds."""
import ctypes
import os
import sys

lib_path = sys.argv[1]
if "--import-torch" in sys.argv:
    import torch  # noqa: F401  (loads libtorch, libtorch_cuda and their CUDA libraries)
    print(f"probe: python torch {torch.__version__} loaded from {os.path.dirname(torch.__file__)}")
lib = ctypes.CDLL(lib_path, mode=os.RTLD_NOW | os.RTLD_GLOBAL)
print(f"probe: loaded {lib_path} with RTLD_NOW (all its symbols resolved)")
lib.THSTorchCuda_is_available.restype = ctypes.c_bool
lib.THSTorchCuda_cudnn_is_available.restype = ctypes.c_bool
lib.THSTorchCuda_device_count.restype = ctypes.c_int32
available = lib.THSTorchCuda_is_available()
print(f"probe: THSTorchCuda_is_available = {available}")
print(f"probe: THSTorchCuda_device_count = {lib.THSTorchCuda_device_count()}")
print(f"probe: THSTorchCuda_cudnn_is_available = {lib.THSTorchCuda_cudnn_is_available()}")
exported = [name for name in ("THSTensor_cuda", "THSNN_functional_linear", "THSTorch_manual_seed", "THSTensor_matmul")
            if hasattr(lib, name)]
print(f"probe: sample exports present: {exported}")
sys.exit(0 if available or "--cpu-ok" in sys.argv else 1)
