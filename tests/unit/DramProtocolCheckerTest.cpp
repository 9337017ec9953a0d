// SPDX-License-Identifier: Apache-2.0
// ProtocolChecker: each kind of violation is caught one cycle early and accepted at the constraint; the
// engine produces zero violations over long random, sequential and bank-conflict traces for every preset.
#include <gtest/gtest.h>

#include "hw_models/dram/DramSystem.h"
#include "hw_models/dram/ProtocolChecker.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;
using T = DramCommandType;

namespace {

// Distinct values so that each probe violates exactly one constraint (tRC > tRAS + tRPpb, tBURST < tCCD_S).
DramConfig checkerConfig() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 1; o.ranks = 2; o.bankGroups = 4; o.banksPerGroup = 4; o.rows = 1024; o.columns = 1024;
    o.deviceWidthBits = 16; o.devicesPerRank = 1; o.burstLength = 16; o.banksPerRefpb = 2;
    auto& t = c.timing;
    t.tCK_ps = 1000; t.tRCD = 10; t.tRPpb = 10; t.tRPab = 12; t.tRAS = 20; t.tRC = 40; t.RL = 8; t.WL = 6;
    t.tCCD_S = 4; t.tCCD_L = 6; t.tRRD_S = 3; t.tRRD_L = 5; t.tFAW = 30; t.tWR = 8; t.tWTR_S = 3; t.tWTR_L = 6;
    t.tRTP = 5; t.tRTW = 9; t.tBURST = 2; t.tREFI = 1000; t.tRFCab = 100; t.tRFCpb = 50; t.tREFIpb = 100;
    t.tPPD = 7;
    t.tRTRS = 0;  // (the data-bus case needs two ranks without a switch bubble; tRTRS has its own test)
    t.tCMD_ACT = t.tCMD_CAS = t.tCMD_PRE = t.tCMD_REF = 1;  // (CommandsHoldTheBus sets them)
    c.controller.refresh = "none";
    c.validate();
    return c;
}

DramCommand cmd(T type, uint64_t cycle, uint32_t rank = 0, uint32_t bg = 0, uint32_t bank = 0, uint32_t row = 1) {
    DramCommand c;
    c.type = type;
    c.cycle = cycle;
    c.rank = rank;
    c.bankGroup = bg;
    c.bank = bank;
    c.row = row;
    return c;
}

struct Case {
    std::string constraint;
    std::vector<DramCommand> prefix;  // legal
    DramCommand probe;                // legal at `legal`, illegal at legal - 1
    uint64_t legal;
};

std::vector<Case> cases() {
    const auto& t = checkerConfig().timing;
    std::vector<Case> v;
    v.push_back({"tRCD", {cmd(T::Act, 0)}, cmd(T::Rd, 0), t.tRCD});
    v.push_back({"tRAS", {cmd(T::Act, 0)}, cmd(T::Pre, 0), t.tRAS});
    v.push_back({"tRPpb", {cmd(T::Act, 0), cmd(T::Pre, 35)}, cmd(T::Act, 0), 35 + t.tRPpb});
    v.push_back({"tRC", {cmd(T::Act, 0), cmd(T::Pre, t.tRAS)}, cmd(T::Act, 0), t.tRC});
    v.push_back({"tRPab", {cmd(T::Act, 0), cmd(T::PreA, 30)}, cmd(T::Act, 0), 30 + t.tRPab});
    v.push_back({"tRRD_S", {cmd(T::Act, 0, 0, 0)}, cmd(T::Act, 0, 0, 1), t.tRRD_S});
    v.push_back({"tRRD_L", {cmd(T::Act, 0, 0, 0, 0)}, cmd(T::Act, 0, 0, 0, 1), t.tRRD_L});
    v.push_back({"tFAW",
                 {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Act, 6, 0, 2), cmd(T::Act, 9, 0, 3)},
                 cmd(T::Act, 0, 0, 0, 1),
                 t.tFAW});
    v.push_back({"tCCD_S",
                 {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Rd, 13, 0, 0)},
                 cmd(T::Rd, 0, 0, 1),
                 13 + t.tCCD_S});
    v.push_back({"tCCD_L",
                 {cmd(T::Act, 0, 0, 0, 0), cmd(T::Act, 5, 0, 0, 1), cmd(T::Rd, 15, 0, 0, 0)},
                 cmd(T::Rd, 0, 0, 0, 1),
                 15 + t.tCCD_L});
    v.push_back({"tWTR_S",
                 {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Wr, 13, 0, 0)},
                 cmd(T::Rd, 0, 0, 1),
                 13 + t.WL + t.tBURST + t.tWTR_S});
    v.push_back({"tWTR_L", {cmd(T::Act, 0), cmd(T::Wr, 10)}, cmd(T::Rd, 0), 10 + t.WL + t.tBURST + t.tWTR_L});
    v.push_back({"tRTW", {cmd(T::Act, 0), cmd(T::Rd, 10)}, cmd(T::Wr, 0), 10 + t.tRTW});
    v.push_back({"tRTP", {cmd(T::Act, 0), cmd(T::Rd, 18)}, cmd(T::Pre, 0), 18 + t.tRTP});
    v.push_back({"tWR", {cmd(T::Act, 0), cmd(T::Wr, 15)}, cmd(T::Pre, 0), 15 + t.WL + t.tBURST + t.tWR});
    v.push_back({"tPPD", {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Pre, 30, 0, 0)}, cmd(T::Pre, 0, 0, 1),
                 30 + t.tPPD});
    v.push_back({"tPPD", {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Pre, 30, 0, 0)}, cmd(T::PreA, 0),
                 30 + t.tPPD});
    v.push_back({"tRFCab", {cmd(T::Ref, 0)}, cmd(T::Act, 0), t.tRFCab});
    v.push_back({"tRFCpb", {cmd(T::RefPb, 0)}, cmd(T::Act, 0), t.tRFCpb});
    v.push_back({"data bus",  // another rank: only the shared data bus constrains the second read
                 {cmd(T::Act, 0, 0), cmd(T::Act, 1, 1), cmd(T::Rd, 10, 0)},
                 cmd(T::Rd, 0, 1),
                 10 + t.tBURST});
    return v;
}

}  // namespace

TEST(DramProtocolChecker, CatchesEachTimingViolationOneCycleEarly) {
    const DramConfig cfg = checkerConfig();
    for (const Case& c : cases()) {
        SCOPED_TRACE(c.constraint);
        {
            ProtocolChecker early(cfg);
            for (const auto& p : c.prefix) early.onCommand(p);
            ASSERT_EQ(early.violationCount(), 0u) << "prefix must be legal: " << early.messages().at(0);
            DramCommand probe = c.probe;
            probe.cycle = c.legal - 1;
            early.onCommand(probe);
            EXPECT_EQ(early.countOf(c.constraint), 1u);
            ASSERT_EQ(early.violationCount(), 1u) << (early.violations().empty() ? "" : early.messages()[0]);
            const ProtocolViolation& v = early.violations()[0];
            EXPECT_EQ(v.constraint, c.constraint);
            EXPECT_EQ(v.earliestLegalCycle, c.legal);
            EXPECT_NE(v.message.find("earliest legal cycle " + std::to_string(c.legal)), std::string::npos) << v.message;
            EXPECT_NE(v.message.find(std::string(commandName(probe.type)) + " "), std::string::npos) << v.message;
        }
        {
            ProtocolChecker atLimit(cfg);
            for (const auto& p : c.prefix) atLimit.onCommand(p);
            DramCommand probe = c.probe;
            probe.cycle = c.legal;
            atLimit.onCommand(probe);
            EXPECT_EQ(atLimit.violationCount(), 0u) << (atLimit.violations().empty() ? "" : atLimit.messages()[0]);
        }
    }
}

TEST(DramProtocolChecker, BurstsOfAnotherRankWaitTrtrs) {
    // tRTRS 3: a burst of rank 1 starts 3 cycles after rank 0's burst ends (RL 8, WL 6, tBURST 2); the
    // probe is illegal one cycle before that and legal at it. A RD of rank 0 at 10 bursts over [18, 20).
    // (A WR of rank 1 at 11 bursts over [17, 19).)
    DramConfig cfg = checkerConfig();
    cfg.timing.tRTRS = 3;
    const auto& t = cfg.timing;
    struct Probe {
        const char* what;
        std::vector<DramCommand> prefix;
        DramCommand probe;
        uint64_t legal;
    };
    const Probe probes[] = {
        {"RD after RD", {cmd(T::Act, 0, 0), cmd(T::Act, 1, 1), cmd(T::Rd, 10, 0)}, cmd(T::Rd, 0, 1),
         10 + t.RL + t.tBURST + t.tRTRS - t.RL},  // 15
        {"WR after RD", {cmd(T::Act, 0, 0), cmd(T::Act, 1, 1), cmd(T::Rd, 10, 0)}, cmd(T::Wr, 0, 1),
         10 + t.RL + t.tBURST + t.tRTRS - t.WL},  // 17 (tRTW 9 is for the same rank only)
        {"RD after WR", {cmd(T::Act, 0, 0), cmd(T::Act, 1, 1), cmd(T::Wr, 11, 1)}, cmd(T::Rd, 0, 0),
         11 + t.WL + t.tBURST + t.tRTRS - t.RL},  // 14 (tWTR is for the same rank only)
    };
    for (const Probe& p : probes) {
        SCOPED_TRACE(p.what);
        for (uint64_t at : {p.legal - 1, p.legal}) {
            ProtocolChecker c(cfg);
            for (const DramCommand& x : p.prefix) c.onCommand(x);
            ASSERT_EQ(c.violationCount(), 0u) << c.messages().at(0);
            DramCommand probe = p.probe;
            probe.cycle = at;
            c.onCommand(probe);
            if (at == p.legal) {
                EXPECT_EQ(c.violationCount(), 0u) << c.messages().at(0);
                continue;
            }
            ASSERT_EQ(c.violationCount(), 1u);
            EXPECT_EQ(c.countOf("tRTRS"), 1u) << c.messages().at(0);
            EXPECT_EQ(c.violations()[0].earliestLegalCycle, p.legal);
        }
    }
    // the same rank again: no bubble (the next RD of rank 0 waits only for tCCD_S)
    ProtocolChecker same(cfg);
    for (const DramCommand& x : {cmd(T::Act, 0, 0, 0), cmd(T::Act, 3, 0, 1), cmd(T::Rd, 13, 0, 0), cmd(T::Rd, 17, 0, 1)})
        same.onCommand(x);
    EXPECT_EQ(same.violationCount(), 0u);
}

TEST(DramProtocolChecker, CommandsHoldTheBusForTheirCycles) {
    // each kind of command at 100, then an ACT to the other rank (which no other constraint holds back):
    // illegal inside the first command's bus cycles, legal right after them
    DramConfig cfg = checkerConfig();
    auto& t = cfg.timing;
    t.tCMD_ACT = 4; t.tCMD_CAS = 3; t.tCMD_PRE = 2; t.tCMD_REF = 5;
    struct Prefix {
        const char* what;
        std::vector<DramCommand> cmds;
        uint32_t len;
    };
    const Prefix prefixes[] = {{"ACT", {cmd(T::Act, 100)}, t.tCMD_ACT},
                               {"RD", {cmd(T::Act, 0), cmd(T::Rd, 100)}, t.tCMD_CAS},
                               {"WR", {cmd(T::Act, 0), cmd(T::Wr, 100)}, t.tCMD_CAS},
                               {"PRE", {cmd(T::Act, 0), cmd(T::Pre, 100)}, t.tCMD_PRE},
                               {"PREA", {cmd(T::Act, 0), cmd(T::PreA, 100)}, t.tCMD_PRE},
                               {"REF", {cmd(T::Ref, 100)}, t.tCMD_REF},
                               {"REFpb", {cmd(T::RefPb, 100)}, t.tCMD_REF}};
    for (const Prefix& p : prefixes) {
        SCOPED_TRACE(p.what);
        for (uint64_t at : {uint64_t(100 + p.len - 1), uint64_t(100 + p.len)}) {
            ProtocolChecker c(cfg);
            for (const DramCommand& x : p.cmds) c.onCommand(x);
            ASSERT_EQ(c.violationCount(), 0u) << c.messages().at(0);
            c.onCommand(cmd(T::Act, at, 1, 3, 3));
            if (at == 100 + p.len) {
                EXPECT_EQ(c.violationCount(), 0u) << c.messages().at(0);
                continue;
            }
            ASSERT_EQ(c.countOf("command bus"), 1u);
            EXPECT_EQ(c.violations()[0].earliestLegalCycle, 100 + p.len);
        }
    }
}

TEST(DramProtocolChecker, AViolatingCommandDoesNotShortenTheBusWindow) {
    DramConfig cfg = checkerConfig();
    cfg.timing.tCMD_ACT = 4;
    ProtocolChecker c(cfg);
    c.onCommand(cmd(T::Act, 100, 0, 0, 0));     // holds the bus through 103
    c.onCommand(cmd(T::Act, 101, 1, 0, 0));     // inside it
    c.onCommand(cmd(T::Act, 103, 0, 1, 1));     // inside the second ACT's cycles (tRRD_S from 100 is met)
    EXPECT_EQ(c.countOf("command bus"), 2u);
    ASSERT_EQ(c.violations().size(), 2u);
    EXPECT_EQ(c.violations()[0].earliestLegalCycle, 104u);
    EXPECT_EQ(c.violations()[1].earliestLegalCycle, 105u);  // (the second ACT's cycles, 101..104, count too)
    c.onCommand(cmd(T::Act, 50, 1, 2, 2));      // backwards: legal once the bus is free (after 103 + 4)
    EXPECT_EQ(c.countOf("command order"), 1u);
    for (const ProtocolViolation& v : c.violations()) {
        if (v.constraint == "command order") {
            EXPECT_EQ(v.earliestLegalCycle, 107u);
        }
    }
}

TEST(DramProtocolChecker, MessageIsReadable) {
    ProtocolChecker c(checkerConfig());
    c.onCommand(cmd(T::Act, 0, 1, 2, 3, 17));
    c.onCommand(cmd(T::Rd, 9, 1, 2, 3, 17));
    ASSERT_EQ(c.violationCount(), 1u);
    EXPECT_EQ(c.messages()[0], "ch0 ra1 bg2 ba3 RD row 17 @9: tRCD violated, earliest legal cycle 10");
}

TEST(DramProtocolChecker, CatchesStateAndBusViolations) {
    const DramConfig cfg = checkerConfig();
    ProtocolChecker c(cfg);
    c.onCommand(cmd(T::Rd, 0));                  // RD to a closed bank
    c.onCommand(cmd(T::Act, 100, 0, 0, 0, 1));
    c.onCommand(cmd(T::Act, 200, 0, 0, 0, 2));   // ACT to an open bank
    c.onCommand(cmd(T::Rd, 300, 0, 0, 0, 5));    // RD to a row that is not open
    c.onCommand(cmd(T::Ref, 400));               // REF with a bank open
    c.onCommand(cmd(T::RefPb, 500, 0, 0, 0));    // REFpb to an open bank
    EXPECT_EQ(c.countOf("state"), 5u);
    c.onCommand(cmd(T::Act, 600, 1, 1, 1));
    c.onCommand(cmd(T::Act, 600, 1, 2, 1));      // two commands in one cycle
    EXPECT_EQ(c.countOf("command bus"), 1u);
    c.onCommand(cmd(T::Act, 599, 1, 3, 1));      // cycle goes backwards
    EXPECT_EQ(c.countOf("command order"), 1u);
}

TEST(DramProtocolChecker, RefpbCoversItsBankPair) {
    // banks_per_refpb 2 with 16 banks per rank: REFpb to bank 0 (bg 0, ba 0) also refreshes bank 8 (bg 2, ba 0)
    const DramConfig cfg = checkerConfig();
    ProtocolChecker c(cfg);
    c.onCommand(cmd(T::Act, 0, 0, 2, 0));
    c.onCommand(cmd(T::RefPb, 100, 0, 0, 0));   // the partner bank is open
    EXPECT_EQ(c.countOf("state"), 1u);
    c.onCommand(cmd(T::Pre, 200, 0, 2, 0));
    c.onCommand(cmd(T::RefPb, 300, 0, 0, 1));   // bank 1 and bank 9: both closed
    c.onCommand(cmd(T::Act, 300 + cfg.timing.tRFCpb - 1, 0, 2, 1));  // bank 9 one cycle inside tRFCpb
    EXPECT_EQ(c.countOf("tRFCpb"), 1u);
    c.onCommand(cmd(T::Act, 400, 0, 1, 1));     // bank 5 is not in the pair
    EXPECT_EQ(c.violationCount(), 2u);
}

TEST(DramProtocolChecker, CatchesMissingRefresh) {
    DramConfig cfg = checkerConfig();
    cfg.controller.refresh = "all_bank";
    ProtocolChecker ab(cfg);
    ab.onCommand(cmd(T::Ref, 5 * uint64_t(cfg.timing.tREFI)));
    EXPECT_EQ(ab.violationCount(), 0u);
    ab.onCommand(cmd(T::Ref, 15 * uint64_t(cfg.timing.tREFI)));  // 10 intervals since the last REF
    EXPECT_EQ(ab.countOf("tREFI"), 1u);
    ab.finish(30 * uint64_t(cfg.timing.tREFI));  // rank 0 since 15 tREFI, rank 1 never refreshed
    EXPECT_EQ(ab.countOf("tREFI"), 3u);

    cfg.controller.refresh = "per_bank";
    ProtocolChecker pb(cfg);
    pb.finish(uint64_t(cfg.timing.tREFIpb) * cfg.organization.refpbStride() * 10);
    EXPECT_EQ(pb.countOf("tREFIpb"), uint64_t(cfg.organization.banksPerChannel()));
}

TEST(DramProtocolChecker, EngineHasNoViolations) {
    const ControllerVariant variants[] = {{"frfcfs-open", "frfcfs", "open", nullptr},
                                {"fcfs-closed", "fcfs", "closed", nullptr},
                                {"frfcfs-closed-allbank", "frfcfs", "closed", "all_bank"}};
    for (const auto& [name, preset] : allPresets()) {
        for (const ControllerVariant& var : variants) {
            for (Pattern pat : {Pattern::Random, Pattern::Sequential, Pattern::BankConflict}) {
                const DramConfig cfg = var.applyTo(preset);
                SCOPED_TRACE(name + " " + var.name + " pattern " + std::to_string(int(pat)));
                DramSystem sys(cfg);
                ProtocolChecker checker(cfg);
                sys.setObserver(&checker);
                const size_t n = 12000;
                const auto finish = runSaturated(sys, makeTraffic(sys, pat, n, 0.3, 7));
                checker.finish(sys.stats().total().lastFinishCycle);
                EXPECT_EQ(checker.violationCount(), 0u)
                    << (checker.violations().empty() ? "" : checker.messages()[0]);
                EXPECT_GT(checker.commandCount(), n);
                for (size_t i = 0; i < n; ++i) ASSERT_LT(finish[i], UINT64_MAX - 1) << "request " << i;
                const auto tot = sys.stats().total();
                EXPECT_EQ(tot.requests(), n);
                EXPECT_EQ(tot.bytes(), n * sys.burstBytes());
                EXPECT_EQ(tot.counts.rowHits + tot.counts.rowMisses + tot.counts.rowConflicts, n);
            }
        }
    }
}

TEST(DramProtocolChecker, EngineHasNoViolationsWhenEveryConstraintCanBind) {
    // The presets leave some constraints never binding (tRC <= tRAS + tRPpb, tCCD_S <= tBURST, tRPab ==
    // tRPpb in DDR4): with the checker's distinct values each of them can decide a command.
    for (const char* refresh : {"none", "per_bank", "all_bank"}) {
        for (const char* sched : {"frfcfs", "fcfs"}) {
            DramConfig cfg = checkerConfig();
            cfg.controller.refresh = refresh;
            cfg.timing.tREFIpb = 200;  // (room for two row cycles of 40 after a REFpb of 50)
            cfg.controller.scheduler = sched;
            SCOPED_TRACE(std::string(refresh) + " " + sched);
            for (Pattern pat : {Pattern::Random, Pattern::BankConflict}) {
                DramSystem sys(cfg);
                ProtocolChecker checker(cfg);
                sys.setObserver(&checker);
                const size_t n = 6000;
                runSaturated(sys, makeTraffic(sys, pat, n, 0.3, 5));
                checker.finish(sys.stats().total().lastFinishCycle);
                EXPECT_EQ(checker.violationCount(), 0u) << (checker.violations().empty() ? "" : checker.messages()[0]);
                EXPECT_EQ(sys.stats().total().requests(), n);
            }
        }
    }
}

TEST(DramProtocolChecker, EngineHasNoViolationsWithSparseArrivals) {
    // Poisson-like arrivals with idle gaps: refresh falls due while idle, requests arrive mid-refresh
    for (const auto& [name, cfg] : allPresets()) {
        SCOPED_TRACE(name);
        DramSystem sys(cfg);
        ProtocolChecker checker(cfg);
        sys.setObserver(&checker);
        auto reqs = makeTraffic(sys, Pattern::Random, 6000, 0.4, 11);
        std::mt19937_64 rng(3);
        uint64_t t = 0;
        for (auto& r : reqs) {
            t += rng() % (2 * cfg.timing.tRC);
            r.arriveCycle = t;
        }
        const auto finish = runTrace(sys, reqs);
        checker.finish(t + 10 * uint64_t(cfg.timing.tRC));
        EXPECT_EQ(checker.violationCount(), 0u) << (checker.violations().empty() ? "" : checker.messages()[0]);
        for (size_t i = 0; i < reqs.size(); ++i) {
            ASSERT_NE(finish[i], UINT64_MAX);
            EXPECT_GE(finish[i], reqs[i].arriveCycle + cfg.timing.WL + cfg.timing.tBURST);
        }
    }
}
