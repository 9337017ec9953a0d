// SPDX-License-Identifier: Apache-2.0
// Multi-burst requests and trains: row-run splitting, exact completion times worked out from the timing
// parameters, statistics per burst, equivalence with the same traffic as single-burst requests, and the
// fast paths (incremental FR-FCFS, closed-form trains) giving exactly the full scan's results.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>
#include <tuple>

#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {


uint64_t totalBursts(const std::vector<Request>& reqs) {
    uint64_t n = 0;
    for (const Request& r : reqs) n += r.bursts;
    return n;
}

}  // namespace

TEST(DramMultiBurst, ForEachRowRunCoversEveryBurstOnce) {
    std::mt19937_64 rng(3);
    for (const auto& [name, preset] : allPresets()) {
        for (const char* mapping : {"RoRaBaCoBgCh", "row_locality", "RoCoRaBaBgCh", "ChRaBgBaRoCo"}) {
            for (bool xorHash : {false, true}) {
                DramConfig cfg = preset;
                cfg.controller.mapping = mapping;
                cfg.controller.xorBankHash = xorHash;
                SCOPED_TRACE(name + " " + mapping + (xorHash ? " xor" : ""));
                DramSystem sys(cfg);
                const AddressMapper& mp = sys.mapper();
                const uint64_t burst = sys.burstBytes(), rowBursts = cfg.organization.burstsPerRow();
                for (int trial = 0; trial < 40; ++trial) {
                    // (short ranges too: up to a burst per channel and bank group, each burst its own run)
                    const uint64_t base = rng() % (uint64_t(1) << 24),
                                   bytes = 1 + rng() % (trial < 10 ? 256 : trial < 20 ? 4096 : 1 << 20);
                    std::set<uint64_t> seen;
                    uint64_t lastFirst = 0;
                    bool firstRun = true;
                    mp.forEachRowRun(base, bytes, [&](uint64_t first, uint32_t n) {
                        ASSERT_GE(n, 1u);
                        if (!firstRun) {
                            ASSERT_GT(first, lastFirst) << "runs in order of their first burst";
                        }
                        firstRun = false;
                        lastFirst = first;
                        const DramAddress a = mp.decode(first);
                        ASSERT_LE(a.column + uint64_t(n), rowBursts) << "a run stays in one row";
                        for (uint32_t i = 0; i < n; ++i) {  // consecutive columns of one bank row
                            DramAddress c = a;
                            c.column = a.column + i;
                            const uint64_t addr = mp.encode(c);
                            ASSERT_TRUE(seen.insert(addr).second) << "burst in two runs";
                            ASSERT_GE(addr + burst, base + 1);
                            ASSERT_LT(addr, base + bytes);
                        }
                        // maximal: the neighbouring columns of the same row are outside the range
                        for (int64_t c : {int64_t(a.column) - 1, int64_t(a.column) + n}) {
                            if (c < 0 || c >= int64_t(rowBursts)) continue;
                            DramAddress x = a;
                            x.column = uint32_t(c);
                            const uint64_t addr = mp.encode(x);
                            ASSERT_FALSE(addr + burst > base && addr < base + bytes) << "run not maximal";
                        }
                    });
                    ASSERT_EQ(seen.size(), (base + bytes - 1) / burst - base / burst + 1) << "every burst covered";
                }
            }
        }
    }
}

TEST(DramMultiBurst, RejectsRequestsLeavingTheRow) {
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    DramSystem sys(cfg);
    const uint32_t rowBursts = cfg.organization.burstsPerRow();
    EXPECT_THROW(sys.trySend(at(sys, 0, 0, coord(0, 0, 0, 0, 1, 0), false, 0)), std::invalid_argument);
    EXPECT_THROW(sys.trySend(at(sys, 0, 0, coord(0, 0, 0, 0, 1, 1), false, rowBursts)), std::invalid_argument);
    EXPECT_TRUE(sys.trySend(at(sys, 0, 0, coord(0, 0, 0, 0, 1, 0), false, rowBursts)));
    EXPECT_EQ(sys.queuedRequests(), 1u);
}

// 8 bursts in one row of a closed bank: ACT @0, the first RD @tRCD, then one RD every
// s = max(tCCD_L, tBURST) (same bank group; the data bus needs tBURST); finish = tRCD + 7 s + RL + tBURST.
// Where tCCD_L = tBURST (HBM2) that is tRCD + RL + 8 x tBURST.
TEST(DramMultiBurst, EightBurstsInOneRowExactTimes) {
    for (const auto& [name, preset] : allPresets()) {
        SCOPED_TRACE(name);
        const DramConfig cfg = noRefresh(preset);
        const auto& t = cfg.timing;
        const uint64_t s = std::max(t.tCCD_L, t.tBURST);
        for (bool write : {false, true}) {
            DramSystem sys(cfg);
            CommandLog log;
            sys.setObserver(&log);
            const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 9, 3), write, 8)});
            const uint64_t lat = (write ? t.WL : t.RL) + t.tBURST;
            EXPECT_EQ(done[0], t.tRCD + 7 * s + lat);
            const DramCommandType cas = write ? DramCommandType::Wr : DramCommandType::Rd;
            for (uint32_t i = 0; i < 8; ++i) {
                EXPECT_EQ(log.cycleOf(cas, i), t.tRCD + i * s) << "burst " << i;
                EXPECT_EQ(log.cmds[1 + i].column, 3 + i) << "burst " << i;  // consecutive columns
            }
            const auto tot = sys.stats().total();
            EXPECT_EQ(write ? tot.counts.writes : tot.counts.reads, 8u);
            EXPECT_EQ(write ? tot.bytesWritten : tot.bytesRead, 8u * sys.burstBytes());
            EXPECT_EQ(tot.counts.rowMisses, 1u);  // the first burst (its ACT)
            EXPECT_EQ(tot.counts.rowHits, 7u);    // every later burst finds its row open
            EXPECT_EQ(tot.completedRequests, 1u);
            const LatencyHistogram& h = write ? tot.writeLatency : tot.readLatency;
            EXPECT_EQ(h.count(), 8u);  // latency per burst: arrival -> that burst's finish
            EXPECT_EQ(h.minCycles(), t.tRCD + lat);
            EXPECT_EQ(h.maxCycles(), t.tRCD + 7 * s + lat);
        }
        // the same request to an already open row, long after: x + 7 s + RL + tBURST, all 8 bursts hits
        DramSystem sys(cfg);
        const uint64_t x = 1000;
        const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 9, 0)), at(sys, 1, x, coord(0, 0, 0, 0, 9, 8), false, 8)});
        EXPECT_EQ(done[1], x + 7 * s + t.RL + t.tBURST);
        EXPECT_EQ(sys.stats().total().counts.rowHits, 8u);
    }
}

// Two 8-burst requests in open rows of two bank groups of one rank, A older. With s = max(tCCD_S, tBURST):
// if tCCD_L > s, FR-FCFS alternates A, B, A, B every s cycles (A waits tCCD_L = 2 s for its next column);
// if tCCD_L <= s (HBM2), A's next column is ready as soon as B's, and A, being older, goes first all 8 times.
TEST(DramMultiBurst, TwoBankGroupsInterleaveAtTccdS) {
    for (const auto& [name, preset] : allPresets()) {
        if (preset.organization.bankGroups < 2) continue;
        SCOPED_TRACE(name);
        const DramConfig cfg = noRefresh(preset);
        const auto& t = cfg.timing;
        const uint64_t s = std::max(t.tCCD_S, t.tBURST);
        ASSERT_LE(t.tCCD_L, 2 * s);
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        const uint64_t x = 1000;  // both rows opened long before
        const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 1, 5, 0)), at(sys, 1, 0, coord(0, 0, 1, 2, 6, 0)),
                                         at(sys, 2, x, coord(0, 0, 0, 1, 5, 2), false, 8),
                                         at(sys, 3, x, coord(0, 0, 1, 2, 6, 4), false, 8)});
        std::vector<std::pair<uint64_t, uint32_t>> reads;  // (cycle, bank group) of the trains' RDs
        for (const DramCommand& c : log.cmds)
            if (c.type == DramCommandType::Rd && c.cycle >= x) reads.push_back({c.cycle, c.bankGroup});
        ASSERT_EQ(reads.size(), 16u);
        const bool interleave = t.tCCD_L > s;
        for (uint32_t i = 0; i < 16; ++i) {
            EXPECT_EQ(reads[i].first, x + i * s) << "RD " << i;
            EXPECT_EQ(reads[i].second, interleave ? i % 2 : i / 8) << "RD " << i;
        }
        const uint64_t lat = t.RL + t.tBURST;
        EXPECT_EQ(done[2], x + (interleave ? 14 : 7) * s + lat);
        EXPECT_EQ(done[3], x + 15 * s + lat);
        EXPECT_EQ(sys.stats().total().counts.rowHits, 16u);
    }
}

TEST(DramMultiBurst, StatisticsArePerBurst) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem sys(cfg);
        const auto reqs = randomRowRuns(sys, 3000, 0.3, 6, 64, 17);
        uint64_t readBursts = 0, writeBursts = 0;
        for (const Request& r : reqs) (r.write ? writeBursts : readBursts) += r.bursts;
        std::map<uint64_t, Completion> byId;
        std::vector<Request> sent = reqs;
        for (Request& r : sent) {
            r.arriveCycle = sys.currentCycle();
            while (!sys.trySend(r)) {
                sys.advanceTo(sys.nextEvent());
                r.arriveCycle = sys.currentCycle();
                sys.forEachCompletion([&](const Completion& c) { byId[c.id] = c; });
            }
        }
        sys.drain();
        sys.forEachCompletion([&](const Completion& c) { byId[c.id] = c; });
        ASSERT_EQ(byId.size(), reqs.size());
        for (const Request& r : reqs) {
            EXPECT_EQ(byId[r.id].bursts, r.bursts);
            EXPECT_EQ(byId[r.id].write, r.write);
        }
        const auto tot = sys.stats().total();
        EXPECT_EQ(tot.counts.reads, readBursts);
        EXPECT_EQ(tot.counts.writes, writeBursts);
        EXPECT_EQ(tot.requests(), readBursts + writeBursts);
        EXPECT_EQ(tot.bytesRead, readBursts * sys.burstBytes());
        EXPECT_EQ(tot.bytesWritten, writeBursts * sys.burstBytes());
        EXPECT_EQ(tot.dataBusBusyCycles, (readBursts + writeBursts) * cfg.timing.tBURST);
        EXPECT_EQ(tot.readLatency.count(), readBursts);
        EXPECT_EQ(tot.writeLatency.count(), writeBursts);
        EXPECT_EQ(tot.counts.rowHits + tot.counts.rowMisses + tot.counts.rowConflicts, readBursts + writeBursts);
        EXPECT_EQ(tot.completedRequests, reqs.size());
    }
}

// Exactness of the fast paths: the same multi-burst traffic with fast paths off (a full scan per decision),
// with fast paths and an observer (incremental FR-FCFS, every command one by one), and with fast paths and
// no observer (trains issued in closed form) gives identical completions and statistics, for every preset,
// scheduler, page policy and refresh mode.
namespace {
// The scan, the step path with an observer, and the trains give the same finish cycle for every request
// and the same statistics.
void expectFastPathsEqualScan(const DramConfig& cfg) {
    // streams (row runs of 64 KiB read / 16 KiB write ranges), random row runs, and both mixed
    std::vector<Request> traffic;
    {
        DramSystem tmp(cfg);
        for (uint64_t i = 0; i < 24; ++i) {
            auto part = rowRunTraffic(tmp, i * (uint64_t(96) << 10), i % 3 == 2 ? 16 << 10 : 64 << 10, i % 3 == 2,
                                      traffic.size());
            traffic.insert(traffic.end(), part.begin(), part.end());
        }
        auto rnd = randomRowRuns(tmp, 2000, 0.3, 8, 64, 5);
        for (Request& r : rnd) r.id += traffic.size();
        traffic.insert(traffic.end(), rnd.begin(), rnd.end());
        // tiles as the DMA moves them: short strided runs (64 B - 1 KiB: row runs of 1-2 bursts)
        // between whole-row streams, reads and writes
        for (uint64_t i = 0; i < 400; ++i) {
            const uint64_t run = uint64_t(64) << (i % 5), base = (uint64_t(5) << 24) + (i / 5) * (uint64_t(3) << 16);
            for (uint64_t k = 0; k < 6; ++k) {
                auto part = rowRunTraffic(tmp, base + k * 4160, run, i % 7 == 3, traffic.size());
                traffic.insert(traffic.end(), part.begin(), part.end());
            }
            if (i % 40 == 0) {
                auto part = rowRunTraffic(tmp, (uint64_t(7) << 24) + i * (uint64_t(16) << 10), 32 << 10,
                                          i % 80 == 40, traffic.size());
                traffic.insert(traffic.end(), part.begin(), part.end());
            }
        }
    }
    DramSystem slow(cfg), stepwise(cfg), fast(cfg);
    slow.setFastPaths(false);
    CommandLog log;
    stepwise.setObserver(&log);
    const auto a = runSaturated(slow, traffic), b = runSaturated(stepwise, traffic), c = runSaturated(fast, traffic);
    for (size_t i = 0; i < traffic.size(); ++i) {
        ASSERT_LT(a[i], UINT64_MAX - 1) << "request " << i;
        ASSERT_EQ(a[i], b[i]) << "request " << i << " (observer)";
        ASSERT_EQ(a[i], c[i]) << "request " << i << " (trains)";
    }
    EXPECT_EQ(statsKey(slow), statsKey(stepwise));
    EXPECT_EQ(statsKey(slow), statsKey(fast));
    EXPECT_EQ(log.count(DramCommandType::Rd) + log.count(DramCommandType::Wr), totalBursts(traffic));
}
}  // namespace

TEST(DramMultiBurst, FastPathsGiveTheScanResultsExactly) {
    const ControllerVariant variants[] = {{"frfcfs-open", "frfcfs", "open", nullptr},
                                {"frfcfs-open-allbank", "frfcfs", "open", "all_bank"},
                                {"frfcfs-closed", "frfcfs", "closed", nullptr},
                                {"fcfs-open", "fcfs", "open", nullptr}};
    for (const auto& [name, preset] : allPresets()) {
        for (const ControllerVariant& var : variants) {
            SCOPED_TRACE(name + " " + var.name);
            expectFastPathsEqualScan(var.applyTo(preset));
        }
    }
}

// Commands longer than a cycle on the bus (lpddr4-3200 above has 4/4/2/2): LPDDR5X with its ACT-1 and
// ACT-2 back to back (the documented tCMD_ACT: 2 bound), where an ACT's second cycle often takes the cycle
// the column stream wanted and restarts the train detection, and with every command longer than tCCD_S.
TEST(DramMultiBurst, FastPathsGiveTheScanResultsWithLongCommands) {
    for (const auto& [name, act, cas, pre, ref] :
         {std::tuple<const char*, uint32_t, uint32_t, uint32_t, uint32_t>{"ACT 2", 2, 1, 1, 1}, {"3/3/2/2", 3, 3, 2, 2}}) {
        SCOPED_TRACE(name);
        DramConfig cfg = lpddr5x_8533();
        cfg.timing.tCMD_ACT = act;
        cfg.timing.tCMD_CAS = cas;
        cfg.timing.tCMD_PRE = pre;
        cfg.timing.tCMD_REF = ref;
        expectFastPathsEqualScan(cfg);
    }
}

// More than 64 banks per channel, the bank masks' multi-word paths: a bank group of 128 banks (the train
// mode's group members span two mask words), and per-bank refresh of bank pairs over 256 banks.
TEST(DramMultiBurst, FastPathsGiveTheScanResultsWithWideBankGroups) {
    {
        SCOPED_TRACE("ddr4-3200, 2 ranks x 1 bank group x 128 banks");
        DramConfig cfg = ddr4_3200();
        cfg.organization.bankGroups = 1;
        cfg.organization.banksPerGroup = 128;
        cfg.organization.ranks = 2;
        expectFastPathsEqualScan(cfg);
    }
    {
        SCOPED_TRACE("lpddr5x-8533, 2 ranks x 4 bank groups x 32 banks, per-bank refresh of bank pairs");
        DramConfig cfg = lpddr5x_8533();
        cfg.organization.banksPerGroup = 32;
        ASSERT_EQ(cfg.controller.refresh, "per_bank");
        ASSERT_EQ(cfg.organization.banksPerChannel(), 256u);
        expectFastPathsEqualScan(cfg);
    }
}

// advanceUntilCanAccept (the controller's back-pressure step) equals repeating advanceTo(nextEvent()).
TEST(DramMultiBurst, AdvanceUntilCanAcceptEqualsEventStepping) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem stepped(cfg), direct(cfg);
        std::vector<Request> traffic = rowRunTraffic(stepped, 0, 1 << 20, false);
        auto wr = rowRunTraffic(stepped, 64 << 20, 256 << 10, true, traffic.size());
        traffic.insert(traffic.end(), wr.begin(), wr.end());
        std::vector<uint64_t> fa(traffic.size()), fb(traffic.size());
        for (const Request& r : traffic) {
            while (!stepped.trySend(r)) stepped.advanceTo(stepped.nextEvent());
            while (!direct.trySend(r)) direct.advanceUntilCanAccept(r.addr, r.write);
            EXPECT_EQ(stepped.currentCycle(), direct.currentCycle());
        }
        stepped.drain();
        direct.drain();
        stepped.forEachCompletion([&](const Completion& c) { fa[c.id] = c.finishCycle; });
        direct.forEachCompletion([&](const Completion& c) { fb[c.id] = c.finishCycle; });
        EXPECT_EQ(fa, fb);
        EXPECT_EQ(statsKey(stepped), statsKey(direct));
    }
}

TEST(DramMultiBurst, EngineHasNoViolations) {
    const char* pages[] = {"open", "closed"};
    for (const auto& [name, preset] : allPresets()) {
        for (const char* page : pages) {
            for (const char* scheduler : {"frfcfs", "fcfs"}) {
                DramConfig cfg = preset;
                cfg.controller.pagePolicy = page;
                cfg.controller.scheduler = scheduler;
                SCOPED_TRACE(name + " " + page + " " + scheduler);
                DramSystem sys(cfg);
                ProtocolChecker checker(cfg);
                sys.setObserver(&checker);
                std::vector<Request> traffic = rowRunTraffic(sys, 0, 512 << 10, false);
                auto wr = rowRunTraffic(sys, 1 << 22, 128 << 10, true, traffic.size());
                traffic.insert(traffic.end(), wr.begin(), wr.end());
                auto rnd = randomRowRuns(sys, 1500, 0.4, 3, 64, 9);  // few rows: many conflicts
                for (Request& r : rnd) r.id += traffic.size();
                traffic.insert(traffic.end(), rnd.begin(), rnd.end());
                const auto finish = runSaturated(sys, traffic);
                checker.finish(sys.stats().total().lastFinishCycle);
                EXPECT_EQ(checker.violationCount(), 0u) << (checker.violations().empty() ? "" : checker.messages()[0]);
                for (size_t i = 0; i < traffic.size(); ++i) ASSERT_LT(finish[i], UINT64_MAX - 1) << "request " << i;
                EXPECT_EQ(sys.stats().total().requests(), totalBursts(traffic));
            }
        }
    }
}

// Traffic whose row runs are single bursts (runs up to one column block, e.g. 256 B with the presets'
// mapping) is the single-burst traffic itself: identical results.
TEST(DramMultiBurst, SingleBurstRowRunsAreTheSingleBurstTraffic) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem multi(cfg), single(cfg);
        std::vector<Request> m, s;
        const uint64_t lowSpan = uint64_t(cfg.organization.burstBytes()) * cfg.organization.channels * cfg.organization.bankGroups;
        for (uint64_t i = 0; i < 3000; ++i) {  // short runs, 40 column blocks apart
            const uint64_t base = i * 40 * lowSpan * cfg.organization.burstsPerRow() / 8 + (i % 5) * 32;
            auto pm = rowRunTraffic(multi, base, lowSpan / 2, i % 4 == 3, m.size());
            auto ps = burstTraffic(single, base, lowSpan / 2, i % 4 == 3, s.size());
            m.insert(m.end(), pm.begin(), pm.end());
            s.insert(s.end(), ps.begin(), ps.end());
        }
        ASSERT_EQ(m.size(), s.size());
        for (size_t i = 0; i < m.size(); ++i) ASSERT_EQ(m[i].bursts, 1u);
        EXPECT_EQ(runSaturated(multi, m), runSaturated(single, s));
        EXPECT_EQ(statsKey(multi), statsKey(single));
    }
}

// The same streams as single-burst requests (address order) and as row runs. Bytes are equal; row hits and
// the finish time agree within the documented tolerance: a row run is one queue entry, so the controller
// sees up to 32 row runs ahead instead of 32 bursts, and FR-FCFS ages are per request (docs/dram.md).
TEST(DramMultiBurst, SameTrafficAsSingleBurstsAgrees) {
    for (const auto& [name, cfg] : allPresets()) {
        for (int pattern = 0; pattern < 2; ++pattern) {  // 0: 8 MiB of reads; 1: 64 KiB runs, every 3rd a write
            SCOPED_TRACE(name + (pattern ? " mixed" : " reads"));
            DramSystem multi(cfg), single(cfg);
            std::vector<Request> m, s;
            const uint64_t runBytes = pattern == 0 ? 8 << 20 : 64 << 10, runs = pattern == 0 ? 1 : 128;
            for (uint64_t i = 0; i < runs; ++i) {
                const bool write = pattern == 1 && i % 3 == 2;
                auto pm = rowRunTraffic(multi, i * runBytes, runBytes, write, m.size());
                auto ps = burstTraffic(single, i * runBytes, runBytes, write, s.size());
                m.insert(m.end(), pm.begin(), pm.end());
                s.insert(s.end(), ps.begin(), ps.end());
            }
            runSaturated(multi, m);
            runSaturated(single, s);
            const auto tm = multi.stats().total(), ts = single.stats().total();
            EXPECT_EQ(tm.bytesRead, ts.bytesRead);
            EXPECT_EQ(tm.bytesWritten, ts.bytesWritten);
            EXPECT_EQ(tm.requests(), ts.requests());
            const double bursts = double(ts.requests());
            const double hitDiff = (double(tm.counts.rowHits) - double(ts.counts.rowHits)) / bursts;
            const double spanM = double(tm.lastFinishCycle - tm.firstArriveCycle);
            const double spanS = double(ts.lastFinishCycle - ts.firstArriveCycle);
            std::printf("[ %-12s %s ] row hits %+.4f%% of bursts, finish %+.3f%%, ACT %llu vs %llu\n", name.c_str(),
                        pattern ? "mixed" : "reads", 100 * hitDiff, 100 * (spanM / spanS - 1),
                        (unsigned long long)tm.counts.activates, (unsigned long long)ts.counts.activates);
            EXPECT_LE(std::abs(hitDiff), 0.01);            // row hits within 1% of the bursts
            EXPECT_LE(std::abs(spanM / spanS - 1), 0.02);  // last finish within 2%
        }
    }
}
