// SPDX-License-Identifier: Apache-2.0
#include "sim/top/PowerPredictor.h"

#include <algorithm>

#include "hw_models/compute/DataflowTiming.h"
#include "hw_models/compute/VectorUnit.h"
#include "workloads/Tiler.h"

namespace npu::sim {

workloads::TilerConfig tilerConfigOf(const SimConfig& cfg) {
    workloads::TilerConfig tc;
    tc.bufferABytes = uint64_t(cfg.sram.inputKib) * 1024;
    tc.bufferBBytes = uint64_t(cfg.sram.weightKib) * 1024;
    tc.bufferCBytes = uint64_t(cfg.sram.outputKib) * 1024;
    tc.arrayRows = cfg.array.rows;
    tc.arrayCols = cfg.array.cols;
    tc.dataflow = static_cast<workloads::GemmDataflow>(cfg.array.dataflow);
    return tc;
}

PowerPredictor::PowerPredictor(const SimConfig& cfg, const EnergyAccounting& energy) : cfg_(cfg), energy_(energy) {}

PowerPrediction PowerPredictor::predict(const workloads::Layer& l, const hw::OperatingPoint& p) const {
    LayerResult r;   // a layer as it would be counted, filled from its shape
    r.dtype = l.hints.dtype.value_or(cfg_.dtype);
    r.voltageV = p.voltageV;
    const workloads::TensorElems e = workloads::layerTensorElems(l);
    r.inputBytes = workloads::dtypeBytes(r.dtype, e.input);
    r.outputBytes = workloads::dtypeBytes(r.dtype, e.output);
    const uint64_t line = cfg_.sram.bankWidthBytes;
    uint64_t cycles = 0;
    if (l.isVector()) {
        cycles = hw::vectorCycles(cfg_.vector, l.vector());
        r.sramReads = hw::ceilDiv(r.inputBytes, line);
        r.sramWrites = hw::ceilDiv(r.outputBytes, line);
    } else {
        const workloads::GemmShape g = workloads::lowerToGemm(l);
        const workloads::WeightStorage ws = workloads::weightStorage(l, r.dtype, cfg_.compression);
        r.weightDensity = ws.density;
        const hw::GemmTiming t = hw::gemmTiming(cfg_.array, g, {r.dtype, ws.density});
        cycles = t.cycles;
        r.macs = t.macs;
        const hw::ArraySramTraffic s = hw::arraySramTraffic(cfg_.array, g.m, g.n, g.k);
        const uint64_t bytes = workloads::dtypeBits(r.dtype);
        r.sramReads = g.repeats * hw::ceilDiv((s.aReads + s.bReads + s.cReads) * bytes / 8, line);
        r.sramWrites = g.repeats * hw::ceilDiv(s.cWrites * bytes / 8, line);
    }
    double timeS = double(cycles) / p.freqHz;
    if (cfg_.memory.model == MemoryModel::Dram) {
        if (l.isVector()) {
            r.dramReadBytes = r.inputBytes + workloads::dtypeBytes(r.dtype, e.weight);
            r.dramWriteBytes = r.outputBytes;
        } else {
            const workloads::TilePlan plan =
                workloads::planGemm(l, tilerConfigOf(cfg_), workloads::layerOperandBits(l, cfg_.dtype));
            const double ratio = plan.bIsWeight ? workloads::weightStorage(l, r.dtype, cfg_.compression).ratio() : 1.0;
            r.dramReadBytes = plan.dramReadBytesA + static_cast<uint64_t>(double(plan.dramReadBytesB) * ratio) +
                              plan.dramReadBytesC;
            r.dramWriteBytes = plan.dramWriteBytesC;
        }
        const double bytes = double(r.dramReadBytes + r.dramWriteBytes);
        timeS = std::max(timeS, bytes / (cfg_.dram.peakBandwidthGBps() * 1e9));   // the bandwidth bound
        // the DMA's side of the SRAM: its fills (what DRAM delivers) and drains (what it takes)
        r.sramWrites += hw::ceilDiv(r.dramReadBytes, line);
        r.sramReads += hw::ceilDiv(r.dramWriteBytes, line);
        const auto& o = cfg_.dram.organization;
        r.dramCommands.rd = hw::ceilDiv(r.dramReadBytes, o.burstBytes());
        r.dramCommands.wr = hw::ceilDiv(r.dramWriteBytes, o.burstBytes());
        r.dramCommands.act = r.dramCommands.pre = hw::ceilDiv(r.dramReadBytes + r.dramWriteBytes, o.rowBytes());
    }
    r.timeS = timeS;
    energy_.charge(r, l);
    return {timeS, r.energyJ, r.avgPowerW};
}

}  // namespace npu::sim
