// SPDX-License-Identifier: Apache-2.0
// Batches (DramSystem::runBatch): each channel takes its own requests as its queues make room, so a full
// channel holds back no other; the channels of a batch run on several threads with results identical to
// one thread; channels that would repeat another's batch take its results with nothing changed; and the
// worker pool that runs them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "hw_models/common/WorkerPool.h"
#include "hw_models/dram/AddressMapper.h"
#include "hw_models/dram/DramChannel.h"
#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;
using npu::hw::WorkerPool;

namespace {

struct Batch {
    uint64_t arrive;
    std::vector<Transfer> runs;
};

/// Random batches: runs of 32 B to 64 KiB (a third of them writes) at random addresses in 64 MiB,
/// arriving at increasing cycles, some before the previous batch has finished.
std::vector<Batch> randomBatches(uint32_t seed, int count) {
    std::mt19937_64 rng(seed);
    std::vector<Batch> out;
    uint64_t t = 0;
    for (int i = 0; i < count; ++i) {
        Batch b{t, {}};
        const int runs = 1 + int(rng() % 24);
        for (int r = 0; r < runs; ++r) {
            const uint64_t bytes = uint64_t(32) << (rng() % 12);
            b.runs.push_back({(rng() % (uint64_t(64) << 20)) & ~uint64_t(31), bytes, rng() % 3 == 0});
        }
        out.push_back(b);
        t += rng() % 4000;
    }
    return out;
}

/// Batches that mostly give every channel the same requests: runs aligned to and a multiple of one burst
/// per channel (the presets interleave channels per burst), one in ten of any 32 B multiple at any
/// 32 B offset, which makes the channels differ; arrivals while the previous batch runs, or after a pause
/// of 1-40 us (the state's constraints then lie in the past and refreshes fall due meanwhile).
std::vector<Batch> channelSymmetricBatches(const DramConfig& cfg, uint32_t seed, int count) {
    std::mt19937_64 rng(seed);
    const uint64_t span = uint64_t(cfg.organization.channels) * cfg.organization.burstBytes();
    std::vector<Batch> out;
    uint64_t t = 0;
    for (int i = 0; i < count; ++i) {
        Batch b{t, {}};
        const int runs = 1 + int(rng() % 6);
        for (int r = 0; r < runs; ++r) {
            const bool odd = rng() % 10 == 0;
            const uint64_t addr = (rng() % (uint64_t(16) << 20)) & ~(odd ? uint64_t(31) : span - 1);
            const uint64_t bytes = odd ? 32 * (1 + rng() % 40) : span * (1 + rng() % 96);
            b.runs.push_back({addr, bytes, rng() % 3 == 0});
        }
        out.push_back(b);
        t += rng() % 2 ? rng() % 3000 : 1000 + rng() % 40000;
    }
    return out;
}

/// One trace request as `npusim dram` sends it: its row runs, all arriving now with `id`.
std::vector<Request> traceParts(const DramSystem& sys, uint64_t addr, uint64_t bytes, bool write, uint64_t id) {
    std::vector<Request> parts;
    sys.mapper().forEachRowRun(addr, bytes, [&](uint64_t a, uint32_t b) {
        parts.push_back(Request{a, write, sys.currentCycle(), id, b});
    });
    return parts;
}

/// Sends the parts as groups (trySendGroup) or one trySend at a time; when one is refused, advances until
/// its channel has room (advanceUntilCanAccept) and calls collect().
template <class Collect>
void sendParts(DramSystem& sys, const std::vector<Request>& parts, bool groups, Collect&& collect) {
    for (uint32_t sent = 0; sent < parts.size();) {
        if (groups) {
            sent += sys.trySendGroup(parts.data() + sent, uint32_t(parts.size() - sent));
        } else if (sys.trySend(parts[sent])) {
            ++sent;
        }
        if (sent == parts.size()) break;
        sys.advanceUntilCanAccept(parts[sent].addr, parts[sent].write);
        collect();
    }
}

/// The trace requests in flight of a replay as `npusim dram` does it: each is sent as its row runs
/// (traceParts, sendParts) and is done when all of them have completed.
struct TraceRequests {
    std::map<uint64_t, uint32_t> partsLeft;  // per request id
    uint32_t inFlight = 0;
    template <class Collect>
    void send(DramSystem& sys, uint64_t addr, uint64_t bytes, bool write, uint64_t id, bool groups, Collect&& collect) {
        const std::vector<Request> parts = traceParts(sys, addr, bytes, write, id);
        partsLeft[id] = uint32_t(parts.size());
        ++inFlight;
        sendParts(sys, parts, groups, collect);
    }
    /// A completion of `parts` of request id's row runs.
    void completed(uint64_t id, uint32_t parts = 1) {
        if ((partsLeft.at(id) -= parts) == 0) --inFlight;
    }
};

/// Runs the batches; returns every completion as "channel:id:finish", in the order runBatch reports them.
/// With `queued`: appends, per batch and channel, the queueing cycles of the channel's requests.
std::vector<std::string> runBatches(DramSystem& sys, const std::vector<Batch>& batches,
                                    std::vector<std::vector<uint64_t>>* queued = nullptr) {
    std::vector<std::string> done;
    uint64_t id = 0;
    for (const Batch& b : batches) {
        const DramSystem::BatchResult res = sys.runBatch(b.runs.data(), b.runs.size(), b.arrive, id);
        id += res.requests;
        uint64_t finish = b.arrive;
        for (const Completion& c : sys.completions()) finish = std::max(finish, c.finishCycle);
        EXPECT_EQ(res.finishCycle, finish);
        for (const Completion& c : sys.completions())
            done.push_back(std::to_string(c.channel) + ':' + std::to_string(c.id) + ':' + std::to_string(c.finishCycle));
        sys.completions().clear();
        for (uint32_t c = 0; queued && c < sys.config().organization.channels; ++c) {
            queued->emplace_back();
            for (const auto& r : sys.batchRequests(c)) queued->back().push_back(r.queuedCycle);
        }
    }
    return done;
}

}  // namespace

TEST(WorkerPool, RunsEveryIndexOnceEachShareOnOneThread) {
    // Index i is in share i % 3; share k runs on thread k, or on the caller when thread k had not taken it
    // yet (which threads run what is timing-dependent, so only the guarantees are checked): every index
    // once per job, each share's indices on one thread, share 0 on the caller, every thread a share's.
    constexpr unsigned kThreads = 3;
    constexpr uint32_t kIndices = 10;
    WorkerPool pool(kThreads);
    ASSERT_EQ(pool.threads(), kThreads);
    std::vector<std::set<std::thread::id>> ranShare(kThreads);
    for (int job = 0; job < 500; ++job) {
        std::vector<std::thread::id> seen(kIndices);
        std::vector<uint32_t> count(kIndices, 0);
        const uint32_t n = job % 7 == 0 ? 2 : kIndices;  // also jobs with fewer indices than threads
        pool.run(n, [&](uint32_t i) {
            ++count[i];
            seen[i] = std::this_thread::get_id();
        });
        for (uint32_t i = 0; i < n; ++i) {
            ASSERT_EQ(count[i], 1u) << "job " << job << " index " << i;
            ASSERT_EQ(seen[i], seen[i % kThreads]) << "job " << job << ": share " << i % kThreads << " split";
            ranShare[i % kThreads].insert(seen[i]);
        }
        ASSERT_EQ(seen[0], std::this_thread::get_id());
    }
    EXPECT_EQ(ranShare[0].size(), 1u);  // only ever the caller
    for (unsigned k = 1; k < kThreads; ++k) EXPECT_LE(ranShare[k].size(), 2u);  // its worker or the caller
}

TEST(WorkerPool, RethrowsTheSmallestIndexsExceptionAfterEveryIndexRan) {
    WorkerPool pool(2);
    std::vector<int> ran(6, 0);
    try {
        pool.run(6, [&](uint32_t i) {
            ran[i] = 1;
            if (i == 5 || i == 2) throw std::runtime_error("index " + std::to_string(i));
        });
        FAIL() << "no exception";
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "index 2");
    }
    EXPECT_EQ(std::count(ran.begin(), ran.end(), 1), 6);
    int calls = 0;  // the pool still works
    pool.run(4, [&](uint32_t) { __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED); });
    EXPECT_EQ(calls, 4);
}

TEST(WorkerPool, ResolveCapsAtTheUsefulCount) {
    EXPECT_EQ(WorkerPool::resolve(8, 4), 4u);
    EXPECT_EQ(WorkerPool::resolve(3, 4), 3u);
    EXPECT_GE(WorkerPool::resolve(0, 4), 1u);
    EXPECT_LE(WorkerPool::resolve(0, 4), 4u);
    EXPECT_EQ(WorkerPool::resolve(2, 0), 1u);
    EXPECT_EQ(WorkerPool::resolve(64, 64), WorkerPool::kMaxThreads);
    EXPECT_THROW(WorkerPool(WorkerPool::kMaxThreads + 1), std::invalid_argument);
}

TEST(DramBatch, AFullChannelDoesNotHoldBackAnother) {
    // LPDDR5X, mapping RoRaBaCoBgCh: bits 5-6 channel, 7-8 bank group, 9-14 column. 40 one-burst reads to
    // row 0 of bank 0 in channel 0 (columns 0..39, 512 B apart) overfill its 32-entry read queue; the
    // batch's last request, to channel 1, still enters at once and is served as a lone read to a closed
    // bank: ACT at 0, RD at tRCD, data done RL + tBURST later.
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    const DramTiming& t = cfg.timing;
    DramSystem sys(cfg);
    std::vector<Transfer> batch;
    for (uint64_t col = 0; col < 40; ++col) batch.push_back(Transfer{col << 9, 32, false});
    batch.push_back(Transfer{32, 32, false});
    ASSERT_EQ(sys.runBatch(batch.data(), batch.size(), 0, 0).requests, 41u);
    std::map<uint64_t, Completion> byId;
    for (const Completion& c : sys.completions()) byId[c.id] = c;
    ASSERT_EQ(byId.size(), 41u);
    EXPECT_EQ(byId[40].channel, 1u);
    EXPECT_EQ(byId[40].finishCycle, uint64_t(t.tRCD + t.RL + t.tBURST));
    EXPECT_EQ(sys.batchRequests(1).at(0).queuedCycle, 0u);
    // channel 0: the 33rd request waited for the first completion (its RD at tRCD)
    const auto& ch0 = sys.batchRequests(0);
    ASSERT_EQ(ch0.size(), 40u);
    EXPECT_EQ(ch0[31].queuedCycle, 0u);
    EXPECT_EQ(ch0[32].queuedCycle, uint64_t(t.tRCD));
    // in channel 0 the reads are row hits tCCD_L apart (one bank group): the last at tRCD + 39 tCCD_L
    EXPECT_EQ(byId[39].finishCycle, uint64_t(t.tRCD + 39 * t.tCCD_L + t.RL + t.tBURST));
}

TEST(DramBatch, OneChannelIsTheRequestByRequestPath) {
    // With one channel, a batch is exactly trySend / advanceUntilCanAccept / drain over its requests.
    for (const DramConfig& cfg : {ddr4_3200(), noRefresh(ddr4_3200())}) {
        ASSERT_EQ(cfg.organization.channels, 1u);
        const std::vector<Batch> batches = randomBatches(7, 60);
        DramSystem batched(cfg), stepwise(cfg);
        const std::vector<std::string> a = runBatches(batched, batches);
        std::vector<std::string> b;
        uint64_t id = 0;
        for (const Batch& bt : batches) {
            for (const Transfer& r : bt.runs)
                stepwise.mapper().forEachRowRun(r.addr, r.bytes, [&](uint64_t addr, uint32_t bursts) {
                    const Request req{addr, r.write, bt.arrive, id++, bursts};
                    while (!stepwise.trySend(req)) stepwise.advanceUntilCanAccept(addr, r.write);
                });
            stepwise.drain();
            for (const Completion& c : stepwise.completions())
                b.push_back(std::to_string(c.channel) + ':' + std::to_string(c.id) + ':' + std::to_string(c.finishCycle));
            stepwise.completions().clear();
        }
        EXPECT_EQ(a, b);
        EXPECT_EQ(statsKey(batched), statsKey(stepwise));
    }
}

TEST(DramBatch, ResultsDoNotDependOnThreads) {
    for (const auto& [name, cfg] : allPresets()) {
        if (cfg.organization.channels < 2) continue;
        SCOPED_TRACE(name);
        const std::vector<Batch> batches = randomBatches(11, 80);
        // reference: one thread, every command checked
        DramSystem ref(cfg);
        ProtocolChecker checker(cfg);
        ref.setObserver(&checker);
        const std::vector<std::string> expected = runBatches(ref, batches);
        EXPECT_EQ(checker.violationCount(), 0u);
        EXPECT_GT(checker.commandCount(), 0u);
        for (unsigned threads : {1u, 2u, 3u, 8u}) {
            DramSystem sys(cfg);
            sys.setThreads(threads);
            EXPECT_EQ(sys.threads(), std::min(threads, cfg.organization.channels));
            EXPECT_EQ(runBatches(sys, batches), expected) << threads << " threads";
            EXPECT_EQ(statsKey(sys), statsKey(ref)) << threads << " threads";
        }
    }
}

TEST(DramBatch, ReplicatedChannelsGiveTheSimulatedResults) {
    // A channel whose batch requests and scheduling state match an earlier channel's takes that channel's
    // results instead of being simulated. Against every channel simulated (the reference has an observer,
    // which turns replication off, and checks every command): the same completions in the same order, the
    // same statistics (latency histograms included) and queueing cycles, on one and two threads, for
    // every preset, and replication did happen.
    for (const auto& [name, cfg] : allPresets()) {
        if (cfg.organization.channels < 2) continue;
        SCOPED_TRACE(name);
        const std::vector<Batch> batches = channelSymmetricBatches(cfg, 3, 150);
        DramSystem ref(cfg);
        ProtocolChecker checker(cfg);
        ref.setObserver(&checker);
        std::vector<std::vector<uint64_t>> refQueued;
        const std::vector<std::string> expected = runBatches(ref, batches, &refQueued);
        EXPECT_EQ(checker.violationCount(), 0u);
        EXPECT_EQ(ref.replicatedRuns(), 0u);
        uint64_t replicatedOnOne = 0;
        for (unsigned threads : {1u, 2u}) {
            DramSystem sys(cfg);
            sys.setThreads(threads);
            std::vector<std::vector<uint64_t>> queued;
            const std::vector<std::string> got = runBatches(sys, batches, &queued);
            EXPECT_EQ(got, expected) << threads << " threads";
            EXPECT_EQ(queued, refQueued) << threads << " threads";
            EXPECT_EQ(statsKey(sys), statsKey(ref)) << threads << " threads";
            // most batches give every channel the same requests: all channels but the first of each batch
            // may follow it, on any number of threads (the leaders are found before any runs)
            const uint64_t most = uint64_t(batches.size()) * (cfg.organization.channels - 1);
            EXPECT_GT(sys.replicatedRuns(), most / 2) << threads << " threads";
            EXPECT_LT(sys.replicatedRuns(), most) << threads << " threads (the odd runs make channels differ)";
            if (threads == 1) replicatedOnOne = sys.replicatedRuns();
            else EXPECT_EQ(sys.replicatedRuns(), replicatedOnOne) << "replication does not depend on the threads";
            if (threads == 1) {
                EXPECT_EQ(sys.parallelBatches(), 0u);
            }
        }
    }
}

TEST(DramBatch, UnkeptCompletionsGiveTheSameResults) {
    // Without keepCompletions (the NPU's DMA batches) a follower's completions are not copied, only their
    // latest finish is taken from its leader: every batch's result and the statistics are those of a
    // run that keeps them, and completions() stays empty.
    for (const auto& [name, cfg] : allPresets()) {
        if (cfg.organization.channels < 2) continue;
        SCOPED_TRACE(name);
        DramSystem kept(cfg), unkept(cfg);
        uint64_t id = 0;
        for (const Batch& b : channelSymmetricBatches(cfg, 7, 100)) {
            const DramSystem::BatchResult a = kept.runBatch(b.runs.data(), b.runs.size(), b.arrive, id, true);
            const DramSystem::BatchResult u = unkept.runBatch(b.runs.data(), b.runs.size(), b.arrive, id, false);
            ASSERT_EQ(u.requests, a.requests);
            ASSERT_EQ(u.finishCycle, a.finishCycle);
            EXPECT_TRUE(unkept.completions().empty());
            kept.completions().clear();
            id += a.requests;
        }
        EXPECT_GT(unkept.replicatedRuns(), 0u);
        EXPECT_EQ(statsKey(unkept), statsKey(kept));
    }
}

TEST(DramBatch, OnlyBatchesWithSeveralLeadersUseTheThreads) {
    // The channels a batch simulates are those with requests that take no other's results; with one
    // such channel the batch runs on the calling thread alone (a second thread would only wait), with
    // several on the pool. Counted batch by batch: leaders = channels with requests - channels replicated.
    for (const auto& [name, cfg] : allPresets()) {
        if (cfg.organization.channels < 2) continue;
        SCOPED_TRACE(name);
        DramSystem sys(cfg);
        sys.setThreads(2);
        uint64_t id = 0, replicated = 0, expectedParallel = 0, single = 0;
        for (const Batch& b : channelSymmetricBatches(cfg, 5, 120)) {
            id += sys.runBatch(b.runs.data(), b.runs.size(), b.arrive, id).requests;
            sys.completions().clear();
            uint64_t withRequests = 0;
            for (uint32_t c = 0; c < cfg.organization.channels; ++c) withRequests += !sys.batchRequests(c).empty();
            const uint64_t leaders = withRequests - (sys.replicatedRuns() - replicated);
            replicated = sys.replicatedRuns();
            expectedParallel += leaders >= 2;
            single += leaders == 1;
            EXPECT_EQ(sys.parallelBatches(), expectedParallel);
        }
        EXPECT_GT(single, 0u);            // both kinds occurred
        EXPECT_GT(expectedParallel, 0u);
    }
}

TEST(DramBatch, SchedulesLikeComparesTheStateThatDecides) {
    // Two LPDDR5X channels (no refresh) serve one read each to bank 0: row 5 in both, at cycle 0 in `a`
    // and at cycle 100 in `b`. Their constraints then differ by 100 cycles; from a cycle after every
    // constraint of both they schedule alike, before it not. A third channel that opened row 6 differs
    // at any cycle (another open row), and so does one with a request queued.
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    const AddressMapper mapper(cfg.organization, cfg.controller.mapping, cfg.controller.xorBankHash);
    DramChannelStats sa, sb, sc;
    npu::hw::LineVector<Completion> da, db, dc;
    DramChannel a(cfg, 0, sa, da), b(cfg, 1, sb, db), c(cfg, 2, sc, dc);
    DramAddress row5;
    row5.row = 5;
    DramAddress row6 = row5;
    row6.row = 6;
    const uint64_t addr5 = mapper.encode(row5), addr6 = mapper.encode(row6);
    a.enqueue(Request{addr5, false, 0, 0, 1}, row5);
    b.enqueue(Request{addr5, false, 100, 0, 1}, row5);
    c.enqueue(Request{addr6, false, 0, 0, 1}, row6);
    EXPECT_FALSE(a.schedulesLike(b, 1000000));  // requests queued
    a.advanceUntilEmpty();
    b.advanceUntilEmpty();
    c.advanceUntilEmpty();
    // b's latest constraint: tRAS after its ACT at 100 (its PRE), or its data bus after RD
    const DramTiming& t = cfg.timing;
    const uint64_t settled = 100 + std::max<uint64_t>({t.tRC, t.tRAS, t.tRCD + t.tRTP, t.tRCD + t.RL + t.tBURST, t.tFAW});
    EXPECT_TRUE(a.schedulesLike(b, settled));
    EXPECT_TRUE(b.schedulesLike(a, settled));
    // b's ACT at 100 no longer counts for tFAW after 100 + tFAW, but its PRE must wait until 100 + tRAS
    ASSERT_GT(t.tRAS, t.tFAW);
    EXPECT_FALSE(a.schedulesLike(b, 100 + t.tFAW));
    EXPECT_FALSE(a.schedulesLike(b, 100 + t.tRAS - 1));
    // until then b's ACT at 100 weighs in a later tFAW window, a's at 0 no longer (a fifth ACT at
    // 100 + tFAW - 1 would have to wait in b, not in a)
    EXPECT_FALSE(a.schedulesLike(b, t.tFAW + 50));
    EXPECT_FALSE(a.schedulesLike(c, settled));        // row 6 open in c
    EXPECT_TRUE(a.schedulesLike(a, 0));
    // after copying, c schedules like a at any cycle
    c.copyStateFrom(a);
    EXPECT_TRUE(c.schedulesLike(a, 0));
    // and c is still itself: its statistics and completions stay where they were
    EXPECT_EQ(sc.counts.reads, 1u);
    EXPECT_EQ(dc.size(), 1u);
    c.enqueue(Request{addr5, false, settled, 7, 1}, row5);  // a row hit now, in c's sink
    c.advanceUntilEmpty();
    ASSERT_EQ(dc.size(), 2u);
    EXPECT_EQ(dc[1].channel, 2u);
    EXPECT_EQ(dc[1].finishCycle, settled + t.RL + t.tBURST);
    EXPECT_EQ(sc.counts.rowHits, 1u);
    EXPECT_EQ(sa.counts.reads, 1u);
}

TEST(DramBatch, BatchActivityIsWhatAnObserverSees) {
    // DramSystem::batchActivity (first and last command cycle and command counts per channel, taken from
    // the statistics without an observer) against the commands an observer sees, batch by batch: on the
    // observed system itself, and on an unobserved one with two threads, trains, replication and idle
    // refresh periods counted without simulating them (arrivals up to 40 us apart).
    struct Seen : DramCommandObserverIf {
        std::vector<DramSystem::BatchActivity> ch;
        void onCommand(const DramCommand& c) override {
            DramSystem::BatchActivity& a = ch.at(c.channel);
            a.first = std::min(a.first, c.cycle);
            a.last = std::max(a.last, c.cycle);
            switch (c.type) {
                case DramCommandType::Act: ++a.act; break;
                case DramCommandType::Pre:
                case DramCommandType::PreA: ++a.pre; break;
                case DramCommandType::Rd: ++a.rd; break;
                case DramCommandType::Wr: ++a.wr; break;
                case DramCommandType::Ref:
                case DramCommandType::RefPb: ++a.ref; break;
            }
        }
    };
    auto key = [](const DramSystem::BatchActivity& a) {
        return std::to_string(a.first) + ',' + std::to_string(a.first == UINT64_MAX ? 0 : a.last) + ',' +
               std::to_string(a.act) + ',' + std::to_string(a.pre) + ',' + std::to_string(a.rd) + ',' +
               std::to_string(a.wr) + ',' + std::to_string(a.ref);
    };
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        const std::vector<Batch> batches = channelSymmetricBatches(cfg, 9, 120);
        const uint32_t n = cfg.organization.channels;
        DramSystem ref(cfg), sys(cfg);
        Seen seen;
        ref.setObserver(&seen);
        sys.setThreads(2);
        uint64_t id = 0, refreshes = 0;
        for (const Batch& b : batches) {
            seen.ch.assign(n, DramSystem::BatchActivity{});
            ref.runBatch(b.runs.data(), b.runs.size(), b.arrive, id);
            id += sys.runBatch(b.runs.data(), b.runs.size(), b.arrive, id).requests;
            for (uint32_t c = 0; c < n; ++c) {
                ASSERT_EQ(key(ref.batchActivity()[c]), key(seen.ch[c])) << "channel " << c;
                ASSERT_EQ(key(sys.batchActivity()[c]), key(seen.ch[c])) << "channel " << c;
                refreshes += seen.ch[c].ref;
            }
            ref.completions().clear();
            sys.completions().clear();
        }
        EXPECT_GT(refreshes, 0u);
        if (n > 1) {
            EXPECT_GT(sys.replicatedRuns(), 0u);
        }
    }
}

TEST(DramTwins, GroupsGiveTheResultsOfOneRequestAtATime) {
    // trySendGroup sends a request's parts in several channels to the lowest channel only while the others
    // are its twins. Against trySend one part at a time with every command checked (an observer turns twins
    // off): the same completions per channel in the same order (and the same set in all), the same
    // statistics, the same cycles. The traffic, replayed as `npusim dram` does with 40 in flight: 30
    // stretches of 300 untimed requests, of 64 bytes (two channels of LPDDR5X, whose bursts are 32 B; one
    // of DDR4's 64 B), of 128 bytes (four channels) or of both (each size parts the other's twins); in half
    // the stretches one request of 32 bytes (one channel: the twins get a state of their own and part); a
    // drain after each stretch, when twins form again, and every fourth an idle gap with refreshes.
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        auto replay = [&](DramSystem& sys, bool groups) {
            std::mt19937_64 rng(17);
            std::vector<std::vector<std::string>> perChannel(cfg.organization.channels);
            std::multiset<std::string> all;
            TraceRequests requests;
            auto collect = [&] {
                for (const Completion& c : sys.completions()) {
                    const std::string k = std::to_string(c.id) + ':' + std::to_string(c.finishCycle);
                    perChannel.at(c.channel).push_back(k);
                    all.insert(std::to_string(c.channel) + ':' + k);
                    requests.completed(c.id);
                }
                sys.completions().clear();
            };
            uint64_t id = 0;
            for (int round = 0; round < 30; ++round) {
                const int odd = round % 2 ? int(rng() % 300) : -1;
                for (int i = 0; i < 300; ++i) {
                    while (requests.inFlight >= 40) {
                        sys.advanceTo(sys.nextEvent());
                        collect();
                    }
                    // (a mixed stretch starts with 128 bytes: four channels become twins, then a 64-byte
                    // request parts two of them from their leader)
                    const uint64_t bytes = i == odd ? 32 : round % 3 == 0 ? 64 : round % 3 == 1 ? 128
                                                                : i == 0 || rng() % 100 < 15 ? 128 : 64;
                    const uint64_t addr = (rng() % (uint64_t(1) << 30)) & ~(bytes - 1);
                    requests.send(sys, addr, bytes, rng() % 10 < 3, id, groups, collect);
                    ++id;
                }
                sys.drain();
                collect();
                if (round % 4 == 0) sys.advanceTo(sys.currentCycle() + 50000);  // idle: refreshes only
            }
            return std::make_pair(perChannel, all);
        };
        DramSystem ref(cfg), sys(cfg);
        ProtocolChecker checker(cfg);
        ref.setObserver(&checker);
        const auto expected = replay(ref, false);
        const auto got = replay(sys, true);
        EXPECT_EQ(checker.violationCount(), 0u);
        EXPECT_EQ(got.second, expected.second);
        EXPECT_EQ(got.first.size(), expected.first.size());
        EXPECT_EQ(statsKey(sys), statsKey(ref));
        EXPECT_EQ(sys.currentCycle(), ref.currentCycle());
        EXPECT_EQ(ref.twinGroups(), 0u);
        if (cfg.organization.channels > 1) {
            // most groups of the one-size stretches went to their leader alone (with 64-byte bursts a
            // 64-byte request is one channel's: only the 128-byte ones are groups); the 32-byte requests
            // and the mixed stretches parted twins
            EXPECT_GT(sys.twinGroups(), cfg.organization.burstBytes() < 64 ? 2000u : 500u);
            EXPECT_GE(sys.untwinned(), 10u);
        }
    }
}

TEST(DramTwins, PairsStayTwinsInMixedTraffic) {
    // LPDDR5X: a 64-byte request is one burst in channels 0, 1 or 2, 3; a 128-byte one the same burst in
    // all four. The first request (128 bytes, queues empty) makes 1, 2, 3 twins of 0; the first 64-byte
    // request to 2, 3 parts them from 0 but keeps them twins of each other (2 takes 0's state, 3 moves to
    // 2 without a copy: re-parenting); from then on a 128-byte request goes as two groups, one per pair, and
    // the pairs never part. The same when the first 64-byte request goes to 0, 1 (2 and 3 are left out
    // together: 2 takes 0's state and leads 3). Against trySend one part at a time with every command
    // checked: the same completions and statistics. 3000 requests, 15 % of 128 bytes, 30 % writes, 24 in
    // flight.
    const DramConfig cfg = lpddr5x_8533();
    const AddressMapper mapper(cfg.organization, cfg.controller.mapping, cfg.controller.xorBankHash);
    for (const uint64_t firstPair : {0, 2}) {  // channel of the first 64-byte request
        SCOPED_TRACE(firstPair);
        auto replay = [&](DramSystem& sys, bool groups) {
            std::mt19937_64 rng(29);
            std::multiset<std::string> done;
            TraceRequests requests;
            auto collect = [&] {
                for (const Completion& c : sys.completions()) {
                    done.insert(std::to_string(c.channel) + ':' + std::to_string(c.id) + ':' +
                                std::to_string(c.finishCycle));
                    requests.completed(c.id);
                }
                sys.completions().clear();
            };
            for (uint64_t id = 0; id < 3000; ++id) {
                while (requests.inFlight >= 24) {
                    sys.advanceToCompletion();
                    collect();
                }
                const uint64_t bytes = id == 0 || (id > 1 && rng() % 100 < 15) ? 128 : 64;
                uint64_t addr = (rng() % (uint64_t(1) << 30)) & ~(bytes - 1);
                if (id == 1) addr = (addr & ~uint64_t(127)) | firstPair * cfg.organization.burstBytes();
                requests.send(sys, addr, bytes, rng() % 10 < 3, id, groups, collect);
            }
            sys.drain();
            collect();
            return done;
        };
        DramSystem ref(cfg), sys(cfg);
        ProtocolChecker checker(cfg);
        ref.setObserver(&checker);
        const auto expected = replay(ref, false);
        const auto got = replay(sys, true);
        EXPECT_EQ(checker.violationCount(), 0u);
        EXPECT_EQ(got, expected);
        EXPECT_EQ(statsKey(sys), statsKey(ref));
        EXPECT_EQ(sys.untwinned(), 1u);  // channel 2, from 0
        EXPECT_EQ(sys.reparented(), 1u);  // channel 3, from 0 to 2
        EXPECT_EQ(sys.twins(), 2u);
        EXPECT_GT(sys.twinGroups(), 3000u);  // every request, 128-byte ones after the first as two groups
        EXPECT_EQ(mapper.channelOf((uint64_t(1) << 20) | firstPair * cfg.organization.burstBytes()), firstPair);
    }
}

TEST(DramTwins, WithoutCopiesACompletionCountsItsTwins) {
    // setTwinCopies(false): a twin's completions are not copied, its leader's count it (Completion::channels).
    // Against the copies: after every advance the same completions (id and finish cycle) as often, and the
    // same statistics and cycle. LPDDR5X, 4000 requests of 64 bytes (two channels: twins), 15 % of 128
    // (four), 30 % writes, 24 in flight; in each thousand one of 32 bytes (one channel: twins part), and a
    // drain at its end (twins form again).
    const DramConfig cfg = lpddr5x_8533();
    auto replay = [&](DramSystem& sys) {
        std::mt19937_64 rng(31);
        std::vector<std::multiset<std::string>> log;
        uint32_t counting = 0;  // completions that count twins
        TraceRequests requests;
        auto collect = [&] {
            std::multiset<std::string> done;
            for (const Completion& c : sys.completions()) {
                counting += c.channels > 1;
                for (uint32_t k = 0; k < c.channels; ++k)
                    done.insert(std::to_string(c.id) + ':' + std::to_string(c.finishCycle));
                requests.completed(c.id, c.channels);
            }
            sys.completions().clear();
            log.push_back(done);
        };
        for (uint64_t id = 0; id < 4000; ++id) {
            while (requests.inFlight >= 24) {
                sys.advanceToCompletion();
                collect();
            }
            if (id % 1000 == 999) {
                sys.drain();
                collect();
            }
            const uint64_t bytes = id % 1000 == 500 ? 32 : rng() % 100 < 15 ? 128 : 64;
            const uint64_t addr = (rng() % (uint64_t(1) << 30)) & ~(bytes - 1);
            requests.send(sys, addr, bytes, rng() % 10 < 3, id, true, collect);
        }
        sys.drain();
        collect();
        return std::make_pair(log, counting);
    };
    DramSystem copies(cfg), counted(cfg);
    counted.setTwinCopies(false);
    const auto [expected, copiesCounting] = replay(copies);
    const auto [got, counting] = replay(counted);
    ASSERT_EQ(got.size(), expected.size());
    for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "advance " << i;
    EXPECT_EQ(statsKey(counted), statsKey(copies));
    EXPECT_EQ(counted.currentCycle(), copies.currentCycle());
    EXPECT_EQ(copiesCounting, 0u);
    EXPECT_GT(counting, 2000u);
    EXPECT_GE(counted.untwinned(), 4u);
}

TEST(DramBatch, DrainInStepsIsTheDrain) {
    // DramChannel::advanceCompletions(n), called until the queues are empty, completes exactly n requests
    // per call (fewer only in the last) and issues the same commands as one advanceUntilEmpty: the same
    // completions, the same last command cycle, the same statistics. DDR4 (one channel, all-bank refresh)
    // and LPDDR5X channel 0 (per-bank-pair refresh), 60 random requests of 1-8 bursts, 30 % writes.
    for (const DramConfig& cfg : {ddr4_3200(), lpddr5x_8533()}) {
        const AddressMapper mapper(cfg.organization, cfg.controller.mapping, cfg.controller.xorBankHash);
        std::mt19937_64 rng(5);
        std::vector<Request> reqs;
        while (reqs.size() < 60) {
            const uint64_t addr = (rng() % (uint64_t(256) << 20)) & ~uint64_t(31);
            const DramAddress d = mapper.decode(addr);
            if (d.channel != 0) continue;
            const uint32_t bursts = std::min<uint32_t>(1 + uint32_t(rng() % 8), cfg.organization.burstsPerRow() - d.column);
            reqs.push_back(Request{addr, rng() % 10 < 3, 0, reqs.size(), bursts});
        }
        DramChannelStats statsA, statsB;
        npu::hw::LineVector<Completion> doneA, doneB;
        DramChannel a(cfg, 0, statsA, doneA), b(cfg, 0, statsB, doneB);
        // the same requests on both, as many as the queues take
        for (const Request& r : reqs) {
            if (!a.canAccept(r.write)) break;
            a.enqueue(r, mapper.decode(r.addr));
            b.enqueue(r, mapper.decode(r.addr));
        }
        const uint32_t queued = a.queuedRequests();
        ASSERT_GT(queued, 10u);
        const uint64_t lastA = a.advanceUntilEmpty();
        uint64_t lastB = 0;
        for (size_t calls = 0; b.queuedRequests() != 0; ++calls) {
            const size_t before = doneB.size();
            lastB = b.advanceCompletions(3);
            EXPECT_EQ(doneB.size() - before, b.queuedRequests() != 0 ? 3u : std::min<size_t>(3, queued - before));
            ASSERT_LT(calls, 100u);
        }
        EXPECT_EQ(lastA, lastB);
        ASSERT_EQ(doneA.size(), size_t(queued));
        ASSERT_EQ(doneB.size(), doneA.size());
        for (size_t i = 0; i < doneA.size(); ++i) {
            EXPECT_EQ(doneA[i].id, doneB[i].id);
            EXPECT_EQ(doneA[i].finishCycle, doneB[i].finishCycle);
        }
        EXPECT_EQ(statsA.counts.activates, statsB.counts.activates);
        EXPECT_EQ(statsA.counts.reads + statsA.counts.writes, statsB.counts.reads + statsB.counts.writes);
        EXPECT_EQ(b.advanceCompletions(3), lastB);  // nothing queued: nothing issued
    }
}

TEST(DramSystem, AdvanceToCompletionIsSteppingEventByEvent) {
    // advanceToCompletion runs the channel with the earliest event alone up to the next channel's event or
    // its first completion. Against advanceTo(nextEvent()) repeated until a completion, on the traffic of
    // `npusim dram` (24 trace requests in flight, sent as groups; stretches of 1000 requests of 64 bytes,
    // where twins form, and of 32 to 256 bytes, where they part; 30 % writes; idle gaps): after every call the
    // same completions in the same order (the replay frees its slots in that order) and the same cycle;
    // at the end the same statistics. Every preset, with twins and with every command checked.
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        const AddressMapper mapper(cfg.organization, cfg.controller.mapping, cfg.controller.xorBankHash);
        auto replay = [&](DramSystem& sys, bool stepping) {
            std::mt19937_64 rng(23);
            std::vector<std::string> log;
            TraceRequests requests;
            uint32_t calls = 0;
            auto collect = [&] {
                std::string s = std::to_string(sys.currentCycle()) + '|';
                for (const Completion& c : sys.completions()) {
                    s += std::to_string(c.channel) + ':' + std::to_string(c.id) + ':' + std::to_string(c.finishCycle) + ' ';
                    requests.completed(c.id);
                }
                sys.completions().clear();
                log.push_back(s);
            };
            for (uint64_t id = 0; id < 6000; ++id) {
                while (requests.inFlight >= 24) {
                    if (stepping) {
                        const size_t before = sys.completions().size();
                        while (sys.completions().size() == before && sys.queuedRequests() != 0) sys.advanceTo(sys.nextEvent());
                    } else {
                        sys.advanceToCompletion();
                    }
                    ++calls;
                    collect();
                }
                if (id % 1500 == 1499) {  // an idle gap: refreshes only
                    sys.drain();
                    collect();
                    sys.advanceTo(sys.currentCycle() + 30000);
                }
                const uint64_t bytes = (id / 1000) % 2 ? uint64_t(32) << (rng() % 4) : 64;
                const uint64_t addr = (rng() % (uint64_t(1) << 30)) & ~(bytes - 1);
                requests.send(sys, addr, bytes, rng() % 10 < 3, id, true, collect);
            }
            sys.drain();
            collect();
            EXPECT_GT(calls, 3000u);
            return log;
        };
        for (const bool checked : {false, true}) {  // twins on; off (an observer sees every command)
            SCOPED_TRACE(checked ? "checked" : "twins");
            DramSystem ref(cfg), sys(cfg);
            ProtocolChecker checkRef(cfg), checkSys(cfg);
            if (checked) {
                ref.setObserver(&checkRef);
                sys.setObserver(&checkSys);
            }
            const auto expected = replay(ref, true);
            const auto got = replay(sys, false);
            EXPECT_EQ(checkSys.violationCount(), 0u);
            ASSERT_EQ(got.size(), expected.size());
            for (size_t i = 0; i < got.size(); ++i) ASSERT_EQ(got[i], expected[i]) << "call " << i;
            EXPECT_EQ(statsKey(sys), statsKey(ref));
            uint32_t parts64 = 0;  // a 64-byte request's parts: in several channels, twins form
            mapper.forEachRowRun(0, 64, [&](uint64_t, uint32_t) { ++parts64; });
            if (!checked && parts64 > 1) {
                EXPECT_GT(sys.twinGroups(), 1500u);
            }
        }
    }
}

TEST(DramBatch, FastPathsGiveTheScanResultsWithManyRanks) {
    // With 8 ranks, per-bank refresh falls due every tREFIpb / 8 = 65 cycles, so refreshes of two ranks
    // can be in progress at once. The train path then kept only the candidate that became possible first,
    // where the scan picks, among those possible by the current cycle, the lowest rank (found by the check
    // build on a UNet step with 8 ranks). Random DMA-like batches (two seeds that hit the case) against a
    // full scan per decision: the same completions, in the same order, and statistics.
    DramConfig cfg = lpddr5x_8533();
    cfg.organization.ranks = 8;
    for (const uint32_t seed : {3u, 5u}) {
        SCOPED_TRACE(seed);
        const std::vector<Batch> batches = randomBatches(seed, 300);
        DramSystem slow(cfg), fast(cfg);
        slow.setFastPaths(false);
        EXPECT_EQ(runBatches(fast, batches), runBatches(slow, batches));
        EXPECT_EQ(statsKey(fast), statsKey(slow));
    }
}

TEST(DramBatch, ARefreshDueBeforeABatchDoesNotSeeIt) {
    // LPDDR5X with per-bank refresh: rank 0's first REFpb falls due at tREFIpb (520), rank 1's half an
    // interval later. A batch of one read to rank 0, bank group 0, bank 0 arrives at tREFIpb + 10. At 520
    // nothing is queued, so the REFpb takes the first set of the round, bank 0 and its pair, and the read
    // waits for it: ACT at 520 + tRFCpb. (Chosen with the batch already queued, the REFpb would have gone
    // to an idle pair and the read would open its row at the arrival.) The same commands as sending the
    // read at its arrival cycle (trySend); and after seven whole rounds of eight REFpb more (the REFpb due
    // then is again the first of a round). (With the observer every refresh is issued, not counted; the
    // counting is DramTiming.IdleRefreshFastForwardIsExact's.)
    const DramConfig cfg = lpddr5x_8533();
    const DramTiming& t = cfg.timing;
    ASSERT_EQ(cfg.controller.refresh, "per_bank");
    for (const uint64_t periods : {uint64_t(1), uint64_t(1 + 7 * 8)}) {
        SCOPED_TRACE(periods);
        const uint64_t due = periods * uint64_t(t.tREFIpb), arrive = due + 10;
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        const Transfer read{sys.mapper().encode(coord(0, 0, 0, 0, 3, 0)), 32, false};
        sys.runBatch(&read, 1, arrive, 0);
        DramSystem ref(cfg);
        CommandLog refLog;
        ref.setObserver(&refLog);
        ref.advanceTo(arrive);
        ASSERT_TRUE(ref.trySend(Request{read.addr, false, arrive, 0, 1}));
        ref.drain();
        std::vector<DramCommand> acts, refs;
        for (const DramCommand& c : log.cmds) {
            if (c.channel != 0 || c.rank != 0) continue;
            if (c.type == DramCommandType::Act) acts.push_back(c);
            if (c.type == DramCommandType::RefPb && c.cycle == due) refs.push_back(c);
        }
        ASSERT_EQ(refs.size(), 1u);
        EXPECT_EQ(refs[0].bankGroup, 0u);
        EXPECT_EQ(refs[0].bank, 0u);
        ASSERT_EQ(acts.size(), 1u);
        EXPECT_EQ(acts[0].cycle, due + t.tRFCpb);
        auto key = [](const std::vector<DramCommand>& v) {
            std::vector<std::string> s;
            for (const DramCommand& c : v)
                s.push_back(std::to_string(c.cycle) + ':' + std::to_string(c.channel) + ':' + std::to_string(c.rank) + ':' +
                            std::to_string(c.bankGroup) + ':' + std::to_string(c.bank) + ':' +
                            std::to_string(int(c.type)));
            return s;
        };
        auto upTo = [&](std::vector<DramCommand> v, uint64_t end) {
            v.erase(std::remove_if(v.begin(), v.end(), [&](const DramCommand& c) { return c.cycle > end; }), v.end());
            return v;
        };
        const uint64_t end = due + t.tRFCpb + t.tRCD;  // the read
        EXPECT_EQ(key(upTo(log.cmds, end)), key(upTo(refLog.cmds, end)));
    }
}
