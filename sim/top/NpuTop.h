// SPDX-License-Identifier: Apache-2.0
// Models: the NPU as built from a SimConfig: the core clock domain, the systolic array, the vector unit
// and the sequencer that feeds them a workload. With memory.model = ideal no memory is instantiated:
// operands are on chip in time (the compute-only baseline).
#pragma once

#include <systemc>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/compute/SystolicArray.h"
#include "hw_models/compute/VectorUnit.h"
#include "sim/config/SimConfig.h"
#include "sim/top/Sequencer.h"

namespace npu::sim {

class NpuTop : public sc_core::sc_module {
public:
    NpuTop(sc_core::sc_module_name name, const SimConfig& cfg, const workloads::Workload& work);

    const RunResult& result() const { return seq_.result(); }
    std::vector<const hw::StatProviderIf*> statProviders() const { return {&array_, &vector_}; }

private:
    hw::ClockDomain coreClk_;
    hw::SystolicArray array_;
    hw::VectorUnit vector_;
    Sequencer seq_;
};

}  // namespace npu::sim
