// SPDX-License-Identifier: Apache-2.0
#include "sim/top/EnergyAccounting.h"

#include "hw_models/common/Error.h"
#include "hw_models/power/ActionEnergy.h"
#include "hw_models/power/VoltageScaling.h"

namespace npu::sim {
namespace {

/// Integer tensors go through the vector unit's fp16 datapath (norms, softmax, activations need it);
/// float tensors are computed in their own type.
workloads::DType vectorComputeType(workloads::DType t) {
    return t == workloads::DType::Int8 || t == workloads::DType::Int4 ? workloads::DType::Fp16 : t;
}

}  // namespace

EnergyAccounting::EnergyAccounting(const SimConfig& cfg) : cfg_(cfg) {
    if (cfg.memory.model != MemoryModel::Dram) return;
    if (!cfg.dram.power.given()) {
        dramNote_ = "DRAM energy not computed: the " + cfg.dramPreset +
                    " preset has no IDD currents (set dram.power.* to include it)";
        return;
    }
    dram_.emplace(cfg.dram);
}

double EnergyAccounting::staticWatts(double voltageV) const {
    hw::power::HardwareInventory inv;
    inv.pes = uint64_t(cfg_.array.rows) * cfg_.array.cols;
    inv.sramKib = double(cfg_.sram.totalBytes()) / 1024.0;
    inv.vectorLanes = cfg_.vector.lanes;
    inv.dmaEngines = cfg_.memory.model == MemoryModel::Dram ? 1 : 0;
    return hw::power::staticPower(cfg_.energy, inv, voltageV).totalWatts();
}

double EnergyAccounting::dramStandbyRankCycles(double seconds) const {
    return seconds / (cfg_.dram.timing.tCK_ps * 1e-12) * cfg_.dram.organization.channels * cfg_.dram.organization.ranks;
}

EnergyAccounting::TransitionEnergy EnergyAccounting::transitionEnergy(double seconds, double voltageV) const {
    TransitionEnergy e;
    e.staticJ = staticWatts(voltageV) * seconds;
    if (dram_) {
        hw::power::DramActionCounts c;
        (cfg_.dram.controller.pagePolicy == "open" ? c.activeCycles : c.prechargedCycles) = dramStandbyRankCycles(seconds);
        e.dramBackgroundJ = dram_->energy(c).backgroundJoules;
    }
    return e;
}

void EnergyAccounting::charge(LayerResult& l, const workloads::Layer& op) const {
    const hw::power::EnergyTable& t = cfg_.energy;
    const double s = hw::power::dynamicEnergyScale(l.voltageV, t.nominalVoltageV);
    EnergyBreakdown& e = l.energy;
    // With zero-skipping only the non-zero weights' MACs are performed (and moved).
    const double performed = double(l.macs) * (cfg_.array.zeroSkip ? l.weightDensity : 1.0);
    e.mac = performed * hw::power::macPj(t, l.dtype) * 1e-12 * s;
    // Each MAC moves its two streamed operands one PE hop (a pipeline-register write each); shared
    // weights are decoded by a codebook lookup (a register read of the dtype's width) per weight fetched.
    e.arrayMovement = 2.0 * performed * hw::power::arrayHopPj(t, l.dtype) * 1e-12 * s;
    if (cfg_.compression.sharingBits > 0)
        e.arrayMovement += double(l.weightsFetched) * hw::power::arrayHopPj(t, l.dtype) * 1e-12 * s;
    const uint64_t bankBytes = cfg_.sram.totalBytes() / cfg_.sram.banks;
    e.sram = (double(l.sramReads) * hw::power::sramReadPj(t, bankBytes, cfg_.sram.bankWidthBytes) +
              double(l.sramWrites) * hw::power::sramWritePj(t, bankBytes, cfg_.sram.bankWidthBytes)) *
             1e-12 * s;
    e.vector = op.isVector() ? hw::power::vectorOpPj(t, op.vector(), vectorComputeType(l.dtype)) * 1e-12 * s : 0.0;
    if (cfg_.memory.model == MemoryModel::Dram) {
        e.dma = hw::power::dmaPj(t, l.dramReadBytes + l.dramWriteBytes) * 1e-12 * s;
        if (dram_) {
            hw::power::DramActionCounts c;
            c.act = l.dramCommands.act;
            c.pre = l.dramCommands.pre;
            c.rd = l.dramCommands.rd;
            c.wr = l.dramCommands.wr;
            c.ref = l.dramCommands.ref;
            c.refPb = l.dramCommands.refPb;
            // Background: with the open-page policy a rank keeps rows open, so its standby is charged as
            // active for the layer's time; with closed pages, as precharged (an approximation: the engine
            // does not track per-rank open time).
            (cfg_.dram.controller.pagePolicy == "open" ? c.activeCycles : c.prechargedCycles) =
                dramStandbyRankCycles(l.timeS);
            const hw::power::DramEnergyBreakdown d = dram_->energy(c);
            e.dramDynamic = d.actPreJoules + d.rdJoules + d.wrJoules + d.refJoules;
            e.dramBackground = d.backgroundJoules;
            e.hasDram = true;
        }
        e.hasDma = true;
    }
    e.staticJ = staticWatts(l.voltageV) * l.timeS;
    l.energyJ = e.total();
    l.avgPowerW = l.timeS > 0 ? l.energyJ / l.timeS : 0.0;
}

}  // namespace npu::sim
