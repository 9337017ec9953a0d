// SPDX-License-Identifier: Apache-2.0
// Models: a fixed-bucket latency histogram (cycles): exact below 2048, then 32 buckets per power of
// two (<= 3.2% relative error), with count, mean, min, max and percentiles. Ignores: nothing.
#pragma once

#include <cstdint>
#include <vector>

namespace npu::hw::dram {

class LatencyHistogram {
public:
    LatencyHistogram();
    void add(uint64_t cycles) {
        ++buckets_[index(cycles)];
        ++count_;
        sum_ += cycles;
        if (cycles < min_) min_ = cycles;
        if (cycles > max_) max_ = cycles;
    }
    void merge(const LatencyHistogram& o);

    uint64_t count() const { return count_; }
    double meanCycles() const { return count_ ? double(sum_) / double(count_) : 0.0; }
    uint64_t minCycles() const { return count_ ? min_ : 0; }
    uint64_t maxCycles() const { return max_; }
    /// Smallest bucket upper bound with at least q*count samples at or below it (q in [0,1]);
    /// exact below 2048 cycles, never above maxCycles().
    uint64_t percentileCycles(double q) const;

private:
    static constexpr uint64_t kExact = 2048;
    static constexpr uint32_t kSub = 32;  // buckets per power of two above kExact
    static uint32_t index(uint64_t v) {
        if (v < kExact) return uint32_t(v);
        const uint32_t e = 63u - uint32_t(__builtin_clzll(v));  // >= 11
        const uint32_t sub = uint32_t(v >> (e - 5)) & (kSub - 1);
        return uint32_t(kExact) + (e - 11) * kSub + sub;
    }
    static uint64_t upperBound(uint32_t idx);

    std::vector<uint64_t> buckets_;
    uint64_t count_ = 0, sum_ = 0, min_ = UINT64_MAX, max_ = 0;
};

}  // namespace npu::hw::dram
