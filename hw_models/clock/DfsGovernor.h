// SPDX-License-Identifier: Apache-2.0
// Models: the DFS governor's choice of operating point per layer, applied at layer boundaries:
//   fixed:     one point for the whole run;
//   per_layer: the layer's own `freq_mhz` hint from the trace, else the first matching rule
//              ("glob=freq_mhz", e.g. "up_blocks.*.attn1.*=600"), else the nominal point.
// Ignores: power-aware policies (power_cap, min_energy: they need the energy model's predictions).
#pragma once

#include <string>
#include <vector>

#include "hw_models/clock/ClockDomain.h"
#include "workloads/Layer.h"

namespace npu::hw {

struct DfsRule {
    std::string pattern;   ///< shell glob over layer names
    double freqMhz = 0.0;
};

class DfsGovernor {
public:
    enum class Policy { Fixed, PerLayer };

    /// `points` sorted or not; `fixedIndex` is the point for the fixed policy and the default of per_layer.
    DfsGovernor(std::vector<OperatingPoint> points, Policy policy, size_t fixedIndex, std::vector<DfsRule> rules);

    /// The operating point the layer runs at. Throws InputError if a hint asks for a frequency that is
    /// not in the table.
    const OperatingPoint& pointFor(const workloads::Layer& l) const;
    const std::vector<OperatingPoint>& points() const { return points_; }

private:
    const OperatingPoint& pointAt(double freqMhz, const std::string& who) const;

    std::vector<OperatingPoint> points_;
    Policy policy_;
    size_t fixedIndex_;
    std::vector<DfsRule> rules_;
};

}  // namespace npu::hw
