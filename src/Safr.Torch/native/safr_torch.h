// The C ABI of the Safr.Torch bridge: opaque handles in, status codes out.
//
// Every function returns 0 on success and -1 on failure; on failure the message is kept in a
// thread-local buffer read by safr_last_error(). No C++ exception ever crosses this boundary.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SAFR_EXPORT __attribute__((visibility("default")))

// Bumped whenever a signature below changes; the managed side refuses a bridge of another version.
#define SAFR_ABI_VERSION 2

typedef void* safr_tensor;     // owns one at::Tensor reference
typedef void* safr_generator;  // owns one at::Generator
typedef void* safr_op;         // a resolved c10::OperatorHandle

// A boxed value passed to or returned from an operator call (mirrors c10::IValue kinds we use).
enum safr_kind {
  SAFR_NONE = 0,
  SAFR_TENSOR = 1,       // p: safr_tensor (may be null for an undefined tensor)
  SAFR_INT = 2,          // i
  SAFR_DOUBLE = 3,       // d
  SAFR_BOOL = 4,         // i (0 or 1)
  SAFR_INT_LIST = 5,     // p: int64_t*, count
  SAFR_DOUBLE_LIST = 6,  // p: double*, count
  SAFR_TENSOR_LIST = 7,  // p: safr_tensor*, count (null entries are None in Tensor?[] lists)
  SAFR_STRING = 8,       // p: const char* (UTF-8, NUL-terminated)
  SAFR_DEVICE = 9,       // i: device type (0 cpu, 1 cuda), count: index (-1 for the current one)
  SAFR_GENERATOR = 10,   // p: safr_generator
};

typedef struct safr_value {
  int32_t kind;
  int32_t count;
  int64_t i;
  double d;
  void* p;
  const char* name;  // for arguments: null = positional, else the schema argument name (keyword)
} safr_value;

SAFR_EXPORT const char* safr_last_error(void);
SAFR_EXPORT int32_t safr_abi_version(void);
SAFR_EXPORT int safr_torch_version(char* buffer, int32_t capacity);
SAFR_EXPORT int64_t safr_live_tensors(void);

// Tensors
SAFR_EXPORT int safr_tensor_free(safr_tensor t);
SAFR_EXPORT int safr_tensor_from_data(const void* data, const int64_t* shape, int32_t ndim, int32_t dtype,
                                      safr_tensor* out);
SAFR_EXPORT int safr_tensor_copy_to(safr_tensor t, void* buffer, int64_t nbytes);
SAFR_EXPORT int safr_tensor_alias(safr_tensor t, safr_tensor* out);
SAFR_EXPORT int safr_tensor_dim(safr_tensor t, int64_t* out);
SAFR_EXPORT int safr_tensor_sizes(safr_tensor t, int64_t* buffer, int32_t capacity);
SAFR_EXPORT int safr_tensor_numel(safr_tensor t, int64_t* out);
SAFR_EXPORT int safr_tensor_dtype(safr_tensor t, int32_t* out);
SAFR_EXPORT int safr_tensor_device(safr_tensor t, int32_t* type, int32_t* index);
SAFR_EXPORT int safr_tensor_requires_grad(safr_tensor t, int32_t* out);
SAFR_EXPORT int safr_tensor_set_requires_grad(safr_tensor t, int32_t value);
SAFR_EXPORT int safr_tensor_is_leaf(safr_tensor t, int32_t* out);
SAFR_EXPORT int safr_tensor_grad(safr_tensor t, safr_tensor* out);       // *out = null when no grad
SAFR_EXPORT int safr_tensor_set_grad(safr_tensor t, safr_tensor grad);   // grad null clears it
SAFR_EXPORT int safr_tensor_retain_grad(safr_tensor t);
// Replaces the data of t in place, keeping its identity and autograd leaf status (Python's `t.data = src`).
SAFR_EXPORT int safr_tensor_set_data(safr_tensor t, safr_tensor src);

// Autograd
SAFR_EXPORT int safr_backward(const safr_tensor* tensors, int32_t n, const safr_tensor* grads,
                              int32_t retain_graph, int32_t create_graph);
SAFR_EXPORT int safr_autograd_grad(const safr_tensor* outputs, int32_t n_outputs, const safr_tensor* inputs,
                                   int32_t n_inputs, const safr_tensor* grad_outputs, int32_t retain_graph,
                                   int32_t create_graph, int32_t allow_unused, safr_tensor* results);
SAFR_EXPORT int safr_set_grad_enabled(int32_t enabled);
SAFR_EXPORT int32_t safr_is_grad_enabled(void);

// Operators, called through libtorch's dispatcher (autograd, type promotion and kernels are libtorch's).
SAFR_EXPORT int safr_op_find(const char* name, const char* overload, safr_op* out);
SAFR_EXPORT int safr_op_schema(safr_op op, char* buffer, int32_t capacity);
// results may be null to discard what the op returns (in-place ops return self).
SAFR_EXPORT int safr_op_call(safr_op op, const safr_value* args, int32_t n_args, safr_value* results,
                             int32_t capacity, int32_t* n_results);

// Random numbers
SAFR_EXPORT int safr_manual_seed(uint64_t seed);
SAFR_EXPORT int safr_generator_new(int32_t device_type, int32_t device_index, uint64_t seed, safr_generator* out);
SAFR_EXPORT int safr_generator_free(safr_generator g);
SAFR_EXPORT int safr_generator_manual_seed(safr_generator g, uint64_t seed);
SAFR_EXPORT int safr_generator_initial_seed(safr_generator g, uint64_t* out);

// Runtime
SAFR_EXPORT int safr_cuda_is_available(int32_t* out);
SAFR_EXPORT int safr_cuda_device_count(int32_t* out);
SAFR_EXPORT int safr_cuda_manual_seed_all(uint64_t seed);
// The caching CPU allocator for large blocks (cpu_allocator.cpp).
SAFR_EXPORT int safr_cpu_cache_set_limit(uint64_t bytes);
SAFR_EXPORT int safr_cpu_cache_empty(void);
SAFR_EXPORT int safr_cpu_cache_stats(uint64_t* cached_bytes, uint64_t* hits, uint64_t* misses, uint64_t* limit_bytes);

SAFR_EXPORT int safr_set_num_threads(int32_t n);
SAFR_EXPORT int safr_get_num_threads(int32_t* out);

#ifdef __cplusplus
}
#endif
