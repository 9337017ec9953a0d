// SPDX-License-Identifier: Apache-2.0
#include "hw_models/compute/SystolicArray.h"

namespace npu::hw {

SystolicArray::SystolicArray(sc_core::sc_module_name name, const ArrayConfig& cfg, ClockDomain& clk)
    : sc_module(name),
      cfg_(cfg),
      clk_(clk),
      stats_(this->name()),
      jobs_(stats_.counter("jobs", "count", "GEMM jobs (layers or tiles) executed")),
      macs_(stats_.counter("macs", "MAC", "multiply-accumulates performed")),
      folds_(stats_.counter("folds", "count", "array folds (mappings of a GEMM block onto the PEs)")),
      busyCycles_(stats_.counter("busy_cycles", "cycles", "core cycles spent computing")) {}

GemmTiming SystolicArray::run(const workloads::GemmShape& job, const ComputeMode& mode) {
    const GemmTiming t = gemmTiming(cfg_, job, mode);
    busy_ = true;
    clk_.waitCycles(static_cast<double>(t.cycles));
    busy_ = false;
    jobs_.add();
    macs_.add(t.macs);
    folds_.add(t.folds);
    busyCycles_.add(t.cycles);
    return t;
}

}  // namespace npu::hw
