// SPDX-License-Identifier: Apache-2.0
// Models: the IDD-based DRAM energy equations of DramEnergy.h, evaluated once per configuration.
// Ignores: see DramEnergy.h.
#include "hw_models/power/DramEnergy.h"

#include <cmath>
#include <string>
#include <utility>

#include "hw_models/common/Error.h"

namespace npu::hw::power {
namespace {

constexpr double kFemto = 1e-15;  // mA x V x ps = 1e-3 A x V x 1e-12 s

void positive(const char* path, double v) {
    if (!std::isfinite(v) || v <= 0.0) throw inputError(path, "must be > 0 for the DRAM energy model");
}

void nonNegativeCommand(const char* what, double joules) {
    if (joules < 0.0)
        throw inputError("dram.power", std::string(what) + " energy would be negative: a command current is below "
                                                          "the standby current it is measured against");
}

}  // namespace

DramEnergyParams DramEnergyParams::from(const dram::DramConfig& cfg) {
    DramEnergyParams p;
    p.IDD0_mA = cfg.power.IDD0_mA;
    p.IDD2N_mA = cfg.power.IDD2N_mA;
    p.IDD3N_mA = cfg.power.IDD3N_mA;
    p.IDD4R_mA = cfg.power.IDD4R_mA;
    p.IDD4W_mA = cfg.power.IDD4W_mA;
    p.IDD5B_mA = cfg.power.IDD5B_mA;
    p.VDD_V = cfg.power.VDD_V;
    p.tCK_ps = cfg.timing.tCK_ps;
    p.tRC = cfg.timing.tRC;
    p.tRAS = cfg.timing.tRAS;
    p.tBURST = cfg.timing.tBURST;
    p.tRFCab = cfg.timing.tRFCab;
    p.devicesPerRank = cfg.organization.devicesPerRank;
    p.banksPerRank = cfg.organization.banksPerRank();
    p.banksPerRefpb = cfg.organization.banksPerRefpb;
    return p;
}

DramEnergy::DramEnergy(const DramEnergyParams& p) : p_(p) {
    positive("dram.power.VDD_V", p.VDD_V);
    const std::pair<const char*, double> currents[] = {
        {"dram.power.IDD0_mA", p.IDD0_mA},   {"dram.power.IDD2N_mA", p.IDD2N_mA}, {"dram.power.IDD3N_mA", p.IDD3N_mA},
        {"dram.power.IDD4R_mA", p.IDD4R_mA}, {"dram.power.IDD4W_mA", p.IDD4W_mA}, {"dram.power.IDD5B_mA", p.IDD5B_mA}};
    for (const auto& [key, v] : currents)
        if (!std::isfinite(v) || v < 0.0) throw inputError(key, "must be a finite number >= 0");
    positive("dram.timing.tCK_ps", p.tCK_ps);
    positive("dram.timing.tRC", p.tRC);
    positive("dram.timing.tRAS", p.tRAS);
    positive("dram.timing.tBURST", p.tBURST);
    positive("dram.timing.tRFCab", p.tRFCab);
    positive("dram.organization.devices_per_rank", p.devicesPerRank);
    if (p.banksPerRank == 0)
        throw inputError("dram.organization", "bank_groups x banks_per_group must be > 0 for the DRAM energy model");
    if (p.tRC < p.tRAS) throw inputError("dram.timing.tRC", "must be >= tRAS for the DRAM energy model");

    // Every term: current (mA) x VDD (V) x cycles x tCK (ps) = fJ, x devices for the rank.
    const double k = p.VDD_V * p.tCK_ps * kFemto * p.devicesPerRank;
    actJ_ = (p.IDD0_mA - p.IDD3N_mA) * p.tRAS * k;
    preJ_ = (p.IDD0_mA - p.IDD2N_mA) * (p.tRC - p.tRAS) * k;
    rdJ_ = (p.IDD4R_mA - p.IDD3N_mA) * p.tBURST * k;
    wrJ_ = (p.IDD4W_mA - p.IDD3N_mA) * p.tBURST * k;
    refJ_ = (p.IDD5B_mA - p.IDD3N_mA) * p.tRFCab * k;
    nonNegativeCommand("ACT", actJ_);
    nonNegativeCommand("PRE", preJ_);
    nonNegativeCommand("RD", rdJ_);
    nonNegativeCommand("WR", wrJ_);
    nonNegativeCommand("REF", refJ_);
    activeW_ = p.IDD3N_mA * 1e-3 * p.VDD_V * p.devicesPerRank;
    prechargedW_ = p.IDD2N_mA * 1e-3 * p.VDD_V * p.devicesPerRank;
}

DramEnergyBreakdown DramEnergy::energy(const DramActionCounts& c) const {
    DramEnergyBreakdown b;
    b.actPreJoules = double(c.act) * actJ_ + double(c.pre) * preJ_;
    b.rdJoules = double(c.rd) * rdJ_;
    b.wrJoules = double(c.wr) * wrJ_;
    b.refJoules = double(c.ref) * refJ_ + double(c.refPb) * refPbJoules();
    const double tCkSeconds = p_.tCK_ps * 1e-12;
    b.backgroundJoules = (c.activeCycles * activeW_ + c.prechargedCycles * prechargedW_) * tCkSeconds;
    return b;
}

}  // namespace npu::hw::power
