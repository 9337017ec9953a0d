// SPDX-License-Identifier: Apache-2.0
// The whole NPU on a small workload with ideal memory: per-layer cycles add up to the run's,
// MACs equal the workload's, and each layer takes exactly its unit's cycles (no stalls).
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "hw_models/compute/DataflowTiming.h"
#include "hw_models/compute/VectorUnit.h"
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
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::RunResult& r = top.result();
    ASSERT_EQ(r.layers.size(), 5u);
    uint64_t cycles = 0, macs = 0;
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const sim::LayerResult& l = r.layers[i];
        const workloads::Layer& layer = w.layers[i];
        const uint64_t expect = layer.isVector() ? hw::vectorCycles(cfg.vector, layer.vector())
                                                 : hw::gemmTiming(cfg.array, workloads::lowerToGemm(layer)).cycles;
        EXPECT_EQ(l.cycles, expect) << l.name;
        EXPECT_EQ(l.computeCycles, expect) << l.name;
        EXPECT_EQ(l.stallCycles, 0u) << l.name;
        EXPECT_EQ(l.macs, workloads::layerMacs(layer)) << l.name;
        EXPECT_DOUBLE_EQ(l.timeS, double(expect) * 2e-9) << l.name;
        cycles += l.cycles;
        macs += l.macs;
    }
    EXPECT_EQ(r.cycles, cycles);
    EXPECT_DOUBLE_EQ(r.timeS, double(cycles) * 2e-9);
    EXPECT_EQ(macs, 2u * 144 * 24 * 72 + 20u * 40 * 24 + 4u * 16 * 16 * 8);
    // c1: m = 288 -> 36 row folds of 8, n = 24 -> 2 col folds of 16, k = 72: 72 x (72 + 8 + 16 - 2).
    EXPECT_EQ(r.layers[0].cycles, 72u * 94u);
}
