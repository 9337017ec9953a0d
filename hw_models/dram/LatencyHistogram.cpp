// SPDX-License-Identifier: Apache-2.0
// Models: fixed-bucket latency histogram (see LatencyHistogram.h). Ignores: nothing.
#include "hw_models/dram/LatencyHistogram.h"

#include <algorithm>
#include <cmath>

namespace npu::hw::dram {

LatencyHistogram::LatencyHistogram() : buckets_(kExact + (64 - 11) * kSub, 0) {}

void LatencyHistogram::merge(const LatencyHistogram& o) {
    if (o.count_ == 0) return;
    // o's samples lie in its buckets index(min) .. index(max)
    for (uint32_t i = index(o.min_), hi = index(o.max_); i <= hi; ++i) buckets_[i] += o.buckets_[i];
    count_ += o.count_;
    sum_ += o.sum_;
    min_ = std::min(min_, o.min_);
    max_ = std::max(max_, o.max_);
}

void LatencyHistogram::reset() {
    if (count_ != 0) std::fill(buckets_.begin() + index(min_), buckets_.begin() + index(max_) + 1, 0);
    count_ = sum_ = max_ = 0;
    min_ = UINT64_MAX;
}

uint64_t LatencyHistogram::percentileCycles(double q) const {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const uint64_t rank = std::max<uint64_t>(1, uint64_t(std::ceil(q * double(count_))));
    uint64_t seen = 0;
    for (uint32_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(upperBound(i), max_);
    }
    return max_;
}

}  // namespace npu::hw::dram
