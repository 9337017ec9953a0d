// SPDX-License-Identifier: Apache-2.0
// Models: the DFS governor's choice of operating point per layer, applied at layer boundaries:
//   fixed:     one point for the whole run;
//   per_layer: the layer's own `freq_mhz` hint from the trace, else the first matching rule
//              ("glob=freq_mhz", e.g. "up_blocks.*.attn1.*=600"), else the nominal point;
//   power_cap: the highest frequency whose predicted power is within the cap (the lowest point, flagged,
//              when none is);
//   min_energy: the point of least predicted energy (or energy-delay product).
// Ignores: how the prediction is made (a callback: sim/top/PowerPredictor).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "hw_models/clock/ClockDomain.h"
#include "workloads/Layer.h"

namespace npu::hw {

struct DfsRule {
    std::string pattern;   ///< shell glob over layer names
    double freqMhz = 0.0;
};

/// Predicted time (s) and energy (J) of a layer at an operating point.
struct DfsPrediction {
    double timeS = 0.0, energyJ = 0.0;
    double powerW() const { return timeS > 0 ? energyJ / timeS : 0.0; }
};
using DfsPredictor = std::function<DfsPrediction(const workloads::Layer&, const OperatingPoint&)>;

/// The point of `points` at `freqMhz` (within half a hertz), or nullptr.
const OperatingPoint* findPoint(const std::vector<OperatingPoint>& points, double freqMhz);

class DfsGovernor {
public:
    enum class Policy { Fixed, PerLayer, PowerCap, MinEnergy };

    /// `points` sorted or not; `fixedIndex` is the point for the fixed policy and the default of per_layer.
    /// `capW` (power_cap), `minimizeEdp` (min_energy) and `predictor` serve the power-aware policies.
    DfsGovernor(std::vector<OperatingPoint> points, Policy policy, size_t fixedIndex, std::vector<DfsRule> rules,
                double capW = 0.0, bool minimizeEdp = false, DfsPredictor predictor = {});

    /// The operating point the layer runs at. Throws InputError if a hint asks for a frequency that is
    /// not in the table. `overCap` (power_cap) is set when no point meets the cap.
    const OperatingPoint& pointFor(const workloads::Layer& l, bool* overCap = nullptr) const;
    const DfsPredictor& predictor() const { return predictor_; }
    const std::vector<OperatingPoint>& points() const { return points_; }

private:
    const OperatingPoint& pointAt(double freqMhz, const std::string& who) const;

    std::vector<OperatingPoint> points_;
    Policy policy_;
    size_t fixedIndex_;
    std::vector<DfsRule> rules_;
    double capW_;
    bool minimizeEdp_;
    DfsPredictor predictor_;
};

}  // namespace npu::hw
