// SPDX-License-Identifier: Apache-2.0
// Exact-cycle tests of the DRAM timing engine. Every expectation is written from the preset's timing
// symbols; cycle 0 is the first cycle and a request's finish is the cycle after its last data beat.
#include <gtest/gtest.h>

#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

namespace {

// DDR4 without refresh: a row opened at 0, a row hit at x (a RD, or a WR), then at x + 1 a read to another
// row of that bank, which must wait for the hit's PRE constraint (tRTP, or the write recovery).
struct RowHitThenConflict {
    CommandLog log;
    std::vector<uint64_t> done;
};
RowHitThenConflict rowHitThenConflict(const DramConfig& cfg, uint64_t x, bool write) {
    RowHitThenConflict r;
    DramSystem sys(cfg);
    sys.setObserver(&r.log);
    r.done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, x, coord(0, 0, 0, 0, 7, 1), write),
                            at(sys, 2, x + 1, coord(0, 0, 0, 0, 8, 0))});
    return r;
}

/// The commands a system of `cfg` issues for `reqs` (built by `at` with a system of the same organization).
CommandLog commandsOf(const DramConfig& cfg, const std::vector<Request>& reqs) {
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    runTrace(sys, reqs);
    return log;
}

}  // namespace

TEST(DramTiming, ReadToClosedBank) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 1, 2, 100, 5))});
    EXPECT_EQ(done[0], t.tRCD + t.RL + t.tBURST);  // ACT @0, RD @tRCD
    EXPECT_EQ(sys.stats().total().counts.rowMisses, 1u);
    EXPECT_EQ(sys.stats().total().readLatency.maxCycles(), t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, WriteToClosedBank) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 1, 2, 100, 5), true)});
    EXPECT_EQ(done[0], t.tRCD + t.WL + t.tBURST);
}

TEST(DramTiming, RowHit) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const uint64_t x = 1000;  // long after the first read
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 1)), at(sys, 1, x, coord(0, 0, 0, 0, 7, 9))});
    EXPECT_EQ(done[1], x + t.RL + t.tBURST);
    const auto tot = sys.stats().total();
    EXPECT_EQ(tot.counts.rowHits, 1u);
    EXPECT_EQ(tot.counts.rowMisses, 1u);
}

TEST(DramTiming, RowConflict) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const uint64_t x = 1000;  // tRAS, tRTP of the first access long satisfied
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 1)), at(sys, 1, x, coord(0, 0, 0, 0, 8, 1))});
    EXPECT_EQ(done[1], x + t.tRPpb + t.tRCD + t.RL + t.tBURST);
    EXPECT_EQ(sys.stats().total().counts.rowConflicts, 1u);
}

TEST(DramTiming, RowConflictWaitsForTRAS) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    ASSERT_GT(t.tRAS, t.tRCD + t.tRTP);  // so tRAS, not tRTP, decides the PRE
    DramSystem sys(cfg);
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 1)), at(sys, 1, 1, coord(0, 0, 0, 0, 8, 1))});
    EXPECT_EQ(done[0], t.tRCD + t.RL + t.tBURST);
    EXPECT_EQ(done[1], t.tRAS + t.tRPpb + t.tRCD + t.RL + t.tBURST);  // PRE @tRAS
}

TEST(DramTiming, ConflictStreamIsPacedByRowCycle) {
    for (const auto& [name, preset] : allPresets()) {
        SCOPED_TRACE(name);
        const DramConfig cfg = noRefresh(preset);
        const auto& t = cfg.timing;
        DramSystem sys(cfg);
        std::vector<Request> reqs;
        const uint32_t n = 16;  // <= read queue
        for (uint32_t i = 0; i < n; ++i) reqs.push_back(at(sys, i, 0, coord(0, 0, 0, 0, i, 0)));
        const auto done = runTrace(sys, reqs);
        // ACT(i+1) = max(ACT(i) + tRC, PRE(i) + tRPpb), PRE(i) = ACT(i) + max(tRAS, tRCD + tRTP)
        const uint64_t period = std::max<uint64_t>(t.tRC, std::max(t.tRAS, t.tRCD + t.tRTP) + t.tRPpb);
        for (uint32_t i = 0; i < n; ++i) EXPECT_EQ(done[i], i * period + t.tRCD + t.RL + t.tBURST) << "request " << i;
    }
}

TEST(DramTiming, RowCycleSpacesActivationsOfOneBank) {
    // tRC made the binding constraint (in every preset tRC <= tRAS + tRPpb, so it never is otherwise):
    // ACT(i + 1) = ACT(i) + tRC, although the PRE before it is legal tRC - tRAS - tRPpb cycles earlier.
    for (const auto& [name, preset] : allPresets()) {
        SCOPED_TRACE(name);
        DramConfig cfg = noRefresh(preset);
        auto& t = cfg.timing;
        t.tRC = std::max(t.tRAS, t.tRCD + t.tRTP) + t.tRPpb + 8;
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        std::vector<Request> reqs;
        for (uint32_t i = 0; i < 4; ++i) reqs.push_back(at(sys, i, 0, coord(0, 0, 0, 0, i, 0)));
        const auto done = runTrace(sys, reqs);
        for (uint32_t i = 0; i < 4; ++i) {
            EXPECT_EQ(log.cycleOf(DramCommandType::Act, i), i * uint64_t(t.tRC)) << "ACT " << i;
            EXPECT_EQ(done[i], i * uint64_t(t.tRC) + t.tRCD + t.RL + t.tBURST) << "request " << i;
        }
        // the PREs are not held back by tRC: each at ACT + max(tRAS, tRCD + tRTP)
        for (uint32_t i = 0; i < 3; ++i)
            EXPECT_EQ(log.cycleOf(DramCommandType::Pre, i), i * uint64_t(t.tRC) + std::max(t.tRAS, t.tRCD + t.tRTP));
    }
}

TEST(DramTiming, ReadToPrechargeWaitsTRTP) {
    // a row hit RD at x, then a request to another row of the bank: PRE at x + tRTP (tRAS long satisfied)
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    const uint64_t x = 1000;
    const RowHitThenConflict r = rowHitThenConflict(cfg, x, false);
    EXPECT_EQ(r.log.cycleOf(DramCommandType::Rd, 1), x);
    EXPECT_EQ(r.log.cycleOf(DramCommandType::Pre), x + t.tRTP);  // 1012: one cycle earlier is illegal
    EXPECT_EQ(r.done[2], x + t.tRTP + t.tRPpb + t.tRCD + t.RL + t.tBURST);  // 1082
}

TEST(DramTiming, WriteRecoveryDelaysPrecharge) {
    // a row hit WR at x, then a read to another row of the bank: PRE at x + WL + tBURST + tWR
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    const uint64_t x = 1000;
    const RowHitThenConflict r = rowHitThenConflict(cfg, x, true);
    EXPECT_EQ(r.log.cycleOf(DramCommandType::Wr), x);
    const uint64_t pre = x + t.WL + t.tBURST + t.tWR;  // 1044
    EXPECT_EQ(r.log.cycleOf(DramCommandType::Pre), pre);
    ASSERT_GT(pre + t.tRPpb + t.tRCD, x + t.WL + t.tBURST + t.tWTR_L);  // so tWTR_L does not decide the RD
    EXPECT_EQ(r.done[2], pre + t.tRPpb + t.tRCD + t.RL + t.tBURST);  // 1114
}

TEST(DramTiming, TccdSAboveTheBurstSpacesReadsOfTwoBankGroups) {
    // tCCD_S made longer than tBURST (in every preset it is not): alternating bank groups, RDs tCCD_S apart
    DramConfig cfg = noRefresh(ddr4_3200());
    auto& t = cfg.timing;
    t.tCCD_S = t.tBURST + 2;  // 6; tCCD_L = 8 > 6, so the two groups alternate
    ASSERT_GT(t.tCCD_L, t.tCCD_S);
    ASSERT_LE(t.tCCD_L, 2 * t.tCCD_S);
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    const uint64_t x = 1000;  // both rows opened long before
    runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 1, 5, 0)), at(sys, 1, 0, coord(0, 0, 1, 2, 6, 0)),
                   at(sys, 2, x, coord(0, 0, 0, 1, 5, 2), false, 8), at(sys, 3, x, coord(0, 0, 1, 2, 6, 4), false, 8)});
    std::vector<DramCommand> reads;
    for (const DramCommand& c : log.cmds)
        if (c.type == DramCommandType::Rd && c.cycle >= x) reads.push_back(c);
    ASSERT_EQ(reads.size(), 16u);
    for (uint32_t i = 0; i < 16; ++i) {
        EXPECT_EQ(reads[i].cycle, x + i * uint64_t(t.tCCD_S)) << "RD " << i;
        EXPECT_EQ(reads[i].bankGroup, i % 2) << "RD " << i;
    }
}

TEST(DramTiming, WritesDrainBetweenTheWatermarks) {
    // Reads to one open row and writes to another bank, all queued at cycle 0. Below the high watermark
    // the writes wait until no read is left; at it, writes drain down to the low watermark, then the
    // reads go, then the remaining writes (no read waits).
    struct Case {
        uint32_t high, low, writes;
        uint32_t wrFirst, wrLast;  // WRs before the first RD, after the last RD
    };
    const Case cases[] = {{24, 8, 23, 0, 23}, {24, 8, 24, 16, 8}, {24, 8, 30, 22, 8}, {12, 4, 12, 8, 4}};
    for (const Case& k : cases) {
        SCOPED_TRACE("high " + std::to_string(k.high) + " low " + std::to_string(k.low) + " writes " +
                     std::to_string(k.writes));
        DramConfig cfg = noRefresh(ddr4_3200());
        cfg.controller.writeHighWatermark = k.high;
        cfg.controller.writeLowWatermark = k.low;
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        std::vector<Request> reqs;
        const uint32_t reads = 30;
        for (uint32_t i = 0; i < reads; ++i) reqs.push_back(at(sys, i, 0, coord(0, 0, 0, 0, 5, i)));
        for (uint32_t i = 0; i < k.writes; ++i) reqs.push_back(at(sys, reads + i, 0, coord(0, 0, 1, 0, 6, i), true));
        runTrace(sys, reqs);
        std::string order;  // column commands in issue order
        for (const DramCommand& c : log.cmds)
            if (c.type == DramCommandType::Rd || c.type == DramCommandType::Wr) order += c.type == DramCommandType::Rd ? 'R' : 'W';
        EXPECT_EQ(order, std::string(k.wrFirst, 'W') + std::string(reads, 'R') + std::string(k.wrLast, 'W'));
    }
}

TEST(DramTiming, FawLimitsFifthActivation) {
    const DramConfig cfg = noRefresh(hbm2());
    const auto& t = cfg.timing;
    // four ACTs to four bank groups at tRRD_S spacing; the fifth (bank group 0 again) is held by tFAW
    ASSERT_GT(t.tFAW, 4 * t.tRRD_S);
    ASSERT_GT(t.tFAW, t.tRRD_L);
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    std::vector<Request> reqs;
    for (uint32_t i = 0; i < 4; ++i) reqs.push_back(at(sys, i, 0, coord(0, 0, i, 0, 1, 0)));
    reqs.push_back(at(sys, 4, 0, coord(0, 0, 0, 1, 1, 0)));
    const auto done = runTrace(sys, reqs);
    for (uint32_t i = 0; i < 4; ++i) EXPECT_EQ(log.cycleOf(DramCommandType::Act, i), i * t.tRRD_S);
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 4), t.tFAW);
    EXPECT_EQ(done[4], t.tFAW + t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, RrdSpacesActivations) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    // bank group 0 then bank group 1 (tRRD_S), then bank group 1 again (tRRD_L)
    runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 1, 0)), at(sys, 1, 0, coord(0, 0, 1, 0, 1, 0)),
                   at(sys, 2, 0, coord(0, 0, 1, 1, 1, 0))});
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 0), 0u);
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 1), t.tRRD_S);
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 2), t.tRRD_S + t.tRRD_L);
}

TEST(DramTiming, AllBankRefreshBlocksRequest) {
    const DramConfig cfg = ddr4_3200();
    ASSERT_EQ(cfg.controller.refresh, "all_bank");
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    const auto done = runTrace(sys, {at(sys, 0, t.tREFI, coord(0, 0, 2, 3, 50, 0))});
    EXPECT_EQ(log.cycleOf(DramCommandType::Ref), t.tREFI);  // the first REF falls due at tREFI
    EXPECT_EQ(done[0], t.tREFI + t.tRFCab + t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, AllBankRefreshClosesOpenRows) {
    DramConfig cfg = ddr4_3200();
    cfg.timing.tRPab = cfg.timing.tRPpb + 6;  // (equal in the preset: this tells them apart)
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    // the row opened at 0 would be a hit at tREFI, but refresh precharges all banks first
    const auto done =
        runTrace(sys, {at(sys, 0, 0, coord(0, 0, 2, 3, 50, 0)), at(sys, 1, t.tREFI, coord(0, 0, 2, 3, 50, 1))});
    EXPECT_EQ(log.cycleOf(DramCommandType::PreA), t.tREFI);
    EXPECT_EQ(log.cycleOf(DramCommandType::Ref), t.tREFI + t.tRPab);
    EXPECT_EQ(done[1], t.tREFI + t.tRPab + t.tRFCab + t.tRCD + t.RL + t.tBURST);
    EXPECT_EQ(sys.stats().total().refreshes, 1u);
}

TEST(DramTiming, PrechargeAllCountsTheBanksItCloses) {
    // three rows left open (banks in groups 0, 1, 2) when the first all-bank refresh falls due: one PREA
    // closes all three; DRAM energy charges it as three PREs (DRAMPower), so the banks are counted too
    const DramConfig cfg = ddr4_3200();
    DramSystem sys(cfg);
    runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 5, 0)), at(sys, 1, 0, coord(0, 0, 1, 0, 6, 0)),
                   at(sys, 2, 0, coord(0, 0, 2, 3, 7, 0))});
    sys.advanceTo(cfg.timing.tREFI + cfg.timing.tRPab);  // the PREA at tREFI, the REF tRPab later
    const auto tot = sys.stats().total();
    EXPECT_EQ(tot.prechargeAlls, 1u);
    EXPECT_EQ(tot.prechargeAllBanks, 3u);
    EXPECT_EQ(tot.refreshes, 1u);
    EXPECT_EQ(tot.counts.precharges, 0u);
}

TEST(DramTiming, PerBankRefreshGoesToAnIdleBank) {
    const DramConfig cfg = lpddr4_3200();
    ASSERT_EQ(cfg.controller.refresh, "per_bank");
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    // bank 0 has a request when the first REFpb falls due: the refresh takes bank 1, and the request's ACT
    // waits only for the command bus (REFpb goes first, refresh outranks everything at equal cycles), which
    // the REFpb holds for tCMD_REF = 2 cycles on LPDDR4.
    ASSERT_EQ(t.tCMD_REF, 2u);
    const auto done = runTrace(sys, {at(sys, 0, t.tREFIpb, coord(0, 0, 0, 0, 9, 0))});
    ASSERT_GE(log.count(DramCommandType::RefPb), 1u);
    EXPECT_EQ(log.cycleOf(DramCommandType::RefPb), t.tREFIpb);
    EXPECT_EQ(log.cmds.front().bank, 1u);
    EXPECT_EQ(log.cycleOf(DramCommandType::Act), t.tREFIpb + t.tCMD_REF);
    EXPECT_EQ(done[0], t.tREFIpb + t.tCMD_REF + t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, PerBankRefreshBlocksItsBank) {
    DramConfig cfg = lpddr4_3200();
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    // all banks idle at the first due time: the refresh takes bank 0; a request to bank 0 right after waits tRFCpb
    const auto done = runTrace(sys, {at(sys, 0, t.tREFIpb + 1, coord(0, 0, 0, 0, 9, 0))});
    EXPECT_EQ(log.cycleOf(DramCommandType::RefPb), t.tREFIpb);
    EXPECT_EQ(log.cmds.front().bank, 0u);
    EXPECT_EQ(done[0], t.tREFIpb + t.tRFCpb + t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, Lpddr5xPerBankRefreshTakesABankPair) {
    // LPDDR5X: REFpb every tREFIpb = tREFI / 8 per rank, refreshing banks b and b + 8 (bank group + 2).
    const DramConfig cfg = lpddr5x_8533();
    const auto& t = cfg.timing;
    ASSERT_EQ(cfg.organization.banksPerRefpb, 2u);
    ASSERT_EQ(t.tREFIpb, 520u);
    {  // all idle at the first due time: the pair {bg0 ba0, bg2 ba0} is refreshed; bank 8 waits tRFCpb
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        const auto done = runTrace(sys, {at(sys, 0, t.tREFIpb + 1, coord(0, 0, 2, 0, 9, 0)),
                                         at(sys, 1, t.tREFIpb + 1, coord(0, 0, 0, 1, 9, 0))});
        ASSERT_EQ(log.cmds.front().type, DramCommandType::RefPb);
        EXPECT_EQ(log.cmds.front().cycle, t.tREFIpb);
        EXPECT_EQ(log.cmds.front().bankGroup, 0u);
        EXPECT_EQ(log.cmds.front().bank, 0u);
        EXPECT_EQ(done[0], t.tREFIpb + t.tRFCpb + t.tRCD + t.RL + t.tBURST);
        // bank 1 is not in the pair: its ACT issues the cycle after the REFpb
        EXPECT_EQ(done[1], t.tREFIpb + 1 + t.tRCD + t.RL + t.tBURST);
    }
    {  // bank 8 has a request when the refresh falls due: the next idle pair {bg0 ba1, bg2 ba1} is taken
        DramSystem sys(cfg);
        CommandLog log;
        sys.setObserver(&log);
        const auto done = runTrace(sys, {at(sys, 0, t.tREFIpb, coord(0, 0, 2, 0, 9, 0))});
        ASSERT_EQ(log.cmds.front().type, DramCommandType::RefPb);
        EXPECT_EQ(log.cmds.front().bankGroup, 0u);
        EXPECT_EQ(log.cmds.front().bank, 1u);
        EXPECT_EQ(done[0], t.tREFIpb + 1 + t.tRCD + t.RL + t.tBURST);
    }
}

TEST(DramTiming, FrFcfsServesYoungerHitBeforeOlderMiss) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    // 0 opens row 7; 1 (row 8, older) must wait for tRAS to precharge; 2 (row 7, younger) hits meanwhile
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, 1, coord(0, 0, 0, 0, 8, 0)),
                                     at(sys, 2, 2, coord(0, 0, 0, 0, 7, 1))});
    ASSERT_GT(t.tRAS, t.tRCD + t.tCCD_L + t.tRTP);
    EXPECT_EQ(done[2], t.tRCD + t.tCCD_L + t.RL + t.tBURST);          // RD @ RD0 + tCCD_L (same bank group)
    EXPECT_EQ(done[1], t.tRAS + t.tRPpb + t.tRCD + t.RL + t.tBURST);  // PRE @ tRAS
    EXPECT_LT(done[2], done[1]);
}

TEST(DramTiming, FcfsServesOlderMissFirst) {
    DramConfig cfg = noRefresh(ddr4_3200());
    cfg.controller.scheduler = "fcfs";
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, 1, coord(0, 0, 0, 0, 8, 0)),
                                     at(sys, 2, 2, coord(0, 0, 0, 0, 7, 1))});
    const uint64_t act1 = t.tRAS + t.tRPpb;
    EXPECT_EQ(done[1], act1 + t.tRCD + t.RL + t.tBURST);
    const uint64_t act2 = std::max<uint64_t>(act1 + t.tRC, act1 + std::max(t.tRAS, t.tRCD + t.tRTP) + t.tRPpb);
    EXPECT_EQ(done[2], act2 + t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, WriteToReadTurnaround) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const uint64_t x = 1000;
    // rows opened by two reads (bank groups 0 and 1); a write at x to bank group 0; then reads to both groups
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, 0, coord(0, 0, 1, 0, 7, 0)),
                                     at(sys, 2, x, coord(0, 0, 0, 0, 7, 1), true),
                                     at(sys, 3, x + 1, coord(0, 0, 0, 0, 7, 2)),
                                     at(sys, 4, x + 1, coord(0, 0, 1, 0, 7, 2))});
    EXPECT_EQ(done[2], x + t.WL + t.tBURST);
    // the other bank group may read after tWTR_S, the same bank group after tWTR_L
    ASSERT_GE(t.tWTR_L, t.tWTR_S + t.tCCD_S);
    EXPECT_EQ(done[4], x + t.WL + t.tBURST + t.tWTR_S + t.RL + t.tBURST);
    EXPECT_EQ(done[3], x + t.WL + t.tBURST + t.tWTR_L + t.RL + t.tBURST);
}

TEST(DramTiming, ReadToWriteTurnaround) {
    const DramConfig cfg = noRefresh(ddr4_3200());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    const uint64_t x = 1000;
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, x, coord(0, 0, 0, 0, 7, 1)),
                                     at(sys, 2, x + 1, coord(0, 0, 0, 0, 7, 2), true)});
    EXPECT_EQ(done[1], x + t.RL + t.tBURST);
    EXPECT_EQ(done[2], x + t.tRTW + t.WL + t.tBURST);
}

TEST(DramTiming, ClosedPageClosesTheRow) {
    DramConfig cfg = noRefresh(ddr4_3200());
    cfg.controller.pagePolicy = "closed";
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    CommandLog log;
    sys.setObserver(&log);
    const uint64_t x = 1000;
    const auto done = runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 7, 0)), at(sys, 1, x, coord(0, 0, 0, 0, 7, 1))});
    EXPECT_EQ(log.cycleOf(DramCommandType::Pre), std::max<uint64_t>(t.tRAS, t.tRCD + t.tRTP));
    EXPECT_EQ(done[1], x + t.tRCD + t.RL + t.tBURST);  // a miss, not a hit
    EXPECT_EQ(sys.stats().total().counts.rowMisses, 2u);
}

TEST(DramTiming, BoundaryProbeTRCD) {
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    ASSERT_TRUE(sys.trySend(at(sys, 0, 0, coord(0, 0, 0, 0, 3, 0))));
    sys.advanceTo(t.tRCD - 1);  // ACT @0 issued, RD not yet legal
    EXPECT_TRUE(sys.completions().empty());
    EXPECT_EQ(sys.nextEvent(), t.tRCD);
    sys.advanceTo(t.tRCD);
    ASSERT_EQ(sys.completions().size(), 1u);
    EXPECT_EQ(sys.completions()[0].finishCycle, t.tRCD + t.RL + t.tBURST);
}

TEST(DramTiming, BoundaryProbeTRAS) {
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    const auto& t = cfg.timing;
    ASSERT_GT(t.tRAS, t.tRCD + t.tRTP);
    DramSystem sys(cfg);
    ASSERT_TRUE(sys.trySend(at(sys, 0, 0, coord(0, 0, 0, 0, 3, 0))));
    ASSERT_TRUE(sys.trySend(at(sys, 1, 0, coord(0, 0, 0, 0, 4, 0))));
    sys.advanceTo(t.tRAS - 1);
    EXPECT_EQ(sys.stats().total().counts.precharges, 0u);
    EXPECT_EQ(sys.nextEvent(), t.tRAS);
    sys.advanceTo(t.tRAS);
    EXPECT_EQ(sys.stats().total().counts.precharges, 1u);
}

TEST(DramTiming, BoundaryProbeRefreshDue) {
    const DramConfig cfg = ddr4_3200();
    const auto& t = cfg.timing;
    DramSystem sys(cfg);
    sys.advanceTo(t.tREFI - 1);
    EXPECT_EQ(sys.stats().total().refreshes, 0u);
    sys.advanceTo(t.tREFI);
    EXPECT_EQ(sys.stats().total().refreshes, 1u);
    sys.advanceTo(10 * uint64_t(t.tREFI));  // idle: refreshes happen lazily, one per tREFI
    EXPECT_EQ(sys.stats().total().refreshes, 10u);
}

TEST(DramTiming, BackPressureWhenQueueFull) {
    DramConfig cfg = noRefresh(ddr4_3200());
    cfg.controller.readQueueSize = 4;
    DramSystem sys(cfg);
    for (uint32_t i = 0; i < 4; ++i) EXPECT_TRUE(sys.trySend(at(sys, i, 0, coord(0, 0, 0, 0, i, 0))));
    EXPECT_FALSE(sys.trySend(at(sys, 4, 0, coord(0, 0, 0, 0, 4, 0))));
    EXPECT_TRUE(sys.trySend(at(sys, 5, 0, coord(0, 0, 0, 0, 5, 0), true)));  // writes have their own queue
    EXPECT_EQ(sys.queuedRequests(), 5u);
    sys.advanceTo(sys.nextEvent());  // ACT
    sys.advanceTo(sys.nextEvent());  // RD: one read leaves the queue
    EXPECT_TRUE(sys.trySend(at(sys, 4, sys.currentCycle(), coord(0, 0, 0, 0, 4, 0))));
    sys.drain();
    EXPECT_EQ(sys.queuedRequests(), 0u);
    EXPECT_EQ(sys.stats().total().requests(), 6u);
}

TEST(DramTiming, ResultsDoNotDependOnHowOftenTimeIsAdvanced) {
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem coarse(cfg), fine(cfg);
        auto reqs = makeTraffic(coarse, Pattern::Random, 3000, 0.4, 9);
        std::mt19937_64 rng(5);
        uint64_t t = 0;
        for (auto& r : reqs) {
            t += rng() % (cfg.timing.tRC / 2);  // bursts of arrivals that fill the queues now and then
            r.arriveCycle = t;
        }
        const auto a = runTrace(coarse, reqs);
        // the same trace, advancing one cycle at a time (as a clocked wrapper would)
        std::vector<uint64_t> b(reqs.size(), UINT64_MAX);
        size_t next = 0;
        for (uint64_t cycle = 0; next < reqs.size() || fine.queuedRequests() > 0; ++cycle) {
            while (next < reqs.size() && reqs[next].arriveCycle <= cycle && fine.trySend(reqs[next])) ++next;
            fine.advanceTo(cycle);
            fine.forEachCompletion([&](const Completion& c) { b.at(c.id) = c.finishCycle; });
        }
        for (size_t i = 0; i < reqs.size(); ++i) ASSERT_EQ(a[i], b[i]) << "request " << i;
        EXPECT_EQ(coarse.stats().total().counts.activates, fine.stats().total().counts.activates);
    }
}

TEST(DramTiming, IdleRefreshFastForwardIsExact) {
    // Without an observer an idle channel skips whole refresh periods; with one it issues every REF.
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem fast(cfg), slow(cfg);
        CommandLog log;
        slow.setObserver(&log);
        const uint64_t idle = 200 * uint64_t(cfg.timing.tREFI);
        std::vector<Request> reqs;
        for (uint32_t i = 0; i < 64; ++i)
            reqs.push_back(at(fast, i, i < 32 ? i : idle + i, coord(i % cfg.organization.channels, 0, i % 4 % cfg.organization.bankGroups, 0, i, 0), i % 3 == 0));
        const auto a = runTrace(fast, reqs), b = runTrace(slow, reqs);
        EXPECT_EQ(a, b);
        const auto fa = fast.stats().total(), fb = slow.stats().total();
        EXPECT_EQ(fa.refreshes, fb.refreshes);
        EXPECT_EQ(fa.counts.refreshesPerBank, fb.counts.refreshesPerBank);
        EXPECT_GE(fb.refreshes + fb.counts.refreshesPerBank, 199u * cfg.organization.channels * cfg.organization.ranks);
        fast.advanceTo(idle * 10);  // rows left open by the last requests: closed by refresh first
        slow.advanceTo(idle * 10);
        EXPECT_EQ(fast.stats().total().refreshes, slow.stats().total().refreshes);
        EXPECT_EQ(fast.stats().total().counts.refreshesPerBank, slow.stats().total().counts.refreshesPerBank);
        for (size_t c = 0; c < fast.stats().channels.size(); ++c)
            for (size_t k = 0; k < fast.stats().channels[c].banks.size(); ++k)
                ASSERT_EQ(fast.stats().channels[c].banks[k].refreshesPerBank, slow.stats().channels[c].banks[k].refreshesPerBank);
    }
}

TEST(DramTiming, LongAdvanceWithQueuedRequestsCountsTheIdleStretch) {
    // Requests still queued when time jumps far ahead: they are served first, then the idle stretch is
    // counted, not stepped; the results equal stepping every refresh (an observer turns counting off).
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem fast(cfg), slow(cfg);
        CommandLog log;
        slow.setObserver(&log);
        const uint64_t end = 300 * uint64_t(cfg.timing.tREFI) + 7;
        for (DramSystem* sys : {&fast, &slow}) {
            for (uint32_t i = 0; i < 6; ++i)
                ASSERT_TRUE(sys->trySend(at(*sys, i, 0, coord(0, 0, 0, i % 2, 10 + i, 0), i == 3)));
            sys->advanceTo(end);
        }
        EXPECT_EQ(statsKey(fast), statsKey(slow));
        EXPECT_EQ(fast.stats().total().completedRequests, 6u);
        EXPECT_EQ(fast.nextEvent(), slow.nextEvent());
    }
}

TEST(DramTiming, LongIdleAdvanceCountsEveryRefresh) {
    // 2^40 cycles (~17 minutes of LPDDR5X time) idle: counted, not simulated one REF at a time
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        const auto& t = cfg.timing;
        const auto& o = cfg.organization;
        DramSystem sys(cfg);
        runTrace(sys, {at(sys, 0, 0, coord(0, 0, 0, 0, 5, 0))});  // leaves a row open
        const uint64_t end = uint64_t(1) << 40;
        sys.advanceTo(end);
        const bool ab = cfg.controller.refresh == "all_bank";
        const uint64_t interval = ab ? t.tREFI : t.tREFIpb;
        uint64_t expected = 0;
        for (uint32_t r = 0; r < o.ranks; ++r) expected += (end - (interval + uint64_t(r) * interval / o.ranks)) / interval + 1;
        const auto tot = sys.stats().total();
        EXPECT_EQ(ab ? tot.refreshes : tot.counts.refreshesPerBank, expected * o.channels);
        if (!ab) {  // every bank refreshed equally often (within one round); one REFpb refreshes banks_per_refpb
            for (const auto& b : sys.stats().channels[0].banks)
                EXPECT_NEAR(double(b.refreshesPerBank), double(expected) * o.banksPerRefpb / o.banksPerChannel(), 1.0);
        }
    }
}

TEST(DramTiming, CommandsHoldTheCommandBusForTheirCycles) {
    // LPDDR4 (ACT 4, RD/WR 4, PRE 2 command-bus cycles) with tRRD 1 and tCCD 1, so that only the command
    // bus spaces commands to other banks: two closed banks and a third whose other row is open.
    DramConfig cfg = noRefresh(lpddr4_3200());
    auto& t = cfg.timing;
    ASSERT_EQ(t.tCMD_ACT, 4u);
    ASSERT_EQ(t.tCMD_CAS, 4u);
    ASSERT_EQ(t.tCMD_PRE, 2u);
    t.tRRD_S = t.tRRD_L = 1;
    t.tFAW = 0;
    t.tCCD_S = t.tCCD_L = 1;
    t.tBURST = 1;
    // bank 2 opens row 5 first (ACT @0, RD @tRCD); long after, three requests arrive at x together:
    // bank 0 (closed: ACT), bank 1 (closed: ACT), bank 2 row 6 (open row 5: PRE)
    const uint64_t x = 1000;
    const DramSystem addr(cfg);
    const std::vector<Request> reqs = {at(addr, 0, 0, coord(0, 0, 0, 2, 5, 0)),
                                       at(addr, 1, x, coord(0, 0, 0, 0, 7, 0)),
                                       at(addr, 2, x, coord(0, 0, 0, 1, 7, 0)),
                                       at(addr, 3, x, coord(0, 0, 0, 2, 6, 0))};
    const CommandLog log = commandsOf(cfg, reqs);
    // at x all three are ready, oldest first: ACT bank 0 @x, ACT bank 1 @x + 4 (bus), PRE bank 2 @x + 8
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 1), x);
    EXPECT_EQ(log.cmds[2].bank, 0u);
    EXPECT_EQ(log.cycleOf(DramCommandType::Act, 2), x + t.tCMD_ACT);
    EXPECT_EQ(log.cmds[3].bank, 1u);
    EXPECT_EQ(log.cycleOf(DramCommandType::Pre, 0), x + 2 * t.tCMD_ACT);
    // the reads: bank 0 @x + tRCD, bank 1 one read's bus cycles later (not tCCD = 1 later)
    EXPECT_EQ(log.cycleOf(DramCommandType::Rd, 1), x + t.tRCD);
    EXPECT_EQ(log.cycleOf(DramCommandType::Rd, 2), x + t.tRCD + t.tCMD_CAS);
    // and with one-cycle commands the same requests go one cycle apart
    DramConfig one = cfg;
    one.timing.tCMD_ACT = one.timing.tCMD_CAS = one.timing.tCMD_PRE = one.timing.tCMD_REF = 1;
    const CommandLog log1 = commandsOf(one, reqs);
    EXPECT_EQ(log1.cycleOf(DramCommandType::Act, 2), x + 1);
    EXPECT_EQ(log1.cycleOf(DramCommandType::Pre, 0), x + 2);
}

TEST(DramTiming, PrechargesOfARankAreTppdApart) {
    // LPDDR4 (tPPD 4, PRE 2 bus cycles) without refresh: banks 0 and 1 open rows 5 at 0 and tRRD; long
    // after, requests for rows 6 of both arrive together: PRE bank 0 at x, PRE bank 1 at x + tPPD (not at
    // x + tCMD_PRE = x + 2), then the ACTs.
    const DramConfig cfg = noRefresh(lpddr4_3200());
    const auto& t = cfg.timing;
    ASSERT_EQ(t.tPPD, 4u);
    ASSERT_GT(t.tPPD, t.tCMD_PRE);
    const uint64_t x = 1000;
    const DramSystem addr(cfg);
    const std::vector<Request> reqs = {at(addr, 0, 0, coord(0, 0, 0, 0, 5, 0)),
                                       at(addr, 1, 0, coord(0, 0, 0, 1, 5, 0)),
                                       at(addr, 2, x, coord(0, 0, 0, 0, 6, 0)),
                                       at(addr, 3, x, coord(0, 0, 0, 1, 6, 0))};
    const CommandLog log = commandsOf(cfg, reqs);
    EXPECT_EQ(log.cycleOf(DramCommandType::Pre, 0), x);
    EXPECT_EQ(log.cycleOf(DramCommandType::Pre, 1), x + t.tPPD);
    // without tPPD the second PRE waits only for the first one's bus cycles
    DramConfig no = cfg;
    no.timing.tPPD = 0;
    EXPECT_EQ(commandsOf(no, reqs).cycleOf(DramCommandType::Pre, 1), x + t.tCMD_PRE);
}

TEST(DramTiming, BurstsOfAnotherRankWaitTrtrs) {
    // LPDDR5X (two ranks, tRTRS 2) without refresh: a row open in rank 0 and one in rank 1 (bank group 1,
    // so that no same-group constraint applies); long after, a RD to rank 0 at x, then a RD (or a WR) to
    // rank 1 arriving at x too. Rank 0's burst ends at x + RL + tBURST; rank 1's starts tRTRS after that:
    // the RD at x + tBURST + tRTRS = x + 4, the WR at x + RL + tBURST + tRTRS - WL = x + 15. Without the
    // bubble the RD goes at x + tBURST (the data bus), the WR at x + RL + tBURST - WL (tRTW binds only
    // within a rank).
    const DramConfig cfg = noRefresh(lpddr5x_8533());
    const auto& t = cfg.timing;
    ASSERT_EQ(cfg.organization.ranks, 2u);
    ASSERT_EQ(t.tRTRS, 2u);
    const uint64_t x = 1000;
    const DramSystem addr(cfg);
    for (const bool write : {false, true}) {
        SCOPED_TRACE(write ? "RD then WR" : "RD then RD");
        const std::vector<Request> reqs = {at(addr, 0, 0, coord(0, 0, 0, 0, 5, 0)),
                                           at(addr, 1, 0, coord(0, 1, 1, 0, 5, 0), write),
                                           at(addr, 2, x, coord(0, 0, 0, 0, 5, 1)),
                                           at(addr, 3, x, coord(0, 1, 1, 0, 5, 1), write)};
        const DramCommandType second = write ? DramCommandType::Wr : DramCommandType::Rd;
        const uint64_t latency = write ? t.WL : t.RL;
        // (the commands of the two early requests come first: one RD, then a RD or a WR)
        const size_t firstAtX = write ? 1 : 2, secondAtX = write ? 1 : 3;
        const CommandLog log = commandsOf(cfg, reqs);
        EXPECT_EQ(log.cycleOf(DramCommandType::Rd, firstAtX), x);
        EXPECT_EQ(log.cycleOf(second, secondAtX), x + t.RL + t.tBURST + t.tRTRS - latency);
        DramConfig no = cfg;
        no.timing.tRTRS = 0;
        EXPECT_EQ(commandsOf(no, reqs).cycleOf(second, secondAtX), x + t.RL + t.tBURST - latency);
    }
}
