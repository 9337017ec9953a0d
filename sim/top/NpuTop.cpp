// SPDX-License-Identifier: Apache-2.0
#include "sim/top/NpuTop.h"

#include "hw_models/common/Error.h"

namespace npu::sim {

NpuTop::NpuTop(sc_core::sc_module_name name, const SimConfig& cfg, const workloads::Workload& work,
               Schedule schedule)
    : sc_module(name),
      coreClk_("core_clk", hw::OperatingPoint{cfg.clock.freqMhz * 1e6}),
      array_("array", cfg.array, coreClk_),
      vector_("vector", cfg.vector, coreClk_) {
    std::optional<MemoryPath> memory;
    if (cfg.memory.model == MemoryModel::Dram) {
        sram_ = std::make_unique<hw::SramBuffer>("sram", cfg.sram);
        dma_ = std::make_unique<hw::DmaEngine>("dma", cfg.dma, coreClk_);
        dram_ = std::make_unique<hw::DramController>("dram", cfg.dram, cfg.memory.checkDram);
        dma_->dramPort.bind(dram_->port);

        workloads::PlacementConfig pc;
        pc.defaultDtype = cfg.dtype;
        workloads::TilerConfig tc;
        tc.bufferABytes = sram_->bufferBytes(hw::SramBuffer::Buffer::Input);
        tc.bufferBBytes = sram_->bufferBytes(hw::SramBuffer::Buffer::Weight);
        tc.bufferCBytes = sram_->bufferBytes(hw::SramBuffer::Buffer::Output);
        tc.arrayRows = cfg.array.rows;
        tc.arrayCols = cfg.array.cols;
        tc.dataflow = static_cast<workloads::GemmDataflow>(cfg.array.dataflow);
        memory.emplace(MemoryPath{*dma_, *sram_, *dram_, workloads::placeTensors(work.layers, pc), tc});
        const uint64_t needed = memory->placement.endAddr;
        const uint64_t capacity = cfg.dram.organization.capacityBytes();
        if (needed > capacity)
            throw InputError("dram.organization: the workload needs " + std::to_string(needed) +
                             " bytes of DRAM, the configuration has " + std::to_string(capacity));
    }
    seq_ = std::make_unique<Sequencer>("seq", work, std::move(schedule), cfg.dtype, coreClk_, array_, vector_,
                                       std::move(memory), cfg.attention.fused);
}

std::vector<const hw::StatProviderIf*> NpuTop::statProviders() const {
    std::vector<const hw::StatProviderIf*> p{&array_, &vector_};
    if (sram_) p.push_back(sram_.get());
    if (dma_) p.push_back(dma_.get());
    return p;
}

}  // namespace npu::sim
