// SPDX-License-Identifier: Apache-2.0
// Energy in the reports: one GEMM on a small array with a toy table, worked out by hand to the last digit
// (dynamic energy at (V/Vnom)^2, static power at V/Vnom), with its predicted power; power_cap's choice of
// operating point from predictions worked out by hand; DRAM, DMA and static energy of the memory path on
// the ddr4-3200 preset from the layers' command counts and times.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "sim/config/ConfigLoader.h"
#include "sim/top/NpuTop.h"
#include "workloads/Trace.h"

using namespace npu;

namespace {
/// A toy table with round numbers: int8 MAC = 2 + 1 pJ, register 0.5 pJ/bit, SRAM 4 pJ read / 6 pJ
/// write per access at every size, leakage 1 mW per PE and nothing else.
hw::power::EnergyTable toyTable() {
    hw::power::EnergyTable t;
    t.name = "toy";
    t.nominalVoltageV = 1.0;
    t.ops.int8 = {1.0, 2.0, 10.0};
    t.registerPjPerBit = 0.5;
    t.sram.accessBytes = 16;
    t.sram.points = {{1024, 4.0, 6.0}, {1u << 30, 4.0, 6.0}};
    t.dmaPjPerByte = 0.0;
    t.leakage = {1e-3, 0.0, 0.0, 0.0};
    return t;
}
}  // namespace

TEST(EnergyAccounting, OneGemmByHand) {
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    std::istringstream in("matmul name=fc m=8 n=4 k=16 b=weight\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "fc.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;   // compute-only: hand-worked cycles
    cfg.array.rows = 4;
    cfg.array.cols = 4;
    cfg.clock.freqMhz = 100.0;
    cfg.clock.pointFreqsMhz = {100.0};
    cfg.clock.pointVoltagesV = {0.5};   // half the table's nominal voltage
    cfg.sram.bankWidthBytes = 16;
    cfg.energy = toyTable();
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::LayerResult& l = top.result().layers.at(0);
    // os on 4x4: m = 8 -> 2 row folds, n = 4 -> 1 column fold, T = k = 16: 2 x (16 + 4 + 4 - 2) = 44 cycles.
    ASSERT_EQ(l.cycles, 44u);
    ASSERT_EQ(l.macs, 512u);
    const double s = 0.25;   // (0.5 / 1.0)^2
    EXPECT_DOUBLE_EQ(l.energy.mac, 512 * (2.0 + 1.0) * 1e-12 * s);
    EXPECT_DOUBLE_EQ(l.energy.arrayMovement, 2 * 512 * (8 * 0.5) * 1e-12 * s);
    // SRAM (16-byte lines): A 8x16 int8 read once per column fold = 128 B = 8 lines; B 16x4 read once per
    // row fold (2) = 128 B = 8 lines; C 8x4 written once = 32 B = 2 lines.
    EXPECT_EQ(l.sramReads, 16u);
    EXPECT_EQ(l.sramWrites, 2u);
    EXPECT_DOUBLE_EQ(l.energy.sram, (16 * 4.0 + 2 * 6.0) * 1e-12 * s);
    EXPECT_DOUBLE_EQ(l.energy.vector, 0.0);
    // Static: 16 PEs x 1 mW x (0.5/1.0) for 44 cycles at 100 MHz.
    EXPECT_NEAR(l.energy.staticJ, 16 * 1e-3 * 0.5 * 44e-8, 1e-21);
    EXPECT_FALSE(l.energy.hasDma);
    EXPECT_FALSE(l.energy.hasDram);
    // Total: 0.384 (mac) + 1.024 (movement) + 0.019 (SRAM) + 3.52 (static) = 4.947 nJ in 44 x 10 ns = 440 ns.
    EXPECT_NEAR(l.timeS, 440e-9, 1e-21);
    EXPECT_NEAR(l.energyJ, 4.947e-9, 1e-21);
    EXPECT_NEAR(l.avgPowerW, 4.947e-9 / 440e-9, 1e-12);   // 11.243 mW
    // The DFS predictor sees the same layer from its shape alone: 44 cycles at 100 MHz, SRAM (128 B of A
    // + 128 B of B) / 16 = 16 line reads and 32 / 16 = 2 writes, no DRAM (ideal memory): the same actions,
    // so the same 4.947 nJ / 440 ns.
    EXPECT_NEAR(l.predictedPowerW, 4.947e-9 / 440e-9, 1e-12);
}

// dfs.power_cap picks, per layer, the highest operating point whose predicted power is within the cap.
// Two points, 100 MHz at 0.5 V and 200 MHz at 1.0 V (the toy table's nominal voltage), cap 20 mW:
//  fc (as OneGemmByHand) predicts 11.243 mW at 100 MHz (above) and at 200 MHz, (V/Vnom)^2 = 1:
//    mac 512 x 3 pJ = 1.536 nJ, movement 2 x 512 x 4 pJ = 4.096 nJ, SRAM 16 x 4 + 2 x 6 = 0.076 nJ,
//    static 16 mW x 44 x 5 ns = 3.52 nJ: 9.228 nJ / 220 ns = 41.945 mW > 20 mW -> 100 MHz.
//  tiny (m=1 n=1 k=16): 1 fold x (16 + 4 + 4 - 2) = 22 cycles, 16 MACs; at 200 MHz: mac 16 x 3 pJ = 0.048 nJ,
//    movement 2 x 16 x 4 pJ = 0.128 nJ, SRAM A 16 B = 1 line + B 16 B = 1 line read (8 pJ) + C 1 B = 1
//    line written (6 pJ) = 0.014 nJ, static 16 mW x 22 x 5 ns = 1.76 nJ: 1.95 nJ / 110 ns = 17.727 mW
//    <= 20 mW -> 200 MHz (one DFS transition).
TEST(EnergyAccounting, PowerCapPicksTheHighestPointWithinTheCap) {
    sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
    std::istringstream in("matmul name=fc m=8 n=4 k=16 b=weight\nmatmul name=tiny m=1 n=1 k=16 b=weight\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "cap.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;
    cfg.array.rows = 4;
    cfg.array.cols = 4;
    cfg.clock.freqMhz = 200.0;
    cfg.clock.pointFreqsMhz = {100.0, 200.0};
    cfg.clock.pointVoltagesV = {0.5, 1.0};
    cfg.dfs.policy = "power_cap";
    cfg.dfs.powerCapW = 20e-3;
    cfg.sram.bankWidthBytes = 16;
    cfg.energy = toyTable();
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::RunResult& r = top.result();
    ASSERT_EQ(r.layers.size(), 2u);
    const sim::LayerResult& fc = r.layers[0];
    const sim::LayerResult& tiny = r.layers[1];
    EXPECT_EQ(fc.freqMhz, 100.0);
    EXPECT_EQ(fc.voltageV, 0.5);
    EXPECT_NEAR(fc.predictedPowerW, 4.947e-9 / 440e-9, 1e-12);
    EXPECT_LE(fc.predictedPowerW, cfg.dfs.powerCapW);
    EXPECT_EQ(tiny.freqMhz, 200.0);
    EXPECT_EQ(tiny.voltageV, 1.0);
    EXPECT_EQ(tiny.cycles, 22u);
    EXPECT_NEAR(tiny.predictedPowerW, 1.95e-9 / 110e-9, 1e-12);
    EXPECT_LE(tiny.predictedPowerW, cfg.dfs.powerCapW);
    // The simulated layer has the same actions: its power equals the prediction.
    EXPECT_NEAR(tiny.avgPowerW, 1.95e-9 / 110e-9, 1e-12);
    EXPECT_EQ(r.dfsOverCapLayers, 0u);
    EXPECT_EQ(r.dfsTransitions, 1u);
}

// The memory path on the ddr4-3200 preset (configs/dram/ddr4-3200.yaml: IDD currents given, one rank, open
// page), with two channels: each layer's DRAM energy is its command counts times the per-command energies of
// EnergyDram.Ddr4_3200CommandsByHand (6000 fJ per mA-cycle: ACT (57 - 52) x 52 = 260, PRE (57 - 37) x 22 =
// 440, RD (168 - 52) x 4 = 464, WR (150 - 52) x 4 = 392, REF (250 - 52) x 560 = 110880 mA-cycles), and its
// background is active standby (open page) for the layer's time: 52 mA x 1.2 V x 8 devices = 0.4992 W per
// rank, x 2 channels x 1 rank = 0.9984 W. DMA: bytes x 0.452998 pJ (mobile7nm) x (0.75 V / 0.8 V)^2.
// Static: mobile7nm leakage of 128 x 128 PEs x 1.47539 uW + 4096 KiB x 2.26761 uW + 128 lanes x
// 8.28486 uW + 1 DMA x 9.9208 uW = 34.5313032 mW at 0.8 V, x 0.75 / 0.8 = 32.37309675 mW.
TEST(EnergyAccounting, MemoryPathDramEnergyByHandOnDdr4) {
    std::istringstream in("matmul name=fc m=256 n=256 k=256 b=weight\nadd name=res elements=65536\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "fc.trace");
    const sim::SimConfig cfg =
        sim::loadConfig("", {"dram.preset=ddr4-3200", "dram.organization.channels=2", "memory.model=dram"});
    ASSERT_EQ(cfg.dram.organization.channels, 2u);
    ASSERT_EQ(cfg.dram.organization.ranks, 1u);
    ASSERT_EQ(cfg.dram.controller.pagePolicy, "open");
    ASSERT_EQ(cfg.clock.freqMhz, 1000.0);
    ASSERT_EQ(cfg.clock.pointVoltagesV.back(), 0.75);
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const double mAcycle = 6000e-15;   // J per mA-cycle: 1.2 V x 625 ps x 8 devices
    const double s = (0.75 / 0.8) * (0.75 / 0.8);
    uint64_t ref = 0;
    for (const auto& l : top.result().layers) {
        SCOPED_TRACE(l.name);
        const sim::DramCommandCounts& c = l.dramCommands;
        EXPECT_TRUE(l.energy.hasDma);
        EXPECT_TRUE(l.energy.hasDram);
        EXPECT_GT(c.act, 0u);
        EXPECT_EQ(c.refPb, 0u);   // DDR4: all-bank refresh only
        ref += c.ref;
        const double dynamic = (double(c.act) * 260 + double(c.pre) * 440 + double(c.rd) * 464 +
                                double(c.wr) * 392 + double(c.ref) * 110880) * mAcycle;
        EXPECT_NEAR(l.energy.dramDynamic, dynamic, 1e-12 * dynamic);
        EXPECT_NEAR(l.energy.dramBackground, 0.9984 * l.timeS, 1e-12 * 0.9984 * l.timeS);
        const double dma = double(l.dramReadBytes + l.dramWriteBytes) * 0.452998e-12 * s;
        EXPECT_NEAR(l.energy.dma, dma, 1e-12 * dma);
        EXPECT_NEAR(l.energy.staticJ, 32.37309675e-3 * l.timeS, 1e-12 * 32.37309675e-3 * l.timeS);
        // Both layers move each 64 KiB int8 tensor once (fc: 256 x 256 x 256 fits the buffers whole; res:
        // two inputs, one output): 128 KiB read = 2048 RD bursts of 64 B, 64 KiB written = 1024 WR bursts.
        EXPECT_EQ(l.dramReadBytes, 131072u);
        EXPECT_EQ(l.dramWriteBytes, 65536u);
        EXPECT_EQ(c.rd, 2048u);
        EXPECT_EQ(c.wr, 1024u);
    }
    EXPECT_GT(ref, 0u) << "the two layers take over 10 us, longer than tREFI (7.8 us): REF is charged too";
    EXPECT_TRUE(top.result().dramEnergyNote.empty());
}
