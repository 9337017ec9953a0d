// SPDX-License-Identifier: Apache-2.0
// Models: a SIMD vector unit for non-GEMM ops: `lanes` elements per cycle, a per-op-kind cost in cycles
// per element (passes over the data, SFU latency), plus a fixed pipeline start-up per op.
//   cycles = startup + ceil(elements * cycles_per_element[kind] / lanes)
// Waveform: busy (1 during an op).
// Ignores: operand delivery (as SystolicArray), overlap with the array (ops run one after another).
#pragma once

#include <systemc>

#include <memory>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/common/Stats.h"
#include "hw_models/compute/ArrayConfig.h"
#include "hw_models/common/Waveform.h"

namespace npu::hw {

/// Pure timing of one vector op (testable without a kernel).
uint64_t vectorCycles(const VectorConfig& cfg, const workloads::VectorOp& op);

class VectorUnit : public sc_core::sc_module, public StatProviderIf {
public:
    VectorUnit(sc_core::sc_module_name name, const VectorConfig& cfg, ClockDomain& clk);

    const StatGroup& stats() const override { return stats_; }
    bool busy() const { return busy_; }

    /// Executes one vector op; blocks the calling SC_THREAD for its cycles, which it returns.
    uint64_t run(const workloads::VectorOp& op);
    /// Publishes <name>.busy. Call before sc_start.
    void attachWaveform(WaveformSinkIf& sink);

private:
    std::unique_ptr<WaveVar<bool>> waveBusy_;   ///< null without a waveform
    const VectorConfig cfg_;
    ClockDomain& clk_;
    bool busy_ = false;
    StatGroup stats_;
    Counter& ops_;
    Counter& elements_;
    Counter& busyCycles_;
};

}  // namespace npu::hw
