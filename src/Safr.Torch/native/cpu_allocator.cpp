// A caching allocator for libtorch's large CPU blocks.
//
// Why: the first write to freshly allocated memory page-faults once per 4 KiB page. glibc hands blocks of
// 32 MiB and more straight to mmap and gives them back on free, so every new big tensor pays those faults
// again. On virtual machines a fault is expensive. On this project's machines (Firecracker guests with free
// page reporting), measured: a 64 MiB clone takes 210 ms, and a copy of it into existing memory takes 4 ms.
// Training and evaluation allocate the same large sizes at every step: attention weights, say
// [32, 8, 256, 256] floats. Keeping freed large blocks and reusing them removes that cost. PyTorch's CUDA
// allocator keeps blocks for the same reason.
//
// What: blocks of at least kMinCached bytes are rounded up to a size class (an eighth of an octave) and,
// when freed, kept for reuse while the cache holds at most `limit` bytes. A request takes the smallest kept
// block that fits it with at most 50% to spare: sequence lengths vary from batch to batch, so exact sizes
// rarely repeat. When the cache is full, the blocks freed longest ago go first. Smaller blocks come from
// and go back to the C heap at once. Every block is 64-byte aligned, as c10's own allocator aligns, with a
// header that records its size.
//
// Configuration: SAFR_CPU_CACHE_MB (default 2048; 0 turns caching off) when the bridge loads, or
// safr_cpu_cache_set_limit later. safr_cpu_cache_empty frees what is kept (torch.cpu.empty_cache()).
// Left out, compared with c10's DefaultCPUAllocator: its memory-profiler reports and its debug
// zero/junk fill flags.
#include <c10/core/Allocator.h>
#include <c10/util/Exception.h>

#include <cstdlib>
#include <map>
#include <mutex>

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "guard.h"
#include "safr_torch.h"

namespace {

constexpr size_t kAlignment = 64;              // c10's gAlignment for CPU tensors
constexpr size_t kHeader = kAlignment;         // keeps the user pointer aligned
// Below 32 MiB (glibc's largest mmap threshold on 64-bit) glibc serves blocks from its heap once a large
// block has been freed, splitting and merging them, and reuses the memory better than whole blocks can.
constexpr size_t kMinCached = size_t{32} << 20;

struct Header {
  size_t block;  // bytes allocated, header included; 0 marks a block that is never cached
};

size_t SizeClass(size_t n) {
  // Round up to a multiple of 1/8 of the largest power of two not above n: at most 12.5% slack.
  size_t top = size_t{1} << (63 - __builtin_clzll(n));
  size_t step = top / 8;
  return (n + step - 1) / step * step;
}

class CachingCpuAllocator final : public c10::Allocator {
 public:
  CachingCpuAllocator() {
    size_t mb = 2048;
    if (const char* env = std::getenv("SAFR_CPU_CACHE_MB")) {
      char* end = nullptr;
      unsigned long long v = std::strtoull(env, &end, 10);
      if (end != env && *end == '\0') mb = static_cast<size_t>(v);
    }
    limit_ = mb << 20;
  }

  c10::DataPtr allocate(size_t n) const override {
    if (n == 0) return {nullptr, nullptr, &Free, c10::Device(c10::DeviceType::CPU)};
    void* user = const_cast<CachingCpuAllocator*>(this)->Allocate(n);
    return {user, user, &Free, c10::Device(c10::DeviceType::CPU)};
  }

  c10::DeleterFnPtr raw_deleter() const override { return &Free; }

  void SetLimit(size_t bytes) {
    std::lock_guard<std::mutex> lock(mutex_);
    limit_ = bytes;
    TrimLocked(limit_);
  }

  void Empty() {
    std::lock_guard<std::mutex> lock(mutex_);
    TrimLocked(0);
  }

  size_t Limit() {
    std::lock_guard<std::mutex> lock(mutex_);
    return limit_;
  }

  void Stats(uint64_t* cached, uint64_t* hits, uint64_t* misses, uint64_t* limit) {
    std::lock_guard<std::mutex> lock(mutex_);
    *cached = cached_;
    *hits = hits_;
    *misses = misses_;
    *limit = limit_;
  }

  static CachingCpuAllocator& Instance() {
    static CachingCpuAllocator* instance = new CachingCpuAllocator();  // never destroyed: tensors may outlive exit
    return *instance;
  }

 private:
  void* Allocate(size_t n) {
    size_t block = 0;
    if (n >= kMinCached) {
      block = SizeClass(n + kHeader);
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = free_.lower_bound(block);
      if (it != free_.end() && it->first <= block + block / 2) {
        void* raw = it->second.raw;
        cached_ -= it->first;
        free_.erase(it);
        ++hits_;
        return static_cast<char*>(raw) + kHeader;
      }
      ++misses_;
    }
    size_t bytes = block != 0 ? block : n + kHeader;
    void* raw = nullptr;
    if (posix_memalign(&raw, kAlignment, bytes) != 0 || raw == nullptr) {
      Empty();  // give the kept blocks back and try once more before failing
      if (posix_memalign(&raw, kAlignment, bytes) != 0 || raw == nullptr)
        TORCH_CHECK(false, "DefaultCPUAllocator: can't allocate memory: you tried to allocate ", n, " bytes.");
    }
    static_cast<Header*>(raw)->block = block;
    return static_cast<char*>(raw) + kHeader;
  }

  static void Free(void* user) {
    if (user == nullptr) return;
    void* raw = static_cast<char*>(user) - kHeader;
    size_t block = static_cast<Header*>(raw)->block;
    if (block != 0 && Instance().Keep(raw, block)) return;
    std::free(raw);
  }

  bool Keep(void* raw, size_t block) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (block > limit_) return false;
    if (cached_ + block > limit_) TrimLocked(limit_ - block);
    free_.emplace(block, Kept{raw, ++clock_});
    cached_ += block;
    return true;
  }

  // Frees kept blocks, those freed longest ago first, until at most `target` bytes are kept.
  void TrimLocked(size_t target) {
    while (cached_ > target && !free_.empty()) {
      auto oldest = free_.begin();
      for (auto it = free_.begin(); it != free_.end(); ++it)
        if (it->second.stamp < oldest->second.stamp) oldest = it;
      std::free(oldest->second.raw);
      cached_ -= oldest->first;
      free_.erase(oldest);
    }
  }

  struct Kept {
    void* raw;
    uint64_t stamp;  // when it was freed, to evict the stalest first
  };

  std::mutex mutex_;
  std::multimap<size_t, Kept> free_;  // by block size, for best fit
  uint64_t clock_ = 0;
  size_t cached_ = 0;
  size_t limit_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

// Installed when the bridge loads, above c10's default allocator (priority 0), for tensors made from then on.
// Tensors made before keep the allocator that made them: each DataPtr carries its own deleter.
struct Install {
  Install() {
    auto& allocator = CachingCpuAllocator::Instance();
    c10::SetAllocator(c10::DeviceType::CPU, &allocator, /*priority=*/1);
#ifdef __GLIBC__
    // glibc raises its mmap threshold to a freed mmapped block's size (up to 32 MiB), and its trim threshold to
    // twice that, so later blocks of that size come from the heap and are reused. The cache keeps those big
    // blocks, so glibc never sees one freed: set the thresholds it would have reached. Measured without this:
    // 16 MiB tensors kept being mapped afresh, and evaluation at batch 8 ran 1.7 times slower than without
    // the cache.
    if (allocator.Limit() > 0) {
      mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMinCached));
      mallopt(M_TRIM_THRESHOLD, static_cast<int>(2 * kMinCached));
    }
#endif
  }
} install;

}  // namespace

extern "C" {

int safr_cpu_cache_set_limit(uint64_t bytes) { SAFR_GUARD(CachingCpuAllocator::Instance().SetLimit(bytes)) }

int safr_cpu_cache_empty(void) { SAFR_GUARD(CachingCpuAllocator::Instance().Empty()) }

int safr_cpu_cache_stats(uint64_t* cached_bytes, uint64_t* hits, uint64_t* misses, uint64_t* limit_bytes) {
  SAFR_GUARD(CachingCpuAllocator::Instance().Stats(cached_bytes, hits, misses, limit_bytes))
}

}  // extern "C"
