// SPDX-License-Identifier: Apache-2.0
// Models: DRAM energy from datasheet IDD currents as DRAMPower (Chandrasekar et al., "DRAMPower:
// Open-source DRAM power & energy estimation tool") and Micron TN-41-01 / TN-46-03 compute it: each
// command costs its current above the standby it interrupts x VDD x duration; standby is charged by time.
// Ignores: power-down and self-refresh (IDD2P/IDD3P/IDD6), I/O and termination power, multiple supply
// rails (VPP, VDDQ), per-bank refresh current IDD5PB (approximated, see refPbJoules), temperature.
#pragma once

#include <cstdint>

#include "hw_models/dram/DramConfig.h"

namespace npu::hw::power {

/// Everything the energy equations read: one device's currents and supply, timing in DRAM clock cycles,
/// and the rank's shape. Mirrors dram::DramPower / DramTiming / DramOrganization.
struct DramEnergyParams {
    double IDD0_mA = 0.0;    ///< one-bank ACT-PRE current
    double IDD2N_mA = 0.0;   ///< precharge standby
    double IDD3N_mA = 0.0;   ///< active standby
    double IDD4R_mA = 0.0;   ///< burst read
    double IDD4W_mA = 0.0;   ///< burst write
    double IDD5B_mA = 0.0;   ///< burst (all-bank) refresh
    double VDD_V = 0.0;      ///< supply the currents are drawn from
    uint32_t tCK_ps = 0;     ///< clock period, ps
    uint32_t tRC = 0;        ///< ACT to ACT, same bank (cycles)
    uint32_t tRAS = 0;       ///< ACT to PRE (cycles)
    uint32_t tBURST = 0;     ///< data-bus cycles of one burst
    uint32_t tRFCab = 0;     ///< all-bank refresh cycle time (cycles)
    uint32_t devicesPerRank = 1;
    uint32_t banksPerRank = 1;
    uint32_t banksPerRefpb = 1;  ///< banks one REFpb refreshes

    /// From a DRAM config (power, timing, organization sections). Does not validate.
    static DramEnergyParams from(const dram::DramConfig& cfg);
};

/// Commands and standby time to charge. Commands are counted per rank command (each one drives every
/// device of its rank); standby times are rank-cycles summed over all ranks of all channels, and
/// activeCycles + prechargedCycles should cover the whole run for every rank.
struct DramActionCounts {
    uint64_t act = 0;               ///< ACT commands
    uint64_t pre = 0;               ///< banks precharged (a PREA closing k open banks counts k)
    uint64_t rd = 0;                ///< RD bursts
    uint64_t wr = 0;                ///< WR bursts
    uint64_t ref = 0;               ///< all-bank REF commands
    uint64_t refPb = 0;             ///< per-bank REFpb commands
    double activeCycles = 0.0;      ///< rank-cycles with at least one bank open
    double prechargedCycles = 0.0;  ///< rank-cycles with every bank closed
};

struct DramEnergyBreakdown {
    double actPreJoules = 0.0;      ///< ACT and PRE (act x ACT part + pre x PRE part)
    double rdJoules = 0.0;
    double wrJoules = 0.0;
    double refJoules = 0.0;         ///< REF and REFpb
    double backgroundJoules = 0.0;  ///< active + precharged standby
    double totalJoules() const { return actPreJoules + rdJoules + wrJoules + refJoules + backgroundJoules; }
};

/// Per-command energies of one rank (all its devices) and the energy of a set of counts.
/// With I in mA, t in cycles and tCK in ps, I x VDD x t x tCK is in fJ (1e-15 J).
class DramEnergy {
public:
    /// Throws npu::InputError("dram.<section>.<key>: ...") if no currents are given (VDD = 0), a timing or
    /// shape value the equations use is 0, tRC < tRAS, or a command energy would be negative (IDD0 below
    /// IDD3N or IDD2N, IDD4R/IDD4W/IDD5B below IDD3N).
    explicit DramEnergy(const DramEnergyParams& p);
    explicit DramEnergy(const dram::DramConfig& cfg) : DramEnergy(DramEnergyParams::from(cfg)) {}

    const DramEnergyParams& params() const { return p_; }

    /// ACT part of an ACT-PRE pair: (IDD0 - IDD3N) x VDD x tRAS x tCK x devices.
    double actJoules() const { return actJ_; }
    /// PRE part: (IDD0 - IDD2N) x VDD x (tRC - tRAS) x tCK x devices.
    double preJoules() const { return preJ_; }
    /// One ACT-PRE pair: (IDD0 x tRC - (IDD3N x tRAS + IDD2N x (tRC - tRAS))) x VDD x tCK x devices.
    double actPreJoules() const { return actJ_ + preJ_; }
    /// One RD burst: (IDD4R - IDD3N) x VDD x tBURST x tCK x devices.
    double rdJoules() const { return rdJ_; }
    /// One WR burst: (IDD4W - IDD3N) x VDD x tBURST x tCK x devices.
    double wrJoules() const { return wrJ_; }
    /// One all-bank REF: (IDD5B - IDD3N) x VDD x tRFCab x tCK x devices.
    double refJoules() const { return refJ_; }
    /// One per-bank REFpb: refJoules() x banksPerRefpb / banksPerRank. Approximation (no IDD5PB in the
    /// presets): a REFpb refreshes its banks' share of the rows an all-bank REF refreshes, so a full round
    /// of banksPerRank / banksPerRefpb REFpb costs one REF.
    double refPbJoules() const { return refJ_ * p_.banksPerRefpb / p_.banksPerRank; }
    /// Active standby power of one rank: IDD3N x VDD x devices.
    double activeStandbyWatts() const { return activeW_; }
    /// Precharged standby power of one rank: IDD2N x VDD x devices.
    double prechargedStandbyWatts() const { return prechargedW_; }

    DramEnergyBreakdown energy(const DramActionCounts& c) const;

private:
    DramEnergyParams p_;
    double actJ_ = 0, preJ_ = 0, rdJ_ = 0, wrJ_ = 0, refJ_ = 0, activeW_ = 0, prechargedW_ = 0;
};

}  // namespace npu::hw::power
