// SPDX-License-Identifier: Apache-2.0
// Models: a fixed-bucket latency histogram (cycles): exact below 2048, then 32 buckets per power of
// two (<= 3.2% relative error), with count, mean, min, max and percentiles. Ignores: nothing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "hw_models/common/CacheLine.h"

namespace npu::hw::dram {

using hw::LineVector;

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
    /// add(first + i * step) for i = 0 .. count - 1 (the bursts of a train), one bucket at a time.
    void addSeries(uint64_t first, uint64_t step, uint64_t count) {
        if (count == 0) return;
        const uint64_t last = first + (count - 1) * step;
        count_ += count;
        sum_ += count * first + step * (count * (count - 1) / 2);
        if (first < min_) min_ = first;
        if (last > max_) max_ = last;
        uint64_t v = first, left = count;
        while (left != 0) {
            const uint32_t idx = index(v);
            // values of the series up to this bucket's upper bound
            const uint64_t ub = upperBound(idx);
            const uint64_t k = step == 0 ? left : std::min<uint64_t>(left, (ub - v) / step + 1);
            buckets_[idx] += k;
            left -= k;
            v += k * step;
        }
    }
    void merge(const LatencyHistogram& o);
    /// Back to no samples (clears only the buckets the samples used).
    void reset();

    uint64_t count() const { return count_; }
    /// Sum of the samples (cycles).
    uint64_t sumCycles() const { return sum_; }
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
    /// Largest value of bucket idx (the value itself in the exact range; UINT64_MAX at most).
    static uint64_t upperBound(uint32_t idx) {
        if (idx < kExact) return idx;
        const uint32_t k = idx - uint32_t(kExact), e = 11 + k / kSub, sub = k % kSub;
        const unsigned __int128 ub = ((unsigned __int128)(kSub + sub + 1) << (e - 5)) - 1;
        return ub > UINT64_MAX ? UINT64_MAX : uint64_t(ub);
    }

    LineVector<uint64_t> buckets_;  // written per burst by the channel's simulator thread
    uint64_t count_ = 0, sum_ = 0, min_ = UINT64_MAX, max_ = 0;
};

}  // namespace npu::hw::dram
