// SPDX-License-Identifier: Apache-2.0
// Models: the NPU as built from a SimConfig: the core clock domain, the systolic array, the vector unit
// and the sequencer that feeds them a workload. With memory.model = dram it adds the memory path:
// banked SRAM, the DMA engine and the DRAM controller (on its own fixed clock), bound over TLM-2.0.
// With memory.model = ideal no memory is instantiated: operands are on chip in time.
#pragma once

#include <systemc>

#include <memory>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/compute/SystolicArray.h"
#include "hw_models/compute/VectorUnit.h"
#include "hw_models/dma/DmaEngine.h"
#include "hw_models/dram/DramController.h"
#include "hw_models/sram/SramBuffer.h"
#include "sim/config/SimConfig.h"
#include "sim/top/EnergyAccounting.h"
#include "sim/top/PowerPredictor.h"
#include "sim/top/Sequencer.h"

namespace npu::sim {

class NpuTop : public sc_core::sc_module {
public:
    /// `schedule`: the order of layer ranges to run (empty: every layer once).
    NpuTop(sc_core::sc_module_name name, const SimConfig& cfg, const workloads::Workload& work,
           Schedule schedule = {});

    const RunResult& result() const { return seq_->result(); }
    /// After sc_start: rethrows the InputError that stopped the simulation (bad input found while it ran,
    /// e.g. simulated time beyond SystemC's range), naming the layer it was found in; else does nothing.
    void rethrowInputError() const;
    std::vector<const hw::StatProviderIf*> statProviders() const;
    /// The DRAM controller (nullptr with memory.model = ideal).
    const hw::DramController* dram() const { return dram_.get(); }
    const hw::SramBuffer* sram() const { return sram_.get(); }
    void setTimeline(TimelineRecorder* t) { seq_->setTimeline(t); }
    /// Every module publishes its waveform signals to `vcd`; the layers in `window` are traced. Call before
    /// vcd->open() and sc_start.
    void setWaveform(VcdWriter* vcd, LayerWindow window);
    void setProgress(std::function<void(size_t, double)> f) { seq_->setProgress(std::move(f)); }

private:
    const workloads::Workload& work_;
    EnergyAccounting energy_;
    PowerPredictor predictor_;   ///< before coreClk_: the governor picks the first layer's point with it
    hw::ClockDomain coreClk_;
    hw::SystolicArray array_;
    hw::VectorUnit vector_;
    std::unique_ptr<hw::SramBuffer> sram_;
    std::unique_ptr<hw::DmaEngine> dma_;
    std::unique_ptr<hw::DramController> dram_;
    std::unique_ptr<Sequencer> seq_;
};

}  // namespace npu::sim
