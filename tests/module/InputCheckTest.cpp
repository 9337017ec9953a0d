// SPDX-License-Identifier: Apache-2.0
// Bad input that depends on the configuration is found when NpuTop is built, before the simulation, naming
// the trace line: DFS hints, shared weights, SRAM too small for a tile, compute beyond SystemC's time range.
// What only the simulation shows (time beyond the range after DFS transitions or memory stalls) stops it
// with an InputError the caller of sc_start gets (NpuTop::rethrowInputError), not an internal error.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "hw_models/clock/ClockDomain.h"
#include "sim/top/NpuTop.h"
#include "tests/support/ErrorOf.h"
#include "tests/support/ScriptThread.h"
#include "workloads/Trace.h"

using namespace sc_core;
using namespace npu;
using npu::test::errorOf;

namespace {
workloads::Workload trace(const std::string& text) {
    std::istringstream in(text);
    return workloads::readNativeTrace(in, "t.trace");
}
sim::SimConfig ideal() {
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Ideal;
    return cfg;
}
const std::string kRange = "simulated time would pass the end of SystemC's time range, 18446.744 s (2^64 steps of 1 fs)";
}  // namespace

TEST(InputCheck, DfsHintsAreOperatingPoints) {
    const workloads::Workload w = trace("matmul name=a m=4 n=4 k=4\nadd name=b elements=4 freq_mhz=123\n");
    sim::SimConfig cfg = ideal();
    cfg.dfs.policy = "per_layer";
    EXPECT_EQ(errorOf([&] { sim::NpuTop("npu", cfg, w); }),
              "t.trace:2: field 'freq_mhz': 123 MHz is not in clock.point_freqs_mhz (400, 600, 800, 1000)");
}

TEST(InputCheck, SharedWeightsAreNarrowerThanTheirDtype) {
    const workloads::Workload w = trace("matmul name=a m=4 n=4 k=4\nmatmul name=b m=4 n=4 k=4 dtype=int4\n");
    sim::SimConfig cfg = ideal();
    cfg.compression.sharingBits = 4;
    EXPECT_EQ(errorOf([&] { sim::NpuTop("npu", cfg, w); }),
              "t.trace:2: field 'dtype': int4 has 4 bits, not more than compression.weight_sharing_bits (4): sharing "
              "would grow the weights");
}

TEST(InputCheck, EveryGemmHasATileThatFitsTheSram) {
    const workloads::Workload w = trace("add name=a elements=4\nconv2d name=c h=64 w=64 c_in=1024 c_out=4 kernel=64\n");
    sim::SimConfig cfg;
    cfg.sram.inputKib = cfg.sram.weightKib = cfg.sram.outputKib = 1;
    EXPECT_EQ(errorOf([&] { sim::NpuTop("npu", cfg, w); }),
              "t.trace:2: layer 'c': no tile fits half of the SRAM buffers (A 512, B 512, C 512 bytes); the smallest "
              "tile 1x4x4096 needs A 4096, B 16384, C 4 bytes");
}

TEST(InputCheck, ComputeBeyondTheTimeRangeIsFoundUpFront) {
    sc_set_time_resolution(1, SC_FS);   // as npusim
    // 3.5e13 elements at 1 lane: 35,000 s at 1 GHz (the fastest point), by the first layer already.
    const workloads::Workload w =
        trace("copy name=a elements=35000000000000\ncopy name=b elements=35000000000000\n");
    sim::SimConfig cfg = ideal();
    cfg.vector.lanes = 1;
    EXPECT_EQ(errorOf([&] { sim::NpuTop("npu", cfg, w); }),
              "t.trace:1: layer 'a': " + kRange +
                  ", by this layer: the compute up to here takes 35000.000 s even at the fastest operating point "
                  "(1000 MHz)");
}

TEST(InputCheck, TimeBeyondTheRangeFoundWhileRunningStopsTheSimulation) {
    sc_set_time_resolution(1, SC_FS);
    // 18,446 s of compute at 1 GHz fit; the 1 s DFS transition to layer b's 400 MHz does not.
    const workloads::Workload w =
        trace("copy name=a elements=18446000000000 freq_mhz=1000\nadd name=b elements=4 freq_mhz=400\n");
    sim::SimConfig cfg = ideal();
    cfg.vector.lanes = 1;
    cfg.dfs.policy = "per_layer";
    cfg.dfs.transitionUs = 1e6;
    sim::NpuTop top("npu", cfg, w);
    sc_start();
    EXPECT_EQ(top.result().layers.size(), 1u);   // stopped in layer b
    EXPECT_EQ(errorOf([&] { top.rethrowInputError(); }), "t.trace:2: layer 'b': " + kRange);
}

TEST(InputCheck, ClockWaitsNeverPassTheEndOfTheTimeRange) {
    sc_set_time_resolution(1, SC_FS);
    hw::ClockDomain clk("clk", {1.0e9, 0.75});
    std::string error;
    uint64_t first = 0, second = 0;
    npu::test::ScriptThread runner("r", [&] {
        clk.waitCycles(9.3e12);   // 9,300 s in one wait: past 2^63 fs, where sc_time's own product wraps
        first = sc_time_stamp().value();
        clk.waitCycles(9e12);     // 18,300 s
        second = sc_time_stamp().value();
        error = errorOf([&] { clk.waitCycles(2e11); });   // 18,500 s
    });
    sc_start();
    EXPECT_EQ(first, 9'300'000'000'000'000'000u);
    EXPECT_EQ(second, 18'300'000'000'000'000'000u);
    EXPECT_EQ(error, kRange);
}
