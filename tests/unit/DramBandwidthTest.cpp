// SPDX-License-Identifier: Apache-2.0
// Throughput of the DRAM engine: a sequential stream reaches >= 90% of peak with open page and the
// presets' row-friendly mapping; a row-conflict stride is as slow as the row cycle says; bytes are conserved.
#include <gtest/gtest.h>

#include <algorithm>

#include "hw_models/dram/DramSystem.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {

/// Cycles from the first arrival to the last data beat.
uint64_t span(const DramSystem& sys) {
    const auto t = sys.stats().total();
    return t.lastFinishCycle - t.firstArriveCycle;
}

}  // namespace

TEST(DramBandwidth, SequentialReadsReachNinetyPercentOfPeak) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        ASSERT_EQ(cfg.controller.pagePolicy, "open");
        DramSystem sys(cfg);
        const size_t n = 200000;
        runSaturated(sys, makeTraffic(sys, Pattern::Sequential, n, 0.0));
        const double achieved = double(n) * sys.burstBytes() / double(span(sys));
        const double peak = cfg.peakBytesPerCycle();
        EXPECT_GE(achieved, 0.90 * peak) << achieved / peak * 100 << "% of peak";
        EXPECT_LE(achieved, peak * 1.0001);
        const auto tot = sys.stats().total();
        EXPECT_GT(tot.counts.rowHits, n * 9 / 10);  // one ACT per row (per bank group) visit
        EXPECT_GT(tot.refreshes + tot.counts.refreshesPerBank, 0u);  // the run is long enough to refresh
        std::printf("[ %-12s ] sequential reads: %.1f%% of peak (%.1f of %.1f GB/s), p99 read latency %llu cycles\n",
                    name.c_str(), achieved / peak * 100, achieved * 1000.0 / cfg.timing.tCK_ps,
                    cfg.peakBandwidthGBps(), (unsigned long long)tot.readLatency.percentileCycles(0.99));
    }
}

TEST(DramBandwidth, SequentialWritesReachNinetyPercentOfPeak) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem sys(cfg);
        const size_t n = 100000;
        runSaturated(sys, makeTraffic(sys, Pattern::Sequential, n, 1.0));
        const double achieved = double(n) * sys.burstBytes() / double(span(sys));
        EXPECT_GE(achieved, 0.90 * cfg.peakBytesPerCycle()) << achieved / cfg.peakBytesPerCycle() * 100 << "% of peak";
    }
}

TEST(DramBandwidth, RowConflictStrideIsSlowerByTheRowCycle) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        const auto& t = cfg.timing;
        const size_t n = 20000;
        DramSystem seq(cfg);
        runSaturated(seq, makeTraffic(seq, Pattern::Sequential, n, 0.0));
        // every request to channel 0 / bank 0, a new row each time: one ACT-RD-PRE row cycle per burst
        DramSystem conf(cfg);
        std::vector<Request> reqs;
        for (size_t i = 0; i < n; ++i)
            reqs.push_back(at(conf, i, 0, coord(0, 0, 0, 0, uint32_t(i % cfg.organization.rows), 0)));
        runSaturated(conf, reqs);
        const uint64_t rowCycle = std::max<uint64_t>(t.tRC, std::max(t.tRAS, t.tRCD + t.tRTP) + t.tRPpb);
        // lower bound on the conflict stream (refresh only adds), upper bound on the sequential one (90% of peak)
        EXPECT_GE(span(conf), uint64_t(n - 1) * rowCycle);
        const double seqBound = double(n) * t.tBURST / cfg.organization.channels / 0.90;
        EXPECT_LE(double(span(seq)), seqBound);
        const double slowdown = double(span(conf)) / double(span(seq));
        const double derived = 0.90 * double(rowCycle) * cfg.organization.channels / t.tBURST;
        EXPECT_GE(slowdown, derived);
        EXPECT_GE(slowdown, 3.0);  // "several times" for every preset
        EXPECT_EQ(conf.stats().total().counts.rowHits, 0u);
        std::printf("[ %-12s ] conflict stride %.1fx slower than sequential (row cycle %llu, tBURST %u)\n",
                    name.c_str(), slowdown, (unsigned long long)rowCycle, t.tBURST);
    }
}

TEST(DramBandwidth, BytesAreConserved) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem sys(cfg);
        const size_t n = 30000;
        const auto reqs = makeTraffic(sys, Pattern::Random, n, 0.35, 5);
        uint64_t readBytes = 0, writeBytes = 0;
        for (const auto& r : reqs) (r.write ? writeBytes : readBytes) += sys.burstBytes();
        const auto finish = runSaturated(sys, reqs);
        for (size_t i = 0; i < n; ++i) ASSERT_LT(finish[i], UINT64_MAX - 1) << "request " << i << " lost or doubled";
        const auto tot = sys.stats().total();
        EXPECT_EQ(tot.bytesRead, readBytes);
        EXPECT_EQ(tot.bytesWritten, writeBytes);
        EXPECT_EQ(tot.dataBusBusyCycles, n * cfg.timing.tBURST);
        uint64_t perBank = 0, perChannel = 0;
        for (const auto& ch : sys.stats().channels) {
            perChannel += ch.requests();
            for (const auto& b : ch.banks) perBank += b.reads + b.writes;
        }
        EXPECT_EQ(perChannel, n);
        EXPECT_EQ(perBank, n);
        EXPECT_EQ(tot.readLatency.count() + tot.writeLatency.count(), n);
        EXPECT_GE(tot.readLatency.percentileCycles(0.99), uint64_t(tot.readLatency.meanCycles()));
        EXPECT_GE(tot.readLatency.minCycles(), cfg.timing.RL + cfg.timing.tBURST);
        EXPECT_EQ(sys.queuedRequests(), 0u);
    }
}

TEST(DramBandwidth, LatencyHistogramPercentiles) {
    LatencyHistogram h;
    for (uint64_t v = 1; v <= 100; ++v) h.add(v);
    EXPECT_EQ(h.percentileCycles(0.99), 99u);
    EXPECT_EQ(h.percentileCycles(0.5), 50u);
    EXPECT_DOUBLE_EQ(h.meanCycles(), 50.5);
    h.add(100000);
    EXPECT_EQ(h.maxCycles(), 100000u);
    EXPECT_EQ(h.percentileCycles(1.0), 100000u);
    const uint64_t p = LatencyHistogram().percentileCycles(0.5);
    EXPECT_EQ(p, 0u);
}
