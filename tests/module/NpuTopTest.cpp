// SPDX-License-Identifier: Apache-2.0
// The whole NPU on a small workload with ideal memory: each layer takes exactly its unit's cycles,
// worked out by hand from the timing equations of docs/modeling.md (no stalls), per-layer cycles add up
// to the run's, and MACs equal the workload's.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "sim/top/NpuTop.h"
#include "workloads/Trace.h"

using namespace npu;

TEST(NpuTop, IdealMemoryRunAddsUp) {
    std::istringstream in(
        "conv2d name=c1 batch=2 h=12 w=12 c_in=8 c_out=24 kernel=3 padding=1\n"
        "silu name=a1 elements=6912\n"
        "matmul name=fc batch=1 m=20 n=40 k=24 b=weight\n"
        "matmul name=qk batch=4 m=16 n=16 k=8 b=activation\n"
        "softmax name=sm elements=1024\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "small.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;   // compute-only: hand-worked cycles
    cfg.array.rows = 8;
    cfg.array.cols = 16;
    cfg.clock.freqMhz = 500.0;
    cfg.clock.pointFreqsMhz = {500.0};
    cfg.clock.pointVoltagesV = {0.7};
    ASSERT_EQ(cfg.array.dataflow, hw::Dataflow::OutputStationary);
    ASSERT_EQ(cfg.vector.lanes, 128u);
    ASSERT_EQ(cfg.vector.startupCycles, 16u);
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::RunResult& r = top.result();
    ASSERT_EQ(r.layers.size(), 5u);
    // os on 8 x 16: folds = repeats x ceil(m / 8) x ceil(n / 16), each T + R + C - 2 = k + 22 cycles.
    // Vector unit: 16 + ceil(elements x cycles_per_element / 128 lanes).
    struct Want {
        const char* name;
        uint64_t cycles, macs;
    };
    const Want want[] = {
        // c1: im2col m = 2 x 12 x 12 = 288 -> 36 row folds, n = 24 -> 2 col folds, k = 3 x 3 x 8 = 72:
        //     72 x (72 + 8 + 16 - 2) = 72 x 94; MACs 288 x 24 x 72.
        {"c1", 72u * 94, 2u * 144 * 24 * 72},
        // a1: silu 2 cycles per element: 16 + 6912 x 2 / 128 = 16 + 108.
        {"a1", 124, 0},
        // fc: m = 20 -> 3 row folds, n = 40 -> 3 col folds, k = 24: 9 x (24 + 8 + 16 - 2) = 9 x 46.
        {"fc", 414, 20u * 40 * 24},
        // qk: 4 repeats, m = 16 -> 2 row folds, n = 16 -> 1 col fold, k = 8: 8 x (8 + 22) = 240.
        {"qk", 240, 4u * 16 * 16 * 8},
        // sm: softmax 4 cycles per element: 16 + 1024 x 4 / 128 = 16 + 32.
        {"sm", 48, 0},
    };
    uint64_t cycles = 0;
    for (size_t i = 0; i < 5; ++i) {
        const sim::LayerResult& l = r.layers[i];
        SCOPED_TRACE(want[i].name);
        EXPECT_EQ(l.name, want[i].name);
        EXPECT_EQ(l.cycles, want[i].cycles);
        EXPECT_EQ(l.computeCycles, want[i].cycles);
        EXPECT_EQ(l.stallCycles, 0u);
        EXPECT_EQ(l.macs, want[i].macs);
        EXPECT_DOUBLE_EQ(l.timeS, double(want[i].cycles) * 2e-9);   // 500 MHz: 2 ns per cycle
        cycles += want[i].cycles;
    }
    // 6768 + 124 + 414 + 240 + 48 = 7594 cycles.
    EXPECT_EQ(cycles, 7594u);
    EXPECT_EQ(r.cycles, 7594u);
    EXPECT_DOUBLE_EQ(r.timeS, 7594 * 2e-9);
}

TEST(NpuTop, UtilizationIsTheFractionOfThePeakAtTheLayersDtype) {
    // One 8 x 16 x 64 GEMM filling an 8 x 16 os array in one fold, three ways (three NPUs in one simulation):
    // int4 packs 2 MACs per PE per cycle, fp16 takes 2 cycles per MAC, and int8 with half the weights zero
    // and zero-skip performs half the MACs. steady = ceil(64 x density / rate), cycles = steady + 8 + 16 - 2.
    std::istringstream a("matmul name=g m=8 n=16 k=64 b=weight dtype=int4\n");
    std::istringstream b("matmul name=g m=8 n=16 k=64 b=weight dtype=fp16\n");
    std::istringstream c("matmul name=g m=8 n=16 k=64 b=weight weight_density=0.5\n");
    const workloads::Workload wa = workloads::readNativeTrace(a, "a.trace");
    const workloads::Workload wb = workloads::readNativeTrace(b, "b.trace");
    const workloads::Workload wc = workloads::readNativeTrace(c, "c.trace");
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;
    cfg.array.rows = 8;
    cfg.array.cols = 16;
    cfg.array.zeroSkip = true;
    sim::NpuTop ta("npu_a", cfg, wa), tb("npu_b", cfg, wb), tc("npu_c", cfg, wc);
    sc_core::sc_start();
    const sim::LayerResult& la = ta.result().layers.at(0);
    const sim::LayerResult& lb = tb.result().layers.at(0);
    const sim::LayerResult& lc = tc.result().layers.at(0);
    EXPECT_EQ(la.cycles, 32u + 22);    // int4: 64 / 2
    EXPECT_EQ(lb.cycles, 128u + 22);   // fp16: 64 / 0.5
    EXPECT_EQ(lc.cycles, 32u + 22);    // int8, density 0.5: 32 / 1
    for (const sim::LayerResult* l : {&la, &lb, &lc}) EXPECT_EQ(l->macs, 8u * 16 * 64);
    EXPECT_DOUBLE_EQ(la.utilization, 8192.0 / (128 * 2.0 * 54));          // 0.593 (MACs / PE-cycles: 1.19)
    EXPECT_DOUBLE_EQ(lb.utilization, 8192.0 / (128 * 0.5 * 150));         // 0.853
    EXPECT_DOUBLE_EQ(lc.utilization, 8192.0 * 0.5 / (128 * 1.0 * 54));   // 0.593
}
