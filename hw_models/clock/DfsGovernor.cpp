// SPDX-License-Identifier: Apache-2.0
#include "hw_models/clock/DfsGovernor.h"

#include <fnmatch.h>

#include <cmath>

#include "hw_models/common/Error.h"

namespace npu::hw {

DfsGovernor::DfsGovernor(std::vector<OperatingPoint> points, Policy policy, size_t fixedIndex,
                         std::vector<DfsRule> rules)
    : points_(std::move(points)), policy_(policy), fixedIndex_(fixedIndex), rules_(std::move(rules)) {}

const OperatingPoint& DfsGovernor::pointAt(double freqMhz, const std::string& who) const {
    for (const OperatingPoint& p : points_)
        if (std::fabs(p.freqHz - freqMhz * 1e6) < 0.5) return p;
    throw InputError(who + ": " + std::to_string(freqMhz) + " MHz is not an operating point of clock.point_freqs_mhz");
}

const OperatingPoint& DfsGovernor::pointFor(const workloads::Layer& l) const {
    if (policy_ == Policy::Fixed) return points_[fixedIndex_];
    if (l.hints.freqMhz) return pointAt(*l.hints.freqMhz, "layer '" + l.name + "' freq_mhz");
    for (const DfsRule& r : rules_)
        if (fnmatch(r.pattern.c_str(), l.name.c_str(), 0) == 0) return pointAt(r.freqMhz, "dfs rule '" + r.pattern + "'");
    return points_[fixedIndex_];
}

}  // namespace npu::hw
