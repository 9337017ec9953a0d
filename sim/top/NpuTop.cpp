// SPDX-License-Identifier: Apache-2.0
#include "sim/top/NpuTop.h"

#include "hw_models/common/Error.h"
#include "sim/config/ConfigLoader.h"

namespace npu::sim {

namespace {

hw::DfsGovernor makeGovernor(const SimConfig& cfg, const PowerPredictor& predictor) {
    std::vector<hw::OperatingPoint> points;
    size_t fixed = 0;
    const double fixedMhz = cfg.dfs.fixedFreqMhz != 0.0 ? cfg.dfs.fixedFreqMhz : cfg.clock.freqMhz;
    for (size_t i = 0; i < cfg.clock.pointFreqsMhz.size(); ++i) {
        points.push_back({cfg.clock.pointFreqsMhz[i] * 1e6, cfg.clock.pointVoltagesV[i]});
        if (cfg.clock.pointFreqsMhz[i] == fixedMhz) fixed = i;
    }
    std::vector<hw::DfsRule> rules;
    for (const std::string& r : cfg.dfs.perLayer) {   // validated by the config loader: "glob=freq"
        const auto eq = r.rfind('=');
        rules.push_back({r.substr(0, eq), std::strtod(r.c_str() + eq + 1, nullptr)});
    }
    using Policy = hw::DfsGovernor::Policy;
    const Policy policy = cfg.dfs.policy == "per_layer"    ? Policy::PerLayer
                          : cfg.dfs.policy == "power_cap"  ? Policy::PowerCap
                          : cfg.dfs.policy == "min_energy" ? Policy::MinEnergy
                                                           : Policy::Fixed;
    hw::DfsPredictor predict = [&predictor](const workloads::Layer& l, const hw::OperatingPoint& p) {
        const PowerPrediction d = predictor.predict(l, p);
        return hw::DfsPrediction{d.timeS, d.energyJ};
    };
    return hw::DfsGovernor(std::move(points), policy, fixed, std::move(rules), cfg.dfs.powerCapW,
                           cfg.dfs.minEnergyObjective == "edp", std::move(predict));
}

/// The core clock starts at the operating point of the first layer to run (no transition at power-up).
hw::OperatingPoint firstPoint(const hw::DfsGovernor& g, const workloads::Workload& work, const Schedule& s) {
    const size_t first = s.empty() ? 0 : s.front().first;
    return work.layers.empty() ? g.points().front() : g.pointFor(work.layers[first]);
}

}  // namespace

NpuTop::NpuTop(sc_core::sc_module_name name, const SimConfig& cfg, const workloads::Workload& work,
               Schedule schedule)
    : sc_module((validateConfig(cfg), name)),
      energy_(cfg),
      predictor_(cfg, energy_),
      coreClk_("core_clk", firstPoint(makeGovernor(cfg, predictor_), work, schedule)),
      array_("array", cfg.array, coreClk_),
      vector_("vector", cfg.vector, coreClk_) {
    std::optional<MemoryPath> memory;
    if (cfg.memory.model == MemoryModel::Dram) {
        sram_ = std::make_unique<hw::SramBuffer>("sram", cfg.sram);
        dma_ = std::make_unique<hw::DmaEngine>("dma", cfg.dma, coreClk_);
        dram_ = std::make_unique<hw::DramController>("dram", cfg.dram, cfg.memory.checkDram);
        dram_->setThreads(cfg.memory.threads);
        dma_->dramPort.bind(dram_->port);

        workloads::PlacementConfig pc;
        pc.defaultDtype = cfg.dtype;
        pc.packedWeights = cfg.memory.weightLayout == WeightLayout::Packed;
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
                                       std::move(memory), cfg.attention.fused, makeGovernor(cfg, predictor_),
                                       sc_core::sc_time(cfg.dfs.transitionUs, sc_core::SC_US), cfg.sram, energy_,
                                       cfg.compression);
}

void NpuTop::setWaveform(VcdWriter* vcd, LayerWindow window) {
    coreClk_.attachWaveform(*vcd);
    array_.attachWaveform(*vcd);
    vector_.attachWaveform(*vcd);
    if (sram_) sram_->attachWaveform(*vcd);
    if (dma_) dma_->attachWaveform(*vcd);
    seq_->setWaveform(vcd, std::move(window));
}

std::vector<const hw::StatProviderIf*> NpuTop::statProviders() const {
    std::vector<const hw::StatProviderIf*> p{&array_, &vector_};
    if (sram_) p.push_back(sram_.get());
    if (dma_) p.push_back(dma_.get());
    return p;
}

}  // namespace npu::sim
