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

void SystolicArray::attachWaveform(WaveformSinkIf& sink) {
    wave_ = std::make_unique<Wave>();
    sink.add(wave_->busy, std::string(name()) + ".busy");
    sink.add(wave_->util, std::string(name()) + ".util");
}

GemmTiming SystolicArray::run(const workloads::GemmShape& job, const ComputeMode& mode) {
    const GemmTiming t = gemmTiming(cfg_, job, mode);
    busy_ = true;
    if (wave_) {
        wave_->busy.set(true);
        wave_->util.set(arrayUtilization(cfg_, t.macs, t.cycles, mode));
    }
    clk_.waitCycles(static_cast<double>(t.cycles));
    busy_ = false;
    if (wave_) {
        wave_->busy.set(false);
        wave_->util.set(0.0);
    }
    jobs_.add();
    macs_.add(t.macs);
    folds_.add(t.folds);
    busyCycles_.add(t.cycles);
    return t;
}

}  // namespace npu::hw
