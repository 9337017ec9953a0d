// SPDX-License-Identifier: Apache-2.0
// Energy in the reports: one GEMM on a small array with a toy table, worked out by hand to the last digit;
// components add up to the total; dynamic energy scales with (V/Vnom)^2 and static power with V/Vnom.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

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
    EXPECT_DOUBLE_EQ(l.energyJ, l.energy.mac + l.energy.arrayMovement + l.energy.sram + l.energy.staticJ);
    EXPECT_DOUBLE_EQ(l.avgPowerW, l.energyJ / l.timeS);
}

TEST(EnergyAccounting, MemoryPathComponentsAddUpWithDramCurrents) {
    std::istringstream in("matmul name=fc m=256 n=256 k=256 b=weight\nadd name=res elements=65536\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "fc.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Dram;
    cfg.dram.power = {100, 30, 40, 300, 250, 200, 1.1};   // currents given: DRAM energy is charged
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    for (const auto& l : top.result().layers) {
        EXPECT_TRUE(l.energy.hasDma) << l.name;
        EXPECT_TRUE(l.energy.hasDram) << l.name;
        EXPECT_GT(l.energy.dramDynamic, 0.0) << l.name;
        EXPECT_GT(l.energy.dma, 0.0) << l.name;
        EXPECT_DOUBLE_EQ(l.energyJ, l.energy.total()) << l.name;
        EXPECT_GT(l.dramCommands.rd, 0u) << l.name;
    }
    EXPECT_TRUE(top.result().dramEnergyNote.empty());
}
