// SPDX-License-Identifier: Apache-2.0
// DRAM energy from IDD currents (DRAMPower / Micron TN-41-01 method): one ACT-PRE, one RD, one WR, one
// REF and standby computed by hand from configs/dram/ddr4-3200.yaml (read with yaml-cpp, test only) and from
// the simulator's LPDDR5X DramConfig, per-bank refresh, breakdown sums and input errors.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "hw_models/common/Error.h"
#include "hw_models/power/DramEnergy.h"

using namespace npu::hw::power;

namespace {

std::filesystem::path dramPreset(const std::string& name) {
    const char* d = std::getenv("NPUSIM_SOURCE_DIR");
    const std::filesystem::path src = (d != nullptr && *d != '\0') ? d : NPUSIM_TEST_SOURCE_DIR;
    return src / "configs" / "dram" / (name + ".yaml");
}

/// The fields the energy model reads, straight from a preset file.
DramEnergyParams paramsFromYaml(const std::string& preset) {
    const YAML::Node n = YAML::LoadFile(dramPreset(preset).string());
    const YAML::Node p = n["power"], t = n["timing"], o = n["organization"];
    DramEnergyParams e;
    e.IDD0_mA = p["IDD0_mA"].as<double>();
    e.IDD2N_mA = p["IDD2N_mA"].as<double>();
    e.IDD3N_mA = p["IDD3N_mA"].as<double>();
    e.IDD4R_mA = p["IDD4R_mA"].as<double>();
    e.IDD4W_mA = p["IDD4W_mA"].as<double>();
    e.IDD5B_mA = p["IDD5B_mA"].as<double>();
    e.VDD_V = p["VDD_V"].as<double>();
    e.tCK_ps = t["tCK_ps"].as<uint32_t>();
    e.tRC = t["tRC"].as<uint32_t>();
    e.tRAS = t["tRAS"].as<uint32_t>();
    e.tBURST = t["tBURST"].as<uint32_t>();
    e.tRFCab = t["tRFCab"].as<uint32_t>();
    e.devicesPerRank = o["devices_per_rank"].as<uint32_t>();
    e.banksPerRank = o["bank_groups"].as<uint32_t>() * o["banks_per_group"].as<uint32_t>();
    return e;
}

void expectRel(double actual, double expected, const char* what) {
    EXPECT_NEAR(actual, expected, 1e-12 * expected) << what;
}

std::string errorOf(DramEnergyParams p) {
    try {
        DramEnergy e(p);
    } catch (const npu::InputError& err) {
        return err.what();
    }
    return "";
}

}  // namespace

TEST(EnergyDram, Ddr4_3200CommandsByHand) {
    const DramEnergyParams p = paramsFromYaml("ddr4-3200");
    // The preset values the hand arithmetic below uses (configs/dram/ddr4-3200.yaml).
    ASSERT_EQ(p.IDD0_mA, 57);
    ASSERT_EQ(p.IDD2N_mA, 37);
    ASSERT_EQ(p.IDD3N_mA, 52);
    ASSERT_EQ(p.IDD4R_mA, 168);
    ASSERT_EQ(p.IDD4W_mA, 150);
    ASSERT_EQ(p.IDD5B_mA, 250);
    ASSERT_EQ(p.VDD_V, 1.2);
    ASSERT_EQ(p.tCK_ps, 625u);
    ASSERT_EQ(p.tRC, 74u);
    ASSERT_EQ(p.tRAS, 52u);
    ASSERT_EQ(p.tBURST, 4u);
    ASSERT_EQ(p.tRFCab, 560u);
    ASSERT_EQ(p.devicesPerRank, 8u);
    ASSERT_EQ(p.banksPerRank, 16u);

    const DramEnergy e(p);
    // mA x V x cycles x ps = fJ.  VDD x tCK = 1.2 x 625 = 750; x 8 devices = 6000 fJ per mA-cycle.
    // ACT-PRE: (57 x 74 - (52 x 52 + 37 x (74 - 52))) = 4218 - (2704 + 814) = 700 mA-cycles
    //          -> 700 x 6000 fJ = 4.2 nJ  (ACT part (57 - 52) x 52 = 260, PRE part (57 - 37) x 22 = 440)
    expectRel(e.actPreJoules(), 4.2e-9, "ACT-PRE");
    expectRel(e.actJoules(), 260 * 6000e-15, "ACT part");
    expectRel(e.preJoules(), 440 * 6000e-15, "PRE part");
    // RD: (168 - 52) x 4 = 464 mA-cycles -> 2.784 nJ per 64-byte burst.
    expectRel(e.rdJoules(), 2.784e-9, "RD");
    // WR: (150 - 52) x 4 = 392 mA-cycles -> 2.352 nJ.
    expectRel(e.wrJoules(), 2.352e-9, "WR");
    // REF: (250 - 52) x 560 = 110880 mA-cycles -> 665.28 nJ.
    expectRel(e.refJoules(), 665.28e-9, "REF");
    // Standby: IDD3N 52 mA x 1.2 V x 8 = 0.4992 W; IDD2N 37 mA x 1.2 V x 8 = 0.3552 W.
    expectRel(e.activeStandbyWatts(), 0.4992, "active standby");
    expectRel(e.prechargedStandbyWatts(), 0.3552, "precharged standby");

    DramActionCounts one;
    one.act = 1;
    one.pre = 1;
    one.rd = 1;
    one.ref = 1;
    one.activeCycles = 1000;      // 1000 x 625 ps = 625 ns: 0.4992 W -> 312 nJ
    one.prechargedCycles = 1000;  // 0.3552 W -> 222 nJ
    const DramEnergyBreakdown b = e.energy(one);
    expectRel(b.actPreJoules, 4.2e-9, "breakdown ACT-PRE");
    expectRel(b.rdJoules, 2.784e-9, "breakdown RD");
    EXPECT_EQ(b.wrJoules, 0.0);
    expectRel(b.refJoules, 665.28e-9, "breakdown REF");
    expectRel(b.backgroundJoules, 312e-9 + 222e-9, "background");
    expectRel(b.totalJoules(), 4.2e-9 + 2.784e-9 + 665.28e-9 + 534e-9, "total");
}

// A DramConfig (the simulator's, LPDDR5X-8533 defaults = configs/dram/lpddr5x-8533.yaml: tCK 938 ps, tRAS 45,
// tRC 65, tBURST 2, tRFCab 299, 4 x 4 banks, REFpb on bank pairs, one x16 device per rank) with currents
// set: every per-command energy worked out by hand. VDD x tCK x 1 device = 1.05 x 938 = 984.9 fJ per mA-cycle.
TEST(EnergyDram, ConfigEnergiesByHand) {
    npu::hw::dram::DramConfig cfg;  // LPDDR5X-8533 defaults
    cfg.power.IDD0_mA = 45;
    cfg.power.IDD2N_mA = 27;
    cfg.power.IDD3N_mA = 30;
    cfg.power.IDD4R_mA = 275;
    cfg.power.IDD4W_mA = 210;
    cfg.power.IDD5B_mA = 90;
    cfg.power.VDD_V = 1.05;
    const DramEnergyParams p = DramEnergyParams::from(cfg);
    EXPECT_EQ(p.tCK_ps, 938u);
    EXPECT_EQ(p.tRAS, 45u);
    EXPECT_EQ(p.tRC, 65u);
    EXPECT_EQ(p.tBURST, 2u);
    EXPECT_EQ(p.tRFCab, 299u);
    EXPECT_EQ(p.banksPerRank, 16u);
    EXPECT_EQ(p.banksPerRefpb, 2u);
    EXPECT_EQ(p.devicesPerRank, 1u);
    const DramEnergy e(cfg);
    const double k = 984.9e-15;  // J per mA-cycle
    expectRel(e.actJoules(), (45 - 30) * 45 * k, "ACT part: 675 mA-cycles");
    expectRel(e.preJoules(), (45 - 27) * (65 - 45) * k, "PRE part: 360 mA-cycles");
    expectRel(e.rdJoules(), (275 - 30) * 2 * k, "RD: 490 mA-cycles = 482.601 pJ");
    expectRel(e.wrJoules(), (210 - 30) * 2 * k, "WR: 360 mA-cycles");
    expectRel(e.refJoules(), (90 - 30) * 299 * k, "REF: 17940 mA-cycles");
    expectRel(e.refPbJoules(), (90 - 30) * 299 * k * 2 / 16, "REFpb: a pair of 16 banks");
    expectRel(e.activeStandbyWatts(), 30e-3 * 1.05, "active standby");
    expectRel(e.prechargedStandbyWatts(), 27e-3 * 1.05, "precharged standby");
}

TEST(EnergyDram, CountsMultiplyPerCommandEnergies) {
    const DramEnergy e(paramsFromYaml("hbm2"));
    DramActionCounts c;
    c.act = 7;
    c.pre = 5;  // two banks still open at the end
    c.rd = 100;
    c.wr = 40;
    c.ref = 2;
    c.refPb = 3;
    const DramEnergyBreakdown b = e.energy(c);
    expectRel(b.actPreJoules, 7 * e.actJoules() + 5 * e.preJoules(), "ACT/PRE");
    expectRel(b.rdJoules, 100 * e.rdJoules(), "RD");
    expectRel(b.wrJoules, 40 * e.wrJoules(), "WR");
    expectRel(b.refJoules, 2 * e.refJoules() + 3 * e.refPbJoules(), "REF");
    EXPECT_EQ(b.backgroundJoules, 0.0);
}

TEST(EnergyDram, PerBankRefreshIsOneBanksShareOfAllBank) {
    const DramEnergy e(paramsFromYaml("lpddr4-3200"));  // 8 banks, per-bank refresh
    EXPECT_EQ(e.params().banksPerRank, 8u);
    expectRel(e.refPbJoules(), e.refJoules() / 8, "REFpb");
    // (90 - 30) mA x 1.1 V x 448 x 625 ps x 1 device = 18.48 nJ per REF; 2.31 nJ per REFpb.
    expectRel(e.refJoules(), 18.48e-9, "REF");
    DramActionCounts round;
    round.refPb = 8;  // every bank once
    DramActionCounts all;
    all.ref = 1;
    expectRel(e.energy(round).refJoules, e.energy(all).refJoules, "a full per-bank round = one REF");
}

TEST(EnergyDram, InputErrorsNameTheKey) {
    DramEnergyParams ok = paramsFromYaml("ddr4-3200");
    EXPECT_EQ(errorOf(ok), "");
    DramEnergyParams p = ok;
    p.VDD_V = 0;  // no currents given (the LPDDR5/5X presets without an IDD table)
    EXPECT_EQ(errorOf(p), "dram.power.VDD_V: must be > 0 for the DRAM energy model");
    p = ok;
    p.IDD4R_mA = 40;  // below IDD3N
    EXPECT_EQ(errorOf(p), "dram.power: RD energy would be negative: a command current is below the standby "
                          "current it is measured against");
    p = ok;
    p.tRC = p.tRAS - 1;
    EXPECT_EQ(errorOf(p), "dram.timing.tRC: must be >= tRAS for the DRAM energy model");
    p = ok;
    p.banksPerRank = 0;
    EXPECT_EQ(errorOf(p), "dram.organization: bank_groups x banks_per_group must be > 0 for the DRAM energy model");
}
