// SPDX-License-Identifier: Apache-2.0
// SystolicArray and VectorUnit under a scripted thread: exact cycles per job, stats add up.
#include <gtest/gtest.h>

#include <systemc>

#include "hw_models/compute/SystolicArray.h"
#include "hw_models/compute/VectorUnit.h"
#include "tests/support/ScriptThread.h"

using namespace sc_core;
using namespace npu::hw;
using npu::workloads::GemmShape;

using Script = npu::test::ScriptThread;

TEST(SystolicArray, JobsTakeTheirFoldCyclesBackToBack) {
    ClockDomain clk("clk", {1.0e9, 0.75});   // 1 ns per cycle
    ArrayConfig cfg;
    cfg.rows = 4;
    cfg.cols = 4;
    cfg.dataflow = Dataflow::OutputStationary;
    SystolicArray array("array", cfg, clk);
    sc_time end1, end2;
    bool busyDuring = false;
    Script s("s", [&] {
        array.run({1, 10, 6, 5});          // 6 folds x (5 + 4 + 4 - 2) = 66 cycles
        end1 = sc_time_stamp();
        array.run({2, 4, 4, 8});           // 2 repeats x 1 fold x (8 + 6) = 28 cycles
        end2 = sc_time_stamp();
    });
    Script probe("probe", [&] {
        wait(10, SC_NS);
        busyDuring = array.busy();
    });
    sc_start();
    EXPECT_EQ(end1, sc_time(66, SC_NS));
    EXPECT_EQ(end2, sc_time(66 + 28, SC_NS));
    EXPECT_TRUE(busyDuring);
    EXPECT_FALSE(array.busy());
    const auto& c = array.stats().counters();
    ASSERT_EQ(c.size(), 4u);
    EXPECT_EQ(c[0].value(), 2u);                         // jobs
    EXPECT_EQ(c[1].value(), 10u * 6 * 5 + 2u * 4 * 4 * 8);  // MACs
    EXPECT_EQ(c[2].value(), 8u);                         // folds
    EXPECT_EQ(c[3].value(), 94u);                        // busy cycles
}

TEST(SystolicArray, WeightStationaryAtHalfGigahertz) {
    ClockDomain clk("clk", {0.5e9, 0.75});   // 2 ns per cycle
    ArrayConfig cfg;
    cfg.rows = 8;
    cfg.cols = 8;
    cfg.dataflow = Dataflow::WeightStationary;
    SystolicArray array("array", cfg, clk);
    sc_time end;
    Script s("s", [&] {
        array.run({1, 8, 8, 8});           // 1 fold x (2*8 + 8 + 8 - 2) = 30 cycles
        end = sc_time_stamp();
    });
    sc_start();
    EXPECT_EQ(end, sc_time(60, SC_NS));
}

TEST(VectorUnit, OpsTakeStartupPlusElementsOverLanes) {
    ClockDomain clk("clk", {1.0e9, 0.75});
    VectorConfig cfg;
    cfg.lanes = 32;
    cfg.startupCycles = 8;
    VectorUnit vec("vec", cfg, clk);
    npu::workloads::VectorOp gn;
    gn.kind = npu::workloads::VectorKind::GroupNorm;   // 3 cycles/element by default
    gn.elements = 1000;
    npu::workloads::VectorOp add;
    add.kind = npu::workloads::VectorKind::Add;         // 1 cycle/element
    add.elements = 64;
    sc_time end1, end2;
    Script s("s", [&] {
        vec.run(gn);                        // 8 + ceil(3000 / 32) = 8 + 94 = 102
        end1 = sc_time_stamp();
        vec.run(add);                       // 8 + 64 / 32 = 10
        end2 = sc_time_stamp();
    });
    sc_start();
    EXPECT_EQ(end1, sc_time(102, SC_NS));
    EXPECT_EQ(end2, sc_time(112, SC_NS));
    EXPECT_EQ(vec.stats().counters()[1].value(), 1064u);   // elements
}
