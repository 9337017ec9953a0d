// SPDX-License-Identifier: Apache-2.0
// Models: the DFS governor's prediction of a layer's time, energy and power at an operating point, from
// its shape alone (before it runs): compute cycles from the array / vector timing, DRAM bytes from the
// tiler's plan moved at the preset's peak bandwidth (memory path), and the same energy per action as the
// reports. The simulated avg_power_w is reported beside it, so the predictor's error is visible.
// Ignores: stalls beyond the bandwidth bound, row conflicts, refresh (the prediction is optimistic on time).
#pragma once

#include "hw_models/clock/ClockDomain.h"
#include "sim/config/SimConfig.h"
#include "sim/top/EnergyAccounting.h"
#include "workloads/Layer.h"
#include "workloads/Tiler.h"

namespace npu::sim {

struct PowerPrediction {
    double timeS = 0.0, energyJ = 0.0, powerW = 0.0;
};

/// The tiler's settings for a configuration: its SRAM buffers and array (the sequencer and the predictor
/// plan with the same).
workloads::TilerConfig tilerConfigOf(const SimConfig& cfg);

class PowerPredictor {
public:
    PowerPredictor(const SimConfig& cfg, const EnergyAccounting& energy);
    PowerPrediction predict(const workloads::Layer& l, const hw::OperatingPoint& p) const;

private:
    SimConfig cfg_;
    const EnergyAccounting& energy_;
};

}  // namespace npu::sim
