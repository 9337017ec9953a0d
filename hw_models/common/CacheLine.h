// SPDX-License-Identifier: Apache-2.0
// Models: nothing; simulator plumbing. State that one simulator thread writes while another runs must
// not share a cache line with state of the other thread ("false sharing": each write then steals the line
// from the other core). Measured on the DRAM channels of a UNet step: two threads ran each channel about
// 1.5x slower than one thread did, because the channels' small heap vectors sat in shared lines. Objects
// are aligned to kCacheLinePair and LineVector's storage starts and ends on such a boundary.
#pragma once

#include <cstddef>
#include <new>
#include <vector>

namespace npu::hw {

/// Two 64-byte lines: x86 cores also fetch the adjacent line of a pair (spatial prefetcher).
inline constexpr std::size_t kCacheLinePair = 128;

/// std::allocator whose blocks start on a kCacheLinePair boundary and whose size is rounded up to one.
template <class T>
struct LineAllocator {
    using value_type = T;
    LineAllocator() = default;
    template <class U>
    LineAllocator(const LineAllocator<U>&) noexcept {}
    static std::size_t bytes(std::size_t n) { return (n * sizeof(T) + kCacheLinePair - 1) / kCacheLinePair * kCacheLinePair; }
    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(bytes(n), std::align_val_t(kCacheLinePair))); }
    void deallocate(T* p, std::size_t n) noexcept { ::operator delete(p, bytes(n), std::align_val_t(kCacheLinePair)); }
    template <class U>
    bool operator==(const LineAllocator<U>&) const noexcept { return true; }
    template <class U>
    bool operator!=(const LineAllocator<U>&) const noexcept { return false; }
};

/// A vector whose storage shares no cache line pair with any other allocation.
template <class T>
using LineVector = std::vector<T, LineAllocator<T>>;

}  // namespace npu::hw
