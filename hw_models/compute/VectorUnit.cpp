// SPDX-License-Identifier: Apache-2.0
#include "hw_models/compute/VectorUnit.h"

#include <cmath>

namespace npu::hw {

uint64_t vectorCycles(const VectorConfig& cfg, const workloads::VectorOp& op) {
    const double perElement = cfg.cyclesPerElement[static_cast<size_t>(op.kind)];
    const double work = static_cast<double>(op.elements) * perElement / cfg.lanes;
    return cfg.startupCycles + static_cast<uint64_t>(std::ceil(work));
}

VectorUnit::VectorUnit(sc_core::sc_module_name name, const VectorConfig& cfg, ClockDomain& clk)
    : sc_module(name),
      cfg_(cfg),
      clk_(clk),
      stats_(this->name()),
      ops_(stats_.counter("ops", "count", "vector ops executed")),
      elements_(stats_.counter("elements", "elements", "output elements produced")),
      busyCycles_(stats_.counter("busy_cycles", "cycles", "core cycles spent on vector ops")) {}

void VectorUnit::attachWaveform(WaveformSinkIf& sink) {
    waveBusy_ = std::make_unique<WaveVar<bool>>();
    sink.add(*waveBusy_, std::string(name()) + ".busy");
}

uint64_t VectorUnit::run(const workloads::VectorOp& op) {
    const uint64_t cycles = vectorCycles(cfg_, op);
    busy_ = true;
    if (waveBusy_) waveBusy_->set(true);
    clk_.waitCycles(static_cast<double>(cycles));
    busy_ = false;
    if (waveBusy_) waveBusy_->set(false);
    ops_.add();
    elements_.add(op.elements);
    busyCycles_.add(cycles);
    return cycles;
}

}  // namespace npu::hw
