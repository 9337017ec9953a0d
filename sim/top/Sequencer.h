// SPDX-License-Identifier: Apache-2.0
// Models: the NPU's command processor walking the layer list in order: each layer is dispatched to the
// array (conv/matmul, lowered to GEMM) or the vector unit, and its start/end are recorded.
// Ignores: inter-layer overlap (a layer starts when the previous one has finished).
#pragma once

#include <systemc>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/compute/SystolicArray.h"
#include "hw_models/compute/VectorUnit.h"
#include "sim/config/SimConfig.h"
#include "sim/top/RunResult.h"
#include "workloads/Trace.h"

namespace npu::sim {

class Sequencer : public sc_core::sc_module {
public:
    Sequencer(sc_core::sc_module_name name, const workloads::Workload& work, workloads::DType defaultDType,
              hw::ClockDomain& clk, hw::SystolicArray& array, hw::VectorUnit& vector);

    const RunResult& result() const { return result_; }
    /// Index of the layer executing now (for waveforms), -1 before the first.
    int64_t currentLayer() const { return current_; }

private:
    void runThread();
    LayerResult runLayer(const workloads::Layer& l);

    const workloads::Workload& work_;
    workloads::DType defaultDType_;
    hw::ClockDomain& clk_;
    hw::SystolicArray& array_;
    hw::VectorUnit& vector_;
    int64_t current_ = -1;
    RunResult result_;
};

}  // namespace npu::sim
