// SPDX-License-Identifier: Apache-2.0
// ClockDomain under a scripted thread: waits in cycles follow a retune in mid-wait, cycles integrate.
#include <gtest/gtest.h>

#include <systemc>

#include "hw_models/clock/ClockDomain.h"

using namespace sc_core;
using npu::hw::ClockDomain;

namespace {
struct Harness : sc_module {
    ClockDomain& clk;
    sc_time waitEnded;
    double cyclesAtEnd = 0.0;
    SC_HAS_PROCESS(Harness);
    Harness(sc_module_name n, ClockDomain& c) : sc_module(n), clk(c) {
        SC_THREAD(waiter);
        SC_THREAD(governor);
    }
    void waiter() {
        clk.waitCycles(100);
        waitEnded = sc_time_stamp();
        cyclesAtEnd = clk.cycleCount();
    }
    void governor() {
        wait(50, SC_NS);
        clk.retune({0.5e9, 0.7});   // 1 ns -> 2 ns
        wait(60, SC_NS);
        clk.retune({1.0e9, 0.8});   // 2 ns -> 1 ns
    }
};
}  // namespace

TEST(ClockDomain, WaitFollowsRetunesInMidWait) {
    // 100 cycles: 50 at 1 ns (0-50 ns), 30 at 2 ns (50-110 ns), the last 20 at 1 ns: ends at 130 ns.
    ClockDomain clk("clk", {1.0e9, 0.8});
    Harness h("h", clk);
    sc_start();
    EXPECT_EQ(h.waitEnded, sc_time(130, SC_NS));
    EXPECT_DOUBLE_EQ(h.cyclesAtEnd, 100.0);
    EXPECT_EQ(clk.period(), sc_time(1, SC_NS));
    EXPECT_DOUBLE_EQ(clk.operatingPoint().voltageV, 0.8);
}

TEST(ClockDomain, CyclesConvertAtTheCurrentPeriod) {
    ClockDomain clk("clk", {800e6, 0.75});   // 1.25 ns
    EXPECT_EQ(clk.period(), sc_time(1250, SC_PS));
    EXPECT_EQ(clk.cycles(8), sc_time(10, SC_NS));
    sc_start(sc_time(25, SC_NS));
    EXPECT_DOUBLE_EQ(clk.cycleCount(), 20.0);
}
