// SPDX-License-Identifier: Apache-2.0
#include "hw_models/clock/DfsGovernor.h"

#include <fnmatch.h>

#include <cmath>

#include "hw_models/common/Error.h"

namespace npu::hw {

DfsGovernor::DfsGovernor(std::vector<OperatingPoint> points, Policy policy, size_t fixedIndex,
                         std::vector<DfsRule> rules, double capW, bool minimizeEdp, DfsPredictor predictor)
    : points_(std::move(points)),
      policy_(policy),
      fixedIndex_(fixedIndex),
      rules_(std::move(rules)),
      capW_(capW),
      minimizeEdp_(minimizeEdp),
      predictor_(std::move(predictor)) {}

const OperatingPoint* findPoint(const std::vector<OperatingPoint>& points, double freqMhz) {
    for (const OperatingPoint& p : points)
        if (std::fabs(p.freqHz - freqMhz * 1e6) < 0.5) return &p;
    return nullptr;
}

const OperatingPoint& DfsGovernor::pointAt(double freqMhz, const std::string& who) const {
    if (const OperatingPoint* p = findPoint(points_, freqMhz)) return *p;
    throw InputError(who + ": " + std::to_string(freqMhz) + " MHz is not an operating point of clock.point_freqs_mhz");
}

const OperatingPoint& DfsGovernor::pointFor(const workloads::Layer& l, bool* overCap) const {
    if (overCap) *overCap = false;
    if (policy_ == Policy::Fixed) return points_[fixedIndex_];
    if (policy_ == Policy::PowerCap) {
        const OperatingPoint* best = nullptr;
        const OperatingPoint* lowest = &points_.front();
        for (const OperatingPoint& p : points_) {
            if (p.freqHz < lowest->freqHz) lowest = &p;
            if (predictor_(l, p).powerW() <= capW_ && (!best || p.freqHz > best->freqHz)) best = &p;
        }
        if (best) return *best;
        if (overCap) *overCap = true;
        return *lowest;
    }
    if (policy_ == Policy::MinEnergy) {
        const OperatingPoint* best = nullptr;
        double bestCost = 0.0;
        for (const OperatingPoint& p : points_) {
            const DfsPrediction d = predictor_(l, p);
            const double cost = minimizeEdp_ ? d.energyJ * d.timeS : d.energyJ;
            if (!best || cost < bestCost || (cost == bestCost && p.freqHz > best->freqHz)) {
                best = &p;
                bestCost = cost;
            }
        }
        return *best;
    }
    if (l.hints.freqMhz) return pointAt(*l.hints.freqMhz, "layer '" + l.name + "' freq_mhz");
    for (const DfsRule& r : rules_)
        if (fnmatch(r.pattern.c_str(), l.name.c_str(), 0) == 0) return pointAt(r.freqMhz, "dfs rule '" + r.pattern + "'");
    return points_[fixedIndex_];
}

}  // namespace npu::hw
