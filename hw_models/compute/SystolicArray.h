// SPDX-License-Identifier: Apache-2.0
// Models: an R x C systolic MAC array (os/ws/is) executing GEMM jobs (a layer or a tile of one);
// each job takes its folds' fill + steady + drain cycles (DataflowTiming) in the core clock domain.
// Waveform: busy (1 during a job) and util (during it, the job's MACs performed / (R x C x the dtype's MACs
// per PE per cycle x its cycles), as the report's utilization; else 0).
// Ignores: operand delivery (the caller has the operands on chip: ideal memory or the DMA's buffers).
#pragma once

#include <systemc>

#include <memory>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/common/Stats.h"
#include "hw_models/compute/ArrayConfig.h"
#include "hw_models/compute/DataflowTiming.h"
#include "hw_models/common/Waveform.h"

namespace npu::hw {

class SystolicArray : public sc_core::sc_module, public StatProviderIf {
public:
    SystolicArray(sc_core::sc_module_name name, const ArrayConfig& cfg, ClockDomain& clk);

    const ArrayConfig& config() const { return cfg_; }
    const StatGroup& stats() const override { return stats_; }
    /// True while a job is executing (for waveforms and the timeline).
    bool busy() const { return busy_; }

    /// Executes one GEMM job; blocks the calling SC_THREAD for its compute cycles. Returns its timing.
    GemmTiming run(const workloads::GemmShape& job, const ComputeMode& mode = {});
    /// Publishes <name>.busy and <name>.util. Call before sc_start.
    void attachWaveform(WaveformSinkIf& sink);

private:
    struct Wave {
        WaveVar<bool> busy;
        WaveVar<double> util;
    };
    std::unique_ptr<Wave> wave_;   ///< null without a waveform
    const ArrayConfig cfg_;
    ClockDomain& clk_;
    bool busy_ = false;
    StatGroup stats_;
    Counter& jobs_;
    Counter& macs_;
    Counter& folds_;
    Counter& busyCycles_;
};

}  // namespace npu::hw
