// SPDX-License-Identifier: Apache-2.0
// Test-only: the DRAM presets of configs/dram/*.yaml built in C++, so tests need no YAML
// (DramConfigTest checks that the two agree key by key). Sources per preset: docs/dram.md.
#pragma once

#include <random>
#include <string>
#include <utility>
#include <vector>

#include "hw_models/dram/DramCommandObserverIf.h"
#include "hw_models/dram/DramConfig.h"
#include "hw_models/dram/DramSystem.h"

namespace npu::hw::dram::testspecs {

/// The configuration without refresh, for timing tests that must not see a REF.
inline DramConfig noRefresh(DramConfig c) {
    c.controller.refresh = "none";
    return c;
}

/// A controller variant for tests that sweep scheduler, page policy and refresh mode.
struct ControllerVariant {
    const char* name;
    const char* scheduler;
    const char* page;
    const char* refresh;  // nullptr: the preset's
    DramConfig applyTo(DramConfig c) const {
        c.controller.scheduler = scheduler;
        c.controller.pagePolicy = page;
        if (refresh) c.controller.refresh = refresh;
        return c;
    }
};

/// LPDDR4-3200, x16 channels (DRAMSys JEDEC_8Gb_LPDDR4-3200_16bit), 4 channels = 64-bit, 25.6 GB/s.
inline DramConfig lpddr4_3200() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 4; o.ranks = 1; o.bankGroups = 1; o.banksPerGroup = 8; o.rows = 65536; o.columns = 1024;
    o.deviceWidthBits = 16; o.devicesPerRank = 1; o.banksPerRefpb = 1; o.burstLength = 16;
    auto& t = c.timing;
    t.tCK_ps = 625; t.tRCD = 29; t.tRPpb = 29; t.tRPab = 34; t.tRAS = 68; t.tRC = 97; t.RL = 28; t.WL = 14;
    t.tCCD_S = 8; t.tCCD_L = 8; t.tRRD_S = 16; t.tRRD_L = 16; t.tFAW = 64; t.tWR = 30; t.tWTR_S = 17;
    t.tWTR_L = 17; t.tRTP = 12; t.tRTW = 30; t.tBURST = 8; t.tREFI = 6246; t.tRFCab = 448; t.tRFCpb = 224;
    t.tREFIpb = 780;
    t.tPPD = 4; t.tRTRS = 2; t.tCMD_ACT = 4; t.tCMD_CAS = 4; t.tCMD_PRE = 2; t.tCMD_REF = 2;
    c.controller.refresh = "per_bank";
    auto& p = c.power;
    p.IDD0_mA = 45; p.IDD2N_mA = 27; p.IDD3N_mA = 30; p.IDD4R_mA = 275; p.IDD4W_mA = 210; p.IDD5B_mA = 90;
    p.VDD_V = 1.1;
    return c;
}

/// LPDDR5-6400, BG mode (4 BG x 4 banks), BL16, CK = 800 MHz (WCK:CK = 4:1), 4 x16 channels, 51.2 GB/s.
inline DramConfig lpddr5_6400() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 4; o.ranks = 1; o.bankGroups = 4; o.banksPerGroup = 4; o.rows = 65536; o.columns = 1024;
    o.deviceWidthBits = 16; o.devicesPerRank = 1; o.banksPerRefpb = 2; o.burstLength = 16;
    auto& t = c.timing;
    t.tCK_ps = 1250; t.tRCD = 15; t.tRPpb = 15; t.tRPab = 17; t.tRAS = 34; t.tRC = 49; t.RL = 17; t.WL = 9;
    t.tCCD_S = 2; t.tCCD_L = 4; t.tRRD_S = 4; t.tRRD_L = 4; t.tFAW = 16; t.tWR = 28; t.tWTR_S = 5;
    t.tWTR_L = 12; t.tRTP = 6; t.tRTW = 11; t.tBURST = 2; t.tREFI = 3124; t.tRFCab = 224; t.tRFCpb = 112;
    t.tREFIpb = 390;
    t.tPPD = 2; t.tRTRS = 2; t.tCMD_ACT = 1; t.tCMD_CAS = 1; t.tCMD_PRE = 1; t.tCMD_REF = 1;
    c.controller.refresh = "per_bank";
    return c;   // no power: no public LPDDR5 IDD table
}

/// LPDDR5X-8533 (2024 flagship phone: 4 x16 channels, 2 ranks of 16 Gb), CK = 1066.7 MHz, 68.2 GB/s.
/// These are the DramConfig defaults.
inline DramConfig lpddr5x_8533() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 4; o.ranks = 2; o.bankGroups = 4; o.banksPerGroup = 4; o.rows = 65536; o.columns = 1024;
    o.deviceWidthBits = 16; o.devicesPerRank = 1; o.banksPerRefpb = 2; o.burstLength = 16;
    auto& t = c.timing;
    t.tCK_ps = 938; t.tRCD = 20; t.tRPpb = 20; t.tRPab = 23; t.tRAS = 45; t.tRC = 65; t.RL = 23; t.WL = 12;
    t.tCCD_S = 2; t.tCCD_L = 4; t.tRRD_S = 6; t.tRRD_L = 6; t.tFAW = 22; t.tWR = 37; t.tWTR_S = 7;
    t.tWTR_L = 15; t.tRTP = 8; t.tRTW = 14; t.tBURST = 2; t.tREFI = 4164; t.tRFCab = 299; t.tRFCpb = 150;
    t.tREFIpb = 520;
    t.tPPD = 2; t.tRTRS = 2; t.tCMD_ACT = 1; t.tCMD_CAS = 1; t.tCMD_PRE = 1; t.tCMD_REF = 1;
    c.controller.refresh = "per_bank";
    return c;   // no power: no public LPDDR5X IDD table
}

/// DDR4-3200AA (22-22-22), one 64-bit channel of eight x8 8 Gb devices (DRAMsim3 DDR4_8Gb_x8_3200), 25.6 GB/s.
inline DramConfig ddr4_3200() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 1; o.ranks = 1; o.bankGroups = 4; o.banksPerGroup = 4; o.rows = 65536; o.columns = 1024;
    o.deviceWidthBits = 8; o.devicesPerRank = 8; o.banksPerRefpb = 1; o.burstLength = 8;
    auto& t = c.timing;
    t.tCK_ps = 625; t.tRCD = 22; t.tRPpb = 22; t.tRPab = 22; t.tRAS = 52; t.tRC = 74; t.RL = 22; t.WL = 16;
    t.tCCD_S = 4; t.tCCD_L = 8; t.tRRD_S = 4; t.tRRD_L = 8; t.tFAW = 34; t.tWR = 24; t.tWTR_S = 4;
    t.tWTR_L = 12; t.tRTP = 12; t.tRTW = 12; t.tBURST = 4; t.tREFI = 12480; t.tRFCab = 560; t.tRFCpb = 0;
    t.tREFIpb = 0;
    t.tPPD = 0; t.tRTRS = 2; t.tCMD_ACT = 1; t.tCMD_CAS = 1; t.tCMD_PRE = 1; t.tCMD_REF = 1;
    c.controller.refresh = "all_bank";
    auto& p = c.power;
    p.IDD0_mA = 57; p.IDD2N_mA = 37; p.IDD3N_mA = 52; p.IDD4R_mA = 168; p.IDD4W_mA = 150; p.IDD5B_mA = 250;
    p.VDD_V = 1.2;
    return c;
}

/// HBM2 (DRAMsim3 HBM2_8Gb_x128): 8 x128 legacy channels at 2 Gb/s/pin, 256 GB/s, one rank, 2 KB rows.
inline DramConfig hbm2() {
    DramConfig c;
    auto& o = c.organization;
    o.channels = 8; o.ranks = 1; o.bankGroups = 4; o.banksPerGroup = 4; o.rows = 32768; o.columns = 128;
    o.deviceWidthBits = 128; o.devicesPerRank = 1; o.banksPerRefpb = 1; o.burstLength = 4;
    auto& t = c.timing;
    t.tCK_ps = 1000; t.tRCD = 14; t.tRPpb = 14; t.tRPab = 14; t.tRAS = 34; t.tRC = 48; t.RL = 14; t.WL = 4;
    t.tCCD_S = 1; t.tCCD_L = 2; t.tRRD_S = 4; t.tRRD_L = 6; t.tFAW = 30; t.tWR = 16; t.tWTR_S = 6;
    t.tWTR_L = 8; t.tRTP = 6; t.tRTW = 14; t.tBURST = 2; t.tREFI = 3900; t.tRFCab = 260; t.tRFCpb = 96;
    t.tREFIpb = 243;
    t.tPPD = 0; t.tRTRS = 2; t.tCMD_ACT = 1; t.tCMD_CAS = 1; t.tCMD_PRE = 1; t.tCMD_REF = 1;
    c.controller.refresh = "per_bank";
    auto& p = c.power;
    p.IDD0_mA = 65; p.IDD2N_mA = 40; p.IDD3N_mA = 55; p.IDD4R_mA = 390; p.IDD4W_mA = 500; p.IDD5B_mA = 250;
    p.VDD_V = 1.2;
    return c;
}

/// (file stem in configs/dram/, config)
inline std::vector<std::pair<std::string, DramConfig>> allPresets() {
    return {{"lpddr4-3200", lpddr4_3200()},
            {"lpddr5-6400", lpddr5_6400()},
            {"lpddr5x-8533", lpddr5x_8533()},
            {"ddr4-3200", ddr4_3200()},
            {"hbm2", hbm2()}};
}

/// Records every issued command.
struct CommandLog : DramCommandObserverIf {
    std::vector<DramCommand> cmds;
    void onCommand(const DramCommand& c) override { cmds.push_back(c); }
    /// Cycle of the n-th (0-based) command of a type, or UINT64_MAX.
    uint64_t cycleOf(DramCommandType type, size_t n = 0) const {
        for (const DramCommand& c : cmds)
            if (c.type == type && n-- == 0) return c.cycle;
        return UINT64_MAX;
    }
    size_t count(DramCommandType type) const {
        size_t n = 0;
        for (const DramCommand& c : cmds) n += c.type == type;
        return n;
    }
};

/// Feeds requests (non-decreasing arriveCycle) the way a trace replayer would: everything before a
/// request's arrival is simulated first; a full queue delays the request (back-pressure). `next(Request&)`
/// gives the next request (false at the end); `done(const Completion&)` sees every completion. Runs to the end.
template <class Next, class Done>
void feedInOrder(DramSystem& sys, Next&& next, Done&& done) {
    auto collect = [&] { sys.forEachCompletion(done); };
    for (Request r; next(r);) {
        if (r.arriveCycle > 0) sys.advanceTo(r.arriveCycle - 1);
        while (!sys.trySend(r)) {
            sys.advanceTo(sys.nextEvent());
            collect();
        }
        collect();
    }
    sys.drain();
    collect();
}

/// Everything the statistics say, as one comparable string.
inline std::string statsKey(const DramSystem& sys) {
    std::string k;
    for (const DramChannelStats& c : sys.stats().channels) {
        const auto add = [&](uint64_t v) { k += std::to_string(v) + ','; };
        add(c.counts.reads), add(c.counts.writes), add(c.counts.rowHits), add(c.counts.rowMisses);
        add(c.counts.rowConflicts), add(c.counts.activates), add(c.counts.precharges), add(c.counts.refreshesPerBank);
        add(c.bytesRead), add(c.bytesWritten), add(c.prechargeAlls), add(c.refreshes), add(c.dataBusBusyCycles);
        add(c.completedRequests), add(c.firstArriveCycle), add(c.lastFinishCycle);
        add(c.readLatency.count()), add(uint64_t(c.readLatency.meanCycles() * 1000)), add(c.readLatency.maxCycles());
        add(c.readLatency.percentileCycles(0.5)), add(c.readLatency.percentileCycles(0.99));
        add(c.writeLatency.count()), add(uint64_t(c.writeLatency.meanCycles() * 1000)), add(c.writeLatency.maxCycles());
        for (const DramBankStats& b : c.banks) add(b.reads + 3 * b.writes + 7 * b.rowHits + 11 * b.activates);
        k += '|';
    }
    return k;
}

/// feedInOrder over `reqs`; returns the finish cycle of every request, indexed by id (ids must be 0..n-1).
inline std::vector<uint64_t> runTrace(DramSystem& sys, const std::vector<Request>& reqs) {
    std::vector<uint64_t> finish(reqs.size(), UINT64_MAX);
    size_t i = 0;
    feedInOrder(
        sys, [&](Request& r) { return i < reqs.size() ? (r = reqs[i++], true) : false; },
        [&](const Completion& c) { finish.at(c.id) = c.finishCycle; });
    return finish;
}

/// Feeds requests as fast as the queues accept them: each request's arriveCycle is stamped with the
/// engine's current cycle when it is accepted (a saturating source). Returns finish cycles by id.
inline std::vector<uint64_t> runSaturated(DramSystem& sys, std::vector<Request> reqs) {
    std::vector<uint64_t> finish(reqs.size(), UINT64_MAX);
    auto collect = [&] {
        sys.forEachCompletion([&](const Completion& c) {
            if (finish.at(c.id) != UINT64_MAX) finish.at(c.id) = UINT64_MAX - 1;  // completed twice: flag it
            else finish.at(c.id) = c.finishCycle;
        });
    };
    for (Request& r : reqs) {
        r.arriveCycle = sys.currentCycle();
        while (!sys.trySend(r)) {
            sys.advanceTo(sys.nextEvent());
            r.arriveCycle = sys.currentCycle();
            collect();
        }
    }
    sys.drain();
    collect();
    return finish;
}

enum class Pattern { Sequential, Random, BankConflict };

/// n burst-aligned requests, ids 0..n-1, arriveCycle 0. Sequential: consecutive bursts; Random: uniform
/// over the capacity; BankConflict: two banks of channel 0 / rank 0, random rows among 64 (adversarial).
inline std::vector<Request> makeTraffic(const DramSystem& sys, Pattern p, size_t n, double writeFraction,
                                        uint64_t seed = 1) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const uint64_t burst = sys.burstBytes();
    const uint64_t bursts = sys.config().organization.capacityBytes() / burst;
    std::vector<Request> out;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        Request r;
        r.id = i;
        r.write = u(rng) < writeFraction;
        switch (p) {
            case Pattern::Sequential: r.addr = (i % bursts) * burst; break;
            case Pattern::Random: r.addr = (rng() % bursts) * burst; break;
            case Pattern::BankConflict: {
                DramAddress a;
                a.bank = uint32_t(rng() & 1);
                a.row = uint32_t(rng() % 64) * 97 % sys.config().organization.rows;
                a.column = uint32_t(rng() % sys.config().organization.burstsPerRow());
                r.addr = sys.mapper().encode(a);
                break;
            }
        }
        out.push_back(r);
    }
    return out;
}

/// Multi-burst requests covering [base, base + bytes) as AddressMapper::forEachRowRun splits it (one request
/// per row run, in order of the first burst's address), ids from firstId on, arriveCycle 0.
inline std::vector<Request> rowRunTraffic(const DramSystem& sys, uint64_t base, uint64_t bytes, bool write,
                                          uint64_t firstId = 0) {
    std::vector<Request> out;
    sys.mapper().forEachRowRun(base, bytes, [&](uint64_t addr, uint32_t bursts) {
        out.push_back(Request{addr, write, 0, firstId + out.size(), bursts});
    });
    return out;
}

/// The same range as single-burst requests in address order (what the controller sent before
/// multi-burst requests), ids from firstId on.
inline std::vector<Request> burstTraffic(const DramSystem& sys, uint64_t base, uint64_t bytes, bool write,
                                         uint64_t firstId = 0) {
    std::vector<Request> out;
    const uint64_t burst = sys.burstBytes();
    for (uint64_t a = base - base % burst; a < base + bytes; a += burst) out.push_back(Request{a, write, 0, firstId + out.size()});
    return out;
}

/// n multi-burst requests, ids 0..n-1, arriveCycle 0: each a random run of columns in a random row among
/// `rows` of a random bank (random channel, rank, bank group), `maxBursts` bursts at most.
inline std::vector<Request> randomRowRuns(const DramSystem& sys, size_t n, double writeFraction, uint32_t rows,
                                          uint32_t maxBursts, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const auto& o = sys.config().organization;
    std::vector<Request> out;
    for (size_t i = 0; i < n; ++i) {
        DramAddress a;
        a.channel = uint32_t(rng() % o.channels);
        a.rank = uint32_t(rng() % o.ranks);
        a.bankGroup = uint32_t(rng() % o.bankGroups);
        a.bank = uint32_t(rng() % o.banksPerGroup);
        a.row = uint32_t(rng() % rows) * 37 % o.rows;
        a.column = uint32_t(rng() % o.burstsPerRow());
        const uint32_t room = o.burstsPerRow() - a.column;
        const uint32_t bursts = 1 + uint32_t(rng() % std::min(room, maxBursts));
        out.push_back(Request{sys.mapper().encode(a), u(rng) < writeFraction, 0, i, bursts});
    }
    return out;
}

/// A request to decoded coordinates.
inline Request at(const DramSystem& sys, uint64_t id, uint64_t arrive, DramAddress a, bool write = false,
                  uint32_t bursts = 1) {
    return Request{sys.mapper().encode(a), write, arrive, id, bursts};
}
inline DramAddress coord(uint32_t channel, uint32_t rank, uint32_t bankGroup, uint32_t bank, uint32_t row,
                         uint32_t column) {
    DramAddress a;
    a.channel = channel;
    a.rank = rank;
    a.bankGroup = bankGroup;
    a.bank = bank;
    a.row = row;
    a.column = column;
    return a;
}

}  // namespace npu::hw::dram::testspecs
