// SPDX-License-Identifier: Apache-2.0
// DFS: the clock stops for exactly the transition cost once per change and counts no cycles meanwhile;
// the per_layer policy follows trace hints, then rules, then the nominal point; layer times follow
// their frequency.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "sim/config/ConfigLoader.h"
#include "sim/top/EnergyAccounting.h"
#include "sim/top/NpuTop.h"
#include "tests/support/ScriptThread.h"
#include "workloads/Trace.h"

using namespace sc_core;
using namespace npu;

TEST(ClockDomain, TransitionStopsTheClockAndIsChargedOnce) {
    hw::ClockDomain clk("clk", {1.0e9, 0.75});
    sc_time afterWork, afterTransition, end;
    double cyclesMid = -1;
    npu::test::ScriptThread runner("r", [&] {
        clk.waitCycles(10);                                  // 10 ns at 1 GHz
        afterWork = sc_time_stamp();
        clk.transition({0.5e9, 0.7}, sc_time(3, SC_NS));     // 3 ns stopped
        afterTransition = sc_time_stamp();
        clk.waitCycles(10);                                  // 20 ns at 500 MHz
        end = sc_time_stamp();
    });
    npu::test::ScriptThread probe("p", [&] {
        wait(12, SC_NS);                                     // inside the transition
        cyclesMid = clk.cycleCount();
    });
    sc_start();
    EXPECT_EQ(afterWork, sc_time(10, SC_NS));
    EXPECT_EQ(afterTransition, sc_time(13, SC_NS));
    EXPECT_EQ(end, sc_time(33, SC_NS));
    EXPECT_DOUBLE_EQ(cyclesMid, 10.0);                       // no cycles while stopped
    EXPECT_DOUBLE_EQ(clk.cycleCount(), 20.0);
    EXPECT_EQ(clk.transitions(), 1u);
    EXPECT_EQ(clk.transitionTime(), sc_time(3, SC_NS));
}

TEST(Dfs, PerLayerFollowsHintsThenRulesThenNominal) {
    sc_set_time_resolution(1, SC_FS);   // as npusim: periods of 1/600 MHz are exact to 1 fs
    std::istringstream in(
        "matmul name=a m=256 n=256 k=256\n"
        "matmul name=b m=256 n=256 k=256 freq_mhz=400\n"
        "add name=up.c elements=65536\n"
        "add name=up.d elements=65536\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "dfs.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;   // compute-only: hand-worked cycles
    cfg.dfs.policy = "per_layer";
    cfg.dfs.perLayer = {"up.*=800", "*=600"};
    cfg.dfs.transitionUs = 2.0;
    sim::NpuTop top("npu", cfg, w);
    sc_start();
    const auto& L = top.result().layers;
    ASSERT_EQ(L.size(), 4u);
    // a matches "*=600" (no hint); b's hint wins over the rules; c and d match "up.*" first.
    EXPECT_DOUBLE_EQ(L[0].freqMhz, 600.0);
    EXPECT_DOUBLE_EQ(L[1].freqMhz, 400.0);
    EXPECT_DOUBLE_EQ(L[2].freqMhz, 800.0);
    EXPECT_DOUBLE_EQ(L[3].freqMhz, 800.0);
    // 256^3 on 128x128 os: 4 folds x (256 + 254) = 2040 cycles; add: 16 + 65536/128 = 528.
    EXPECT_EQ(L[0].cycles, 2040u);
    // Periods are rounded to the 1 fs resolution: at most 0.5 fs of error per cycle.
    EXPECT_NEAR(L[0].timeS, 2040 / 600e6, 2040 * 0.5e-15);
    EXPECT_NEAR(L[1].timeS, 2040 / 400e6, 2040 * 0.5e-15);
    EXPECT_NEAR(L[2].timeS, 528 / 800e6, 528 * 0.5e-15);
    // The first layer's point is set at power-up; a->b and b->c change the clock, c->d does not.
    EXPECT_EQ(top.result().dfsTransitions, 2u);
    EXPECT_NEAR(top.result().dfsTransitionTimeS, 4e-6, 1e-15);
    double layers = 0;
    for (const auto& l : L) layers += l.timeS;
    EXPECT_NEAR(top.result().timeS, layers + 4e-6, 1e-18);
    EXPECT_EQ(top.result().cycles, 2u * 2040 + 2u * 528);   // no cycles during transitions
}

TEST(Dfs, TransitionsDrawLeakageAtTheHigherVoltageAndDramStandby) {
    sc_set_time_resolution(1, SC_FS);
    std::istringstream in(
        "matmul name=a m=64 n=64 k=64\n"
        "matmul name=b m=64 n=64 k=64 freq_mhz=400\n"
        "matmul name=c m=64 n=64 k=64 freq_mhz=800\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "dfs.trace");
    sim::SimConfig cfg = sim::loadConfig("", {"dram.preset=ddr4-3200", "dram.organization.channels=2"});
    cfg.dfs.policy = "per_layer";
    cfg.dfs.perLayer = {"*=600"};
    cfg.dfs.transitionUs = 2.0;
    cfg.clock.pointFreqsMhz = {400, 600, 800, 1000};
    cfg.clock.pointVoltagesV = {0.6, 0.65, 0.7, 0.8};
    sim::NpuTop top("npu", cfg, w);
    sc_start();
    const sim::RunResult& r = top.result();
    ASSERT_EQ(r.dfsTransitions, 2u);   // 600 -> 400 -> 800 MHz
    // The relocks happen at max(0.65, 0.6) = 0.65 V and max(0.6, 0.7) = 0.7 V; leakage scales with V.
    const double vNom = cfg.energy.nominalVoltageV;
    const double leakNom = sim::EnergyAccounting(cfg).staticWatts(vNom);
    EXPECT_NEAR(r.transitionStaticJ, 2e-6 * leakNom * (0.65 + 0.7) / vNom, 1e-18);
    // The DRAM stands by meanwhile (open page: active standby) in each of its 2 channels x 1 rank of 8
    // devices: IDD3N x VDD x 8 = 52 mA x 1.2 V x 8 = 0.4992 W per rank, for 4 us: 2 x 0.4992 x 4e-6 J.
    ASSERT_EQ(cfg.dram.power.IDD3N_mA, 52.0);
    ASSERT_EQ(cfg.dram.power.VDD_V, 1.2);
    ASSERT_EQ(cfg.dram.organization.devicesPerRank, 8u);
    ASSERT_EQ(cfg.dram.organization.ranks, 1u);
    EXPECT_NEAR(r.transitionDramJ, 2 * 0.4992 * 4e-6, 1e-15);
    ASSERT_EQ(r.segments.size(), 1u);
    EXPECT_DOUBLE_EQ(r.segments[0].transitionJ, r.transitionStaticJ + r.transitionDramJ);
}

TEST(Dfs, FixedPolicyRunsEverythingAtItsPoint) {
    std::istringstream in("matmul name=a m=256 n=256 k=256 freq_mhz=400\nadd name=b elements=65536\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "dfs.trace");
    sim::SimConfig cfg;
    cfg.dfs.fixedFreqMhz = 800;   // policy fixed: hints are ignored
    sim::NpuTop top("npu", cfg, w);
    sc_start();
    for (const auto& l : top.result().layers) EXPECT_DOUBLE_EQ(l.freqMhz, 800.0) << l.name;
    EXPECT_EQ(top.result().dfsTransitions, 0u);
}
