// SPDX-License-Identifier: Apache-2.0
#include "sim/top/NpuTop.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "hw_models/common/Error.h"
#include "hw_models/common/SimTime.h"
#include "hw_models/compute/DataflowTiming.h"
#include "sim/config/ConfigLoader.h"

namespace npu::sim {

namespace {

std::vector<hw::OperatingPoint> operatingPoints(const SimConfig& cfg) {
    std::vector<hw::OperatingPoint> points;
    for (size_t i = 0; i < cfg.clock.pointFreqsMhz.size(); ++i)
        points.push_back({cfg.clock.pointFreqsMhz[i] * 1e6, cfg.clock.pointVoltagesV[i]});
    return points;
}

std::string shortest(double x) {
    char buf[32];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, x);
    return std::string(buf, end);
}

std::string seconds(double s) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f s", s);
    return buf;
}

/// Cycles a layer computes at least, however it is tiled: the array's folds of the whole GEMM, each streaming
/// its operands at the peak rate (with zero-skip, only the non-zero weights); a vector op's lanes after one
/// start-up. (Splitting a GEMM into tiles adds folds and fills, never removes them.)
double minComputeCycles(const SimConfig& cfg, const workloads::Layer& l) {
    const workloads::DType dtype = l.hints.dtype.value_or(cfg.dtype);
    if (l.isVector()) {
        const workloads::VectorOp& v = l.vector();
        return cfg.vector.startupCycles +
               double(v.elements) * cfg.vector.cyclesPerElement[static_cast<size_t>(v.kind)] / cfg.vector.lanes;
    }
    const hw::ArrayConfig& a = cfg.array;
    const workloads::GemmShape g = workloads::lowerToGemm(l);
    // (gemmTiming's cycles in doubles: no uint64_t overflow before the caller's time check)
    const double density = a.zeroSkip ? workloads::weightStorage(l, dtype, cfg.compression).density : 1.0;
    const hw::CompactedMap c = hw::compactedMap(a.dataflow, g.m, g.n, g.k, density);
    const hw::FoldCycles f = hw::foldCycles(a.dataflow, a.rows, a.cols, 0);
    const double folds = double(g.repeats) * double(hw::ceilDiv(c.map.sr, a.rows)) * double(hw::ceilDiv(c.map.sc, a.cols));
    return folds * (double(f.fill + f.drain) + double(c.map.t) * c.streamedDensity / a.macsPerCycleOf(dtype));
}

/// A layer for messages: its trace line (when it has one) and its name.
std::string layerWhere(const workloads::Workload& work, const workloads::Layer& l) {
    const std::string src = workloads::layerSource(work, l);
    return (src.empty() ? "" : src + ": ") + "layer '" + l.name + "'";
}

/// The workload against the configuration, before the simulation starts (docs/trace_format.md): DFS hints
/// name operating points (per_layer), shared weights are narrower than their dtype, every GEMM has a tile
/// that fits the SRAM (memory path), and the compute alone ends within SystemC's time range. Errors name
/// the layer's trace line.
void validateWorkload(const SimConfig& cfg, const workloads::Workload& work, const Schedule& schedule) {
    const std::vector<hw::OperatingPoint> points = operatingPoints(cfg);
    auto at = [&](const workloads::Layer& l) {   // its trace line, else its name
        const std::string src = workloads::layerSource(work, l);
        return src.empty() ? "layer '" + l.name + "'" : src;
    };
    std::string pointList;
    for (double f : cfg.clock.pointFreqsMhz) pointList += (pointList.empty() ? "" : ", ") + shortest(f);
    const workloads::TilerConfig tiler = tilerConfigOf(cfg);
    for (const workloads::Layer& l : work.layers) {
        if (cfg.dfs.policy == "per_layer" && l.hints.freqMhz && !hw::findPoint(points, *l.hints.freqMhz))
            throw inputError(at(l), "field 'freq_mhz': " + shortest(*l.hints.freqMhz) +
                                        " MHz is not in clock.point_freqs_mhz (" + pointList + ")");
        const uint32_t sharing = cfg.compression.sharingBits;
        const uint32_t bits = l.hints.dtype ? workloads::dtypeBits(*l.hints.dtype) : 0;
        if (sharing && l.hints.dtype && workloads::hasArrayWeights(l) && bits <= sharing)
            throw inputError(at(l), "field 'dtype': " + std::string(workloads::dtypeName(*l.hints.dtype)) + " has " +
                                        std::to_string(bits) + " bits, not more than compression.weight_sharing_bits (" +
                                        std::to_string(sharing) + "): sharing would grow the weights");
        if (cfg.memory.model == MemoryModel::Dram && !l.isVector()) {
            try {
                workloads::planGemm(l, tiler, workloads::layerOperandBits(l, cfg.dtype));
            } catch (const InputError& e) {   // no tile fits: the message names the layer
                throw inputError(workloads::layerSource(work, l), e.what());
            }
        }
    }
    const double fastestHz = std::max_element(points.begin(), points.end(), [](const auto& a, const auto& b) {
                                 return a.freqHz < b.freqHz;
                             })->freqHz;
    const double limitS = sc_core::sc_max_time().to_seconds();
    double total = 0.0;
    for (const ScheduleEntry& e : schedule.empty() ? Schedule{{work.name, 0, work.layers.size()}} : schedule) {
        for (size_t i = e.first; i < e.first + e.count; ++i) {
            total += minComputeCycles(cfg, work.layers[i]) / fastestHz;
            if (total >= limitS)
                throw inputError(layerWhere(work, work.layers[i]),
                                 hw::timeRangeExceeded() + ", by this layer: the compute up to here takes " +
                                     seconds(total) + " even at the fastest operating point (" +
                                     shortest(fastestHz / 1e6) + " MHz)");
        }
    }
}

hw::DfsGovernor makeGovernor(const SimConfig& cfg, const PowerPredictor& predictor) {
    std::vector<hw::OperatingPoint> points = operatingPoints(cfg);
    size_t fixed = 0;
    const double fixedMhz = cfg.dfs.fixedFreqMhz != 0.0 ? cfg.dfs.fixedFreqMhz : cfg.clock.freqMhz;
    for (size_t i = 0; i < cfg.clock.pointFreqsMhz.size(); ++i)
        if (cfg.clock.pointFreqsMhz[i] == fixedMhz) fixed = i;
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
    : sc_module((validateConfig(cfg), validateWorkload(cfg, work, schedule), name)),
      work_(work),
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
        memory.emplace(MemoryPath{*dma_, *sram_, *dram_, workloads::placeTensors(work.layers, pc), tilerConfigOf(cfg)});
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

void NpuTop::rethrowInputError() const {
    if (!seq_->inputError()) return;
    try {
        std::rethrow_exception(seq_->inputError());
    } catch (const InputError& e) {
        const int64_t i = seq_->currentLayer();
        if (i < 0 || size_t(i) >= work_.layers.size()) throw;
        throw inputError(layerWhere(work_, work_.layers[size_t(i)]), e.what());
    }
}

std::vector<const hw::StatProviderIf*> NpuTop::statProviders() const {
    std::vector<const hw::StatProviderIf*> p{&array_, &vector_};
    if (sram_) p.push_back(sram_.get());
    if (dma_) p.push_back(dma_.get());
    return p;
}

}  // namespace npu::sim
