// SPDX-License-Identifier: Apache-2.0
// Engine speed, measured by hand (not a timed assertion):
//   build-perf/unit_tests --gtest_also_run_disabled_tests --gtest_filter='DramPerf.*'
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {

struct SplitMix64 {  // cheap generator: measure the engine, not the random numbers
    uint64_t s;
    uint64_t operator()() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
};

// A saturating source generating addresses on the fly (no request vector), as a trace replayer would:
// each request is offered as soon as its channel's queue has room.
template <class AddrFn>
double requestsPerSecond(const DramConfig& cfg, uint64_t n, double writeFraction, AddrFn addrOf, const char* label) {
    DramSystem sys(cfg);
    SplitMix64 rng{42};
    const uint64_t writeThreshold = uint64_t(writeFraction * 18446744073709551615.0);
    uint64_t completed = 0, latencySum = 0;
    auto collect = [&] {
        sys.forEachCompletion([&](const Completion& c) {
            ++completed;
            latencySum += c.finishCycle - c.arriveCycle;
        });
    };
    const auto start = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < n; ++i) {
        Request r{addrOf(i, rng), writeFraction > 0 && rng() < writeThreshold, sys.currentCycle(), i};
        while (!sys.trySend(r)) {
            sys.advanceTo(sys.nextEvent());
            r.arriveCycle = sys.currentCycle();
            collect();
        }
    }
    sys.drain();
    collect();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto tot = sys.stats().total();
    EXPECT_EQ(completed, n);
    const double commands = double(tot.counts.activates + tot.counts.precharges + tot.prechargeAlls + tot.counts.reads +
                                   tot.counts.writes + tot.refreshes + tot.counts.refreshesPerBank);
    std::printf("[ %-28s ] %llu requests in %.2f s: %.2f M requests/s (%.1f M commands/s); %.1f GB/s simulated "
                "(%.0f%% of peak), mean latency %.0f cycles\n",
                label, (unsigned long long)n, seconds, double(n) / seconds / 1e6, commands / seconds / 1e6,
                tot.achievedBytesPerCycle() * 1000.0 / cfg.timing.tCK_ps,
                100.0 * tot.achievedBytesPerCycle() / cfg.peakBytesPerCycle(), double(latencySum) / double(n));
    return double(n) / seconds;
}

// Random addresses offered at a fixed fraction of peak bandwidth (arrivals spaced evenly), driven the
// way a trace replayer or a TLM wrapper would: simulate up to each arrival, then send.
double requestsPerSecondAtLoad(const DramConfig& cfg, uint64_t n, double load, double writeFraction, const char* label) {
    DramSystem sys(cfg);
    SplitMix64 rng{7};
    const uint64_t burst = cfg.organization.burstBytes(), bursts = cfg.organization.capacityBytes() / burst;
    const double interval = double(burst) / (load * cfg.peakBytesPerCycle());
    const uint64_t writeThreshold = uint64_t(writeFraction * 18446744073709551615.0);
    uint64_t completed = 0;
    uint64_t i = 0;
    const auto start = std::chrono::steady_clock::now();
    feedInOrder(
        sys,
        [&](Request& r) {
            if (i == n) return false;
            r = Request{(rng() % bursts) * burst, rng() < writeThreshold, uint64_t(double(i) * interval), i};
            ++i;
            return true;
        },
        [&](const Completion&) { ++completed; });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(completed, n);
    const auto tot = sys.stats().total();
    std::printf("[ %-28s ] %llu requests in %.2f s: %.2f M requests/s; mean read latency %.0f cycles\n", label,
                (unsigned long long)n, seconds, double(n) / seconds / 1e6, tot.readLatency.meanCycles());
    return double(n) / seconds;
}

// A saturating DMA-like source: `total` bytes in runs of `runBytes` (reads, or writes every `writeEvery`-th
// run), each run split into multi-burst requests by AddressMapper::forEachRowRun and offered in order.
double burstsPerSecondStreaming(const DramConfig& cfg, uint64_t total, uint64_t runBytes, uint32_t writeEvery,
                                const char* label, bool fastPaths = true) {
    DramSystem sys(cfg);
    sys.setFastPaths(fastPaths);
    uint64_t requests = 0, completedBursts = 0;
    auto collect = [&] { sys.forEachCompletion([&](const Completion& c) { completedBursts += c.bursts; }); };
    const auto start = std::chrono::steady_clock::now();
    uint64_t run = 0;
    for (uint64_t base = 0; base < total; base += runBytes, ++run) {
        const bool write = writeEvery != 0 && run % writeEvery == writeEvery - 1;
        sys.mapper().forEachRowRun(base, runBytes, [&](uint64_t addr, uint32_t bursts) {
            const Request r{addr, write, sys.currentCycle(), requests++, bursts};
            while (!sys.trySend(r)) {
                sys.advanceUntilCanAccept(addr, write);
                collect();
            }
        });
    }
    sys.drain();
    collect();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const auto tot = sys.stats().total();
    const uint64_t bursts = total / cfg.organization.burstBytes();
    EXPECT_EQ(completedBursts, bursts);
    EXPECT_EQ(tot.requests(), bursts);
    std::printf("[ %-34s ] %llu bursts (%llu requests) in %.2f s: %.1f M bursts/s; %.1f GB/s simulated (%.1f%% of peak)\n",
                label, (unsigned long long)bursts, (unsigned long long)requests, seconds, double(bursts) / seconds / 1e6,
                tot.achievedBytesPerCycle() * 1000.0 / cfg.timing.tCK_ps,
                100.0 * tot.achievedBytesPerCycle() / cfg.peakBytesPerCycle());
    return double(bursts) / seconds;
}

}  // namespace

TEST(DramPerf, DISABLED_StreamingMultiBurst) {
    // 320 M bursts of 32 B (10 GiB) per case for LPDDR5X, in 512 KiB runs (the UNet's large tile transfers)
    const DramConfig x = lpddr5x_8533();
    burstsPerSecondStreaming(x, uint64_t(10) << 30, 512 << 10, 0, "lpddr5x-8533 stream rd 512K runs");
    burstsPerSecondStreaming(x, uint64_t(10) << 30, 512 << 10, 3, "lpddr5x-8533 stream 1/3 wr 512K runs");
    burstsPerSecondStreaming(x, uint64_t(1) << 30, 2 << 10, 0, "lpddr5x-8533 stream rd 2K runs");
    burstsPerSecondStreaming(x, uint64_t(1) << 30, 256, 0, "lpddr5x-8533 stream rd 256 B runs");
    burstsPerSecondStreaming(x, uint64_t(1) << 30, 512 << 10, 0, "lpddr5x-8533 rd 512K, fast paths off", false);
    const DramConfig d = ddr4_3200();
    burstsPerSecondStreaming(d, uint64_t(10) << 30, 512 << 10, 0, "ddr4-3200 stream rd 512K runs");
    const DramConfig h = hbm2();
    burstsPerSecondStreaming(h, uint64_t(10) << 30, 512 << 10, 0, "hbm2 stream rd 512K runs");
}

TEST(DramPerf, DISABLED_TenMillionRequests) {
    const uint64_t n = 10'000'000;
    for (const auto& [name, cfg] : allPresets()) {
        if (name != "lpddr5x-8533" && name != "ddr4-3200") continue;
        const uint64_t burst = cfg.organization.burstBytes();
        const uint64_t bursts = cfg.organization.capacityBytes() / burst;
        requestsPerSecond(cfg, n, 0.0, [&](uint64_t i, SplitMix64&) { return (i % bursts) * burst; },
                          (name + " sequential rd").c_str());
        requestsPerSecond(cfg, n, 0.3, [&](uint64_t, SplitMix64& rng) { return (rng() % bursts) * burst; },
                          (name + " random 30% wr").c_str());
        requestsPerSecondAtLoad(cfg, n, 0.25, 0.3, (name + " random at 25% load").c_str());
    }
}
