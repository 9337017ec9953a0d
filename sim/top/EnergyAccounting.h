// SPDX-License-Identifier: Apache-2.0
// Models: energy per layer as counted actions x energy per action (the configured technology table),
// at the voltage of the operating point the layer ran at: dynamic energy x (V/Vnom)^2, static power
// x (V/Vnom) x time. DRAM energy comes from the preset's IDD currents (DRAMPower's method) when the
// preset has them. docs/energy.md, "In the reports".
// DFS transitions: the NPU leaks at the higher of the two points' voltages while its clock is stopped,
// and the DRAM (on its own clock) keeps drawing its background power.
// Ignores: other energy of DFS transitions (PLL, regulator losses), clock tree and control.
#pragma once

#include <optional>
#include <string>

#include "hw_models/power/DramEnergy.h"
#include "sim/config/SimConfig.h"
#include "sim/top/RunResult.h"

namespace npu::sim {

class EnergyAccounting {
public:
    explicit EnergyAccounting(const SimConfig& cfg);

    /// Fills `l.energy` from the layer's counts; `op` is the trace layer (for the vector recipe).
    void charge(LayerResult& l, const workloads::Layer& op) const;
    /// What a DFS transition draws while the core clock is stopped for `seconds`.
    struct TransitionEnergy {
        double staticJ = 0.0;          ///< NPU leakage at `voltageV`
        double dramBackgroundJ = 0.0;  ///< every rank's standby power (0 without DRAM energy)
    };
    /// `voltageV`: the higher of the two points' voltages (raised before a speed-up, lowered after a
    /// slow-down, so the relock happens at that voltage).
    TransitionEnergy transitionEnergy(double seconds, double voltageV) const;
    /// Why DRAM energy is not in the breakdown ("" when it is, or when there is no DRAM).
    const std::string& dramNote() const { return dramNote_; }
    /// DRAM energy is computed (memory path and a preset with IDD currents).
    bool hasDramEnergy() const { return dram_.has_value(); }
    /// Leakage of the whole NPU at a voltage.
    double staticWatts(double voltageV) const;

private:
    /// Rank-cycles of every channel's ranks over `seconds` of DRAM time.
    double dramStandbyRankCycles(double seconds) const;

    SimConfig cfg_;
    std::optional<hw::power::DramEnergy> dram_;
    std::string dramNote_;
};

}  // namespace npu::sim
