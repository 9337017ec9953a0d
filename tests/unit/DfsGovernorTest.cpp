// SPDX-License-Identifier: Apache-2.0
// The DFS governor's policies with a synthetic predictor whose numbers are known.
#include <gtest/gtest.h>

#include "hw_models/clock/DfsGovernor.h"
#include "tests/support/ErrorOf.h"

using namespace npu::hw;
using npu::test::errorOf;

namespace {
std::vector<OperatingPoint> points() { return {{400e6, 0.7}, {600e6, 0.7}, {800e6, 0.75}, {1000e6, 0.8}}; }
npu::workloads::Layer layer(const std::string& name) {
    npu::workloads::Layer l;
    l.name = name;
    l.op = npu::workloads::VectorOp{};
    return l;
}
/// 1e9 cycles of work and energy = 1 J + 0.2 J per GHz^2 of frequency: power = E / (1e9 / f).
DfsPrediction predict(const npu::workloads::Layer&, const OperatingPoint& p) {
    const double ghz = p.freqHz / 1e9;
    return {1e9 / p.freqHz, 1.0 + 0.2 * ghz * ghz};
}
}  // namespace

TEST(DfsGovernor, PowerCapPicksTheHighestPointWithinTheCap) {
    // Predicted power E / t at 400/600/800/1000 MHz: (1 + 0.2 f^2) x f = 0.4128, 0.6432, 0.9024, 1.2 W.
    // The boundary: a point exactly at the cap fits (0.6432), one just above does not (0.6431 -> 400 MHz).
    for (const auto& [cap, want] : std::vector<std::pair<double, double>>{
             {0.7, 600e6}, {0.95, 800e6}, {0.9, 600e6}, {2.0, 1000e6}, {0.6432, 600e6}, {0.6431, 400e6}}) {
        DfsGovernor g(points(), DfsGovernor::Policy::PowerCap, 3, {}, cap, false, predict);
        bool over = true;
        const OperatingPoint& p = g.pointFor(layer("x"), &over);
        EXPECT_EQ(p.freqHz, want) << "cap " << cap;
        EXPECT_FALSE(over);
        EXPECT_LE(predict(layer("x"), p).powerW(), cap);   // never above the cap
    }
}

TEST(DfsGovernor, PowerCapFallsBackToTheLowestPointWhenNoneFits) {
    DfsGovernor g(points(), DfsGovernor::Policy::PowerCap, 3, {}, 0.1, false, predict);
    bool over = false;
    EXPECT_EQ(g.pointFor(layer("x"), &over).freqHz, 400e6);
    EXPECT_TRUE(over);
}

TEST(DfsGovernor, MinEnergyAndMinEdp) {
    // Energy grows with f (0.2 J/GHz^2), so min energy picks 400 MHz; EDP = E x 1/f is least at
    // f = sqrt(1/0.2) GHz = 2.24 GHz, beyond the table: 1000 MHz.
    DfsGovernor e(points(), DfsGovernor::Policy::MinEnergy, 3, {}, 0.0, false, predict);
    EXPECT_EQ(e.pointFor(layer("x")).freqHz, 400e6);
    DfsGovernor edp(points(), DfsGovernor::Policy::MinEnergy, 3, {}, 0.0, true, predict);
    EXPECT_EQ(edp.pointFor(layer("x")).freqHz, 1000e6);
}

TEST(DfsGovernor, PerLayerHintOutsideTheTableIsAnInputError) {
    DfsGovernor g(points(), DfsGovernor::Policy::PerLayer, 3, {{"*", 700}});
    npu::workloads::Layer l = layer("x");
    EXPECT_EQ(errorOf([&] { g.pointFor(l); }).rfind("dfs rule '*': 700", 0), 0u);
    l.hints.freqMhz = 600;
    EXPECT_EQ(g.pointFor(l).freqHz, 600e6);
}
