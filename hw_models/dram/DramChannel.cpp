// SPDX-License-Identifier: Apache-2.0
// Models: one DRAM channel, event-driven (see DramChannel.h). The scheduler never steps idle cycles:
// it computes for every bank's next command the earliest legal cycle, issues the best command at the
// smallest such cycle (FR-FCFS: row hits first, then oldest), updates the state and repeats.
// Ignores: see DramChannel.h.
#include "hw_models/dram/DramChannel.h"

#include <algorithm>

namespace npu::hw::dram {
namespace {

template <class F>
inline void forEachBit(const uint64_t* words, uint32_t nWords, F&& f) {
    for (uint32_t wi = 0; wi < nWords; ++wi) {
        uint64_t m = words[wi];
        while (m) {
            f(wi * 64 + uint32_t(__builtin_ctzll(m)));
            m &= m - 1;
        }
    }
}

}  // namespace

DramChannel::DramChannel(const DramConfig& cfg, uint32_t index, DramChannelStats& stats,
                         std::vector<Completion>& completions)
    : t_(cfg.timing),
      bt_(BankTiming::from(cfg.timing)),
      index_(index),
      ranks_(cfg.organization.ranks),
      bankGroups_(cfg.organization.bankGroups),
      banksPerGroup_(cfg.organization.banksPerGroup),
      banksPerRank_(cfg.organization.banksPerRank()),
      banks_(cfg.organization.banksPerChannel()),
      burstBytes_(cfg.organization.burstBytes()),
      closedPage_(cfg.controller.pagePolicy == "closed"),
      fcfs_(cfg.controller.scheduler == "fcfs"),
      refreshMode_(cfg.controller.refresh == "all_bank" ? 1 : cfg.controller.refresh == "per_bank" ? 2 : 0),
      capacity_{cfg.controller.readQueueSize, cfg.controller.writeQueueSize},
      writeHigh_(cfg.controller.writeHighWatermark),
      writeLow_(cfg.controller.writeLowWatermark),
      wrToRdS_(cfg.timing.WL + cfg.timing.tBURST + cfg.timing.tWTR_S),
      wrToRdL_(cfg.timing.WL + cfg.timing.tBURST + cfg.timing.tWTR_L),
      stats_(stats),
      completions_(completions) {
    rankOf_.resize(banks_);
    rgOf_.resize(banks_);
    bgOf_.resize(banks_);
    baOf_.resize(banks_);
    rankMask_.resize(ranks_);
    for (uint32_t b = 0; b < banks_; ++b) {
        rankOf_[b] = b / banksPerRank_;
        rgOf_[b] = b / banksPerGroup_;
        bgOf_[b] = (b / banksPerGroup_) % bankGroups_;
        baOf_[b] = b % banksPerGroup_;
        rankMask_[rankOf_[b]].set(b);
    }
    for (int m = 0; m < 2; ++m) {
        slots_[m].resize(capacity_[m]);
        free_[m].reserve(capacity_[m]);
        for (int32_t i = int32_t(capacity_[m]) - 1; i >= 0; --i) free_[m].push_back(i);
        cTime_[m].assign(banks_, UINT64_MAX);
        cLow_[m].assign(banks_, UINT64_MAX);
        cPrio_[m].assign(banks_, kPrioNone);
        cCons_[m].assign(banks_, 0);
        cCmd_[m].assign(banks_, kNone);
        cSlot_[m].assign(banks_, kNil);
        cRow_[m].assign(banks_, 0);
        for (uint32_t b = 0; b < banks_; ++b) dirty_[m].set(b);
    }
    queues_.resize(banks_);
    bankState_.resize(banks_);
    openCount_.assign(ranks_, 0);
    faw_.assign(size_t(ranks_) * 4, 0);
    fawPos_.assign(ranks_, 0);
    fawCount_.assign(ranks_, 0);
    refDue_.assign(ranks_, UINT64_MAX);
    refActive_.assign(ranks_, 0);
    refTarget_.assign(ranks_, kNil);
    refDone_.assign(banks_, 0);
    refDoneCount_.assign(ranks_, 0);
    for (uint32_t r = 0; r < ranks_; ++r) {  // ranks staggered by interval / ranks
        if (refreshMode_ == 1) refDue_[r] = t_.tREFI + uint64_t(r) * t_.tREFI / ranks_;
        if (refreshMode_ == 2) refDue_[r] = t_.tREFIpb + uint64_t(r) * t_.tREFIpb / ranks_;
    }
    updateNextDue();
    rankGroups_ = ranks_ * bankGroups_;
    rgCons_.assign(4 * size_t(rankGroups_), 0);
    stats_.banks.assign(banks_, DramBankStats{});
}

void DramChannel::updateMode() {
    // Queue counts change only on enqueue and dequeue, so deciding here equals deciding every cycle.
    const uint32_t reads = count_[0], writes = count_[1];
    const bool w = writeMode_ ? !(writes == 0 || (writes <= writeLow_ && reads > 0))
                              : (writes >= writeHigh_ || (reads == 0 && writes > 0));
    if (w != writeMode_) {
        writeMode_ = w;
        bestValid_ = false;
    }
}

void DramChannel::enqueue(const Request& req, const DramAddress& a) {
    const int m = req.write ? 1 : 0;
    const int32_t s = free_[m].back();
    free_[m].pop_back();
    const uint32_t b = (a.rank * bankGroups_ + a.bankGroup) * banksPerGroup_ + a.bank;
    Slot& sl = slots_[m][s];
    sl.arrive = req.arriveCycle;
    sl.seq = seq_++;
    sl.id = req.id;
    sl.row = a.row;
    sl.column = a.column;
    sl.bank = b;
    sl.outcome = kUnknown;
    // insert in arrival order (normally at the tail)
    BankQueue& q = queues_[b];
    int32_t after = q.tail[m];
    while (after != kNil && slots_[m][after].arrive > sl.arrive) after = slots_[m][after].prev;
    sl.prev = after;
    sl.next = after == kNil ? q.head[m] : slots_[m][after].next;
    if (sl.prev == kNil) q.head[m] = s; else slots_[m][sl.prev].next = s;
    if (sl.next == kNil) q.tail[m] = s; else slots_[m][sl.next].prev = s;
    ++q.count[m];
    ++count_[m];
    const BankState& bs = bankState_[b];
    if (bs.isOpen() && bs.openRow() == a.row) ++q.hits[m];
    work_[m].set(b);
    dirtyBank(b);
    updateMode();

    if (!bestValid_) return;
    if (fcfs_ || cachedBest_.bank == int32_t(b) || cachedBest_.bank == kNil || blocked_.test(b)) {
        bestValid_ = false;
        return;
    }
    // only bank b changed: compare its new candidate with the cached best
    const int cm = writeMode_ ? 1 : 0;
    computeCand(b, cm);
    const uint64_t t = std::max({cTime_[cm][b], rgCons_[cCons_[cm][b]], now()});
    if (cachedBest_.before(t, cPrio_[cm][b])) cachedBest_ = pickOf(b, cm, t);
}

void DramChannel::computeCand(uint32_t b, int m) const {
    const BankQueue& q = queues_[b];
    const BankState& bs = bankState_[b];
    dirty_[m].clear(b);
    auto set = [&](uint8_t cmd, uint8_t type, uint64_t time, uint64_t prio, int32_t slot, uint32_t row) {
        cCmd_[m][b] = cmd;
        cLow_[m][b] = time;
        cCons_[m][b] = uint16_t(type * rankGroups_ + rgOf_[b]);
        cTime_[m][b] = time;
        cPrio_[m][b] = prio;
        cSlot_[m][b] = slot;
        cRow_[m][b] = row;
    };
    auto forRequest = [&](int32_t s, uint8_t cmd, uint8_t type, uint64_t bankTime, uint64_t cls) {
        const Slot& sl = slots_[m][s];
        set(cmd, type, std::max(bankTime, sl.arrive), prioOf(cls, sl.seq), s, sl.row);
    };
    const uint8_t cas = m ? kWr : kRd, casType = m ? 2 : 1;
    if (bs.isOpen()) {
        if (q.count[m] != 0) {
            if (fcfs_) {
                const int32_t h = q.head[m];
                if (slots_[m][h].row == bs.openRow()) forRequest(h, cas, casType, bs.nextRdCycle(), 1);
                else forRequest(h, kPre, 0, bs.nextPreCycle(), 2);
                return;
            }
            if (q.hits[m] != 0) {
                int32_t h = q.head[m];
                while (slots_[m][h].row != bs.openRow()) h = slots_[m][h].next;
                forRequest(h, cas, casType, bs.nextRdCycle(), 1);
            } else {
                forRequest(q.head[m], kPre, 0, bs.nextPreCycle(), 2);
            }
            return;
        }
        if (closedPage_ && q.hits[0] == 0 && q.hits[1] == 0) {  // close the row: nobody wants it
            set(kPre, 0, bs.nextPreCycle(), prioOf(3, UINT64_MAX), kNil, bs.openRow());
            return;
        }
    } else if (q.count[m] != 0) {
        forRequest(q.head[m], kAct, 3, bs.nextActCycle(), 2);
        return;
    }
    set(kNone, 0, UINT64_MAX, kPrioNone, kNil, 0);
}

DramChannel::Pick DramChannel::pickOf(uint32_t b, int m, uint64_t time) const {
    Pick p;
    p.time = time;
    p.prio = cPrio_[m][b];
    p.bank = int32_t(b);
    p.slot = cSlot_[m][b];
    p.rank = int32_t(rankOf_[b]);
    p.row = cRow_[m][b];
    p.cmd = cCmd_[m][b];
    return p;
}

void DramChannel::refreshCandidate(uint32_t r, uint64_t now, Pick& best) const {
    uint64_t t = std::max(now, refDue_[r]);
    Pick p;
    p.rank = int32_t(r);
    p.prio = prioOf(0, r);
    if (refreshMode_ == 1) {
        if (openCount_[r] != 0) {
            p.cmd = kPreA;
            forEachBit(rankMask_[r].w, (banks_ + 63) / 64, [&](uint32_t b) {
                if (bankState_[b].isOpen()) t = std::max(t, bankState_[b].nextPreCycle());
            });
        } else {
            p.cmd = kRef;
            forEachBit(rankMask_[r].w, (banks_ + 63) / 64,
                       [&](uint32_t b) { t = std::max(t, bankState_[b].nextActCycle()); });
        }
    } else {
        const uint32_t b = uint32_t(refTarget_[r]);
        p.bank = int32_t(b);
        if (bankState_[b].isOpen()) {
            p.cmd = kPre;
            t = std::max(t, bankState_[b].nextPreCycle());
        } else {
            p.cmd = kRefPb;
            t = std::max(t, bankState_[b].nextActCycle());
        }
    }
    p.time = t;
    if (best.before(p.time, p.prio)) best = p;
}

DramChannel::Pick DramChannel::scan(bool writeMode, uint64_t now) const {
    Pick best;
    const int m = writeMode ? 1 : 0;
    const uint32_t nWords = (banks_ + 63) / 64;
    if (refreshMode_ != 0)
        for (uint32_t r = 0; r < ranks_; ++r)
            if (refActive_[r]) refreshCandidate(r, now, best);

    uint64_t avail[4];
    for (uint32_t i = 0; i < nWords; ++i) {
        avail[i] = (work_[m].w[i] | (closedPage_ ? open_.w[i] : 0)) & ~blocked_.w[i];
        uint64_t d = avail[i] & dirty_[m].w[i];
        while (d) {
            computeCand(i * 64 + uint32_t(__builtin_ctzll(d)), m);
            d &= d - 1;
        }
    }
    const uint64_t* prio = cPrio_[m].data();
    if (fcfs_) {  // strict FCFS: only the oldest request of the mode may move (blocked banks included)
        int32_t oldest = kNil;
        uint64_t os = UINT64_MAX;
        forEachBit(work_[m].w, nWords, [&](uint32_t b) {
            const uint64_t seq = slots_[m][queues_[b].head[m]].seq;
            if (seq < os) {
                os = seq;
                oldest = int32_t(b);
            }
        });
        for (uint32_t i = 0; i < nWords; ++i) {  // row-closing PREs may go too
            uint64_t keep = 0, c = avail[i];
            while (c) {
                const uint32_t b = i * 64 + uint32_t(__builtin_ctzll(c));
                c &= c - 1;
                if ((prio[b] >> 62) == 3 && cCmd_[m][b] == kPre) keep |= uint64_t(1) << (b & 63);
            }
            avail[i] = keep;
        }
        if (oldest != kNil && !blocked_.test(uint32_t(oldest))) avail[oldest >> 6] |= uint64_t(1) << (oldest & 63);
    }
    const uint64_t* time = cTime_[m].data();
    const uint16_t* consIdx = cCons_[m].data();
    const uint64_t* cons = rgCons_.data();
    uint64_t bestT = best.time, bestP = best.prio;
    int32_t bestBank = kNil;
    uint64_t* low = cLow_[m].data();
    auto eval = [&](uint32_t b) {
        const uint64_t u = std::max(time[b], cons[consIdx[b]]);  // exact earliest cycle, before `now`
        low[b] = u;
        const uint64_t t = std::max(u, now), p = prio[b];
        if (t < bestT || (t == bestT && p < bestP)) {
            bestT = t;
            bestP = p;
            bestBank = int32_t(b);
        }
    };
    // Pass 1: only candidates whose lower bound says they may be ready now. If one is, nothing with a
    // bound beyond `now` can beat it. Pass 2 otherwise: the rest, skipping bounds beyond the best so far.
    for (uint32_t i = 0; i < nWords; ++i)
        for (uint64_t c = avail[i]; c; c &= c - 1) {
            const uint32_t b = i * 64 + uint32_t(__builtin_ctzll(c));
            if (low[b] <= now) eval(b);
        }
    if (bestT > now)
        for (uint32_t i = 0; i < nWords; ++i)
            for (uint64_t c = avail[i]; c; c &= c - 1) {
                const uint32_t b = i * 64 + uint32_t(__builtin_ctzll(c));
                if (low[b] > now && low[b] <= bestT) eval(b);
            }
    if (bestBank != kNil) best = pickOf(uint32_t(bestBank), m, bestT);
    return best;
}

void DramChannel::updateNextDue() {
    nextDue_ = UINT64_MAX;
    nextDueRank_ = kNil;
    if (refreshMode_ == 0) return;
    for (uint32_t r = 0; r < ranks_; ++r)
        if (!refActive_[r] && refDue_[r] < nextDue_) {
            nextDue_ = refDue_[r];
            nextDueRank_ = int32_t(r);
        }
}

void DramChannel::activateRefresh(uint32_t r) {
    refActive_[r] = 1;
    if (refreshMode_ == 1) {
        for (uint32_t i = 0; i < 4; ++i) blocked_.w[i] |= rankMask_[r].w[i];
    } else {
        // Per-bank: any bank not yet refreshed in this round, preferring one with nothing queued
        // (then closed, then the lowest index), so that refresh hides behind idle banks.
        const uint32_t first = r * banksPerRank_;
        int32_t pick = kNil;
        int score = -1;
        for (uint32_t b = first; b < first + banksPerRank_; ++b) {
            if (refDone_[b]) continue;
            const bool idle = queues_[b].count[0] + queues_[b].count[1] == 0;
            const int s = (idle ? 2 : 0) + (bankState_[b].isOpen() ? 0 : 1);
            if (s > score) {
                score = s;
                pick = int32_t(b);
            }
        }
        refTarget_[r] = pick;
        blocked_.set(uint32_t(pick));
    }
    updateNextDue();
    bestValid_ = false;
}

const DramChannel::Pick* DramChannel::pickNext(uint64_t cycleLimit) {
    for (;;) {
        if (!bestValid_) {
            cachedBest_ = scan(writeMode_, now());
            bestValid_ = true;
        }
        if (nextDue_ <= cachedBest_.time) {
            if (nextDue_ > cycleLimit) return nullptr;  // the refresh falls due after the window: start it later
            activateRefresh(uint32_t(nextDueRank_));
            continue;
        }
        if (cachedBest_.cmd == kNone || cachedBest_.time > cycleLimit) return nullptr;
        return &cachedBest_;
    }
}

void DramChannel::fastForwardIdleRefresh(uint64_t cycle) {
    // Idle channel, all banks closed, no refresh in progress: each REF / REFpb would issue exactly at its
    // due cycle, so whole refresh periods can be counted instead of simulated. One period before `cycle`
    // is left to the normal path, so the bank state ends up identical.
    if (observer_ || refreshMode_ == 0 || count_[0] + count_[1] != 0) return;
    for (uint32_t i = 0; i < 4; ++i)
        if (open_.w[i] | blocked_.w[i]) return;
    for (uint32_t r = 0; r < ranks_; ++r) {
        if (refActive_[r]) return;
        // per-bank: idle rounds refresh banks in index order, so the banks done form a prefix; a whole
        // period from such a state refreshes every bank once and returns to the same state
        for (uint32_t i = 0; i < banksPerRank_; ++i)
            if (refDone_[r * banksPerRank_ + i] != (i < refDoneCount_[r])) return;
    }
    const uint64_t period = refreshMode_ == 1 ? t_.tREFI : uint64_t(t_.tREFIpb) * banksPerRank_;
    if (nextDue_ == UINT64_MAX || cycle < nextDue_ || cycle - nextDue_ < 3 * period) return;
    const uint64_t k = (cycle - nextDue_) / period - 1;
    for (uint32_t r = 0; r < ranks_; ++r) {
        if (refDue_[r] >= nextDue_ + period) return;  // not in steady state
    }
    for (uint32_t r = 0; r < ranks_; ++r) refDue_[r] += k * period;
    if (refreshMode_ == 1) {
        stats_.refreshes += k * ranks_;
    } else {
        for (uint32_t b = 0; b < banks_; ++b) stats_.banks[b].refreshesPerBank += k;
        stats_.counts.refreshesPerBank += k * banks_;
    }
    updateNextDue();
    bestValid_ = false;
}

void DramChannel::advanceTo(uint64_t cycle) {
    if (refreshMode_ != 0 && !observer_ && count_[0] + count_[1] == 0 && nextDue_ <= cycle) {
        // Long idle stretch: two refresh periods simulated normally close every row and complete the
        // per-bank round; whole periods after that are counted (fastForwardIdleRefresh).
        const uint64_t period = refreshMode_ == 1 ? t_.tREFI : uint64_t(t_.tREFIpb) * banksPerRank_;
        if (cycle - nextDue_ >= 4 * period) {
            advanceEvents(nextDue_ + 2 * period);
            fastForwardIdleRefresh(cycle);
        }
    }
    advanceEvents(cycle);
}

void DramChannel::advanceEvents(uint64_t cycle) {
    // fast path: nothing can happen up to `cycle` (cached decision still valid)
    if (!(bestValid_ && cachedBest_.time > cycle && nextDue_ > cycle))
        while (const Pick* p = pickNext(cycle)) issue(Pick(*p));
    if (cycle > floor_) floor_ = cycle;
}

uint64_t DramChannel::nextActivity() const {
    if (!bestValid_) {
        cachedBest_ = scan(writeMode_, now());
        bestValid_ = true;
    }
    return std::min(cachedBest_.time, nextDue_);
}

void DramChannel::recountHits(uint32_t b) {
    BankQueue& q = queues_[b];
    const uint32_t row = bankState_[b].openRow();
    for (int m = 0; m < 2; ++m) {
        uint32_t n = 0;
        for (int32_t s = q.head[m]; s != kNil; s = slots_[m][s].next) n += slots_[m][s].row == row;
        q.hits[m] = n;
    }
}

void DramChannel::notify(uint64_t t, uint8_t cmd, int32_t bank, uint32_t rank, uint32_t row, uint32_t column) {
    if (!observer_) return;
    DramCommand c;
    c.cycle = t;
    c.channel = index_;
    c.rank = rank;
    if (bank != kNil) {
        c.bankGroup = bgOf_[uint32_t(bank)];
        c.bank = baOf_[uint32_t(bank)];
    }
    c.row = row;
    c.column = column;
    switch (cmd) {
        case kAct: c.type = DramCommandType::Act; break;
        case kPre: c.type = DramCommandType::Pre; break;
        case kPreA: c.type = DramCommandType::PreA; break;
        case kRd: c.type = DramCommandType::Rd; break;
        case kWr: c.type = DramCommandType::Wr; break;
        case kRef: c.type = DramCommandType::Ref; break;
        case kRefPb: c.type = DramCommandType::RefPb; break;
        default: return;
    }
    observer_->onCommand(c);
}

void DramChannel::serve(const Pick& p, uint64_t t) {
    const int m = p.cmd == kWr ? 1 : 0;
    const uint32_t b = uint32_t(p.bank), r = rankOf_[b], rg = rgOf_[b];
    Slot& sl = slots_[m][p.slot];
    BankState& bs = bankState_[b];
    DramBankStats& bank = stats_.banks[b];
    uint64_t finish;
    uint64_t* rdRg = &rgCons_[1 * size_t(rankGroups_)];
    uint64_t* wrRg = &rgCons_[2 * size_t(rankGroups_)];
    const uint32_t g0 = r * bankGroups_, g1 = g0 + bankGroups_;
    if (m == 0) {
        bs.read(t, bt_);
        for (uint32_t g = g0; g < g1; ++g) {  // same rank: tCCD_S, tRTW
            rdRg[g] = std::max(rdRg[g], t + t_.tCCD_S);
            wrRg[g] = std::max(wrRg[g], t + t_.tRTW);
        }
        rdRg[rg] = std::max(rdRg[rg], t + t_.tCCD_L);  // same bank group
        finish = t + t_.RL + t_.tBURST;
        ++bank.reads;
        ++stats_.counts.reads;
        stats_.bytesRead += burstBytes_;
        stats_.readLatency.add(finish - std::min(finish, sl.arrive));
    } else {
        bs.write(t, bt_);
        for (uint32_t g = g0; g < g1; ++g) {  // same rank: tCCD_S, WL + tBURST + tWTR_S
            wrRg[g] = std::max(wrRg[g], t + t_.tCCD_S);
            rdRg[g] = std::max(rdRg[g], t + wrToRdS_);
        }
        wrRg[rg] = std::max(wrRg[rg], t + t_.tCCD_L);  // same bank group
        rdRg[rg] = std::max(rdRg[rg], t + wrToRdL_);
        finish = t + t_.WL + t_.tBURST;
        ++bank.writes;
        ++stats_.counts.writes;
        stats_.bytesWritten += burstBytes_;
        stats_.writeLatency.add(finish - std::min(finish, sl.arrive));
    }
    // data bus (whole channel): the next burst, either direction, starts after this one ends
    const uint64_t rdBus = finish > t_.RL ? finish - t_.RL : 0, wrBus = finish > t_.WL ? finish - t_.WL : 0;
    for (uint32_t g = 0; g < rankGroups_; ++g) {
        rdRg[g] = std::max(rdRg[g], rdBus);
        wrRg[g] = std::max(wrRg[g], wrBus);
    }

    stats_.dataBusBusyCycles += t_.tBURST;
    stats_.firstArriveCycle = std::min(stats_.firstArriveCycle, sl.arrive);
    stats_.lastFinishCycle = std::max(stats_.lastFinishCycle, finish);
    if (sl.outcome == kUnknown) {
        sl.outcome = kHit;
        ++bank.rowHits;
        ++stats_.counts.rowHits;
    }
    completions_.push_back(Completion{sl.id, sl.arrive, finish, m == 1});
    notify(t, p.cmd, p.bank, r, bs.openRow(), sl.column);

    // dequeue
    BankQueue& q = queues_[b];
    if (sl.prev == kNil) q.head[m] = sl.next; else slots_[m][sl.prev].next = sl.next;
    if (sl.next == kNil) q.tail[m] = sl.prev; else slots_[m][sl.next].prev = sl.prev;
    --q.count[m];
    --q.hits[m];
    --count_[m];
    if (q.count[m] == 0) work_[m].clear(b);
    free_[m].push_back(p.slot);
    updateMode();
}

void DramChannel::issue(const Pick& p) {
    const uint64_t t = p.time;
    const uint32_t nWords = (banks_ + 63) / 64;
    switch (p.cmd) {
        case kAct: {
            const uint32_t b = uint32_t(p.bank), r = rankOf_[b];
            bankState_[b].activate(t, p.row, bt_);
            uint64_t* ring = &faw_[size_t(r) * 4];
            ring[fawPos_[r]] = t;
            fawPos_[r] = (fawPos_[r] + 1) & 3;
            // same rank: tRRD_S and, after four ACTs, tFAW from the oldest of the last four; same group: tRRD_L
            const uint64_t rankNext = std::max<uint64_t>(t + t_.tRRD_S, ++fawCount_[r] >= 4 ? ring[fawPos_[r]] + t_.tFAW : 0);
            uint64_t* actRg = &rgCons_[3 * size_t(rankGroups_)];
            for (uint32_t g = r * bankGroups_; g < (r + 1) * bankGroups_; ++g) actRg[g] = std::max(actRg[g], rankNext);
            actRg[rgOf_[b]] = std::max(actRg[rgOf_[b]], t + t_.tRRD_L);
            open_.set(b);
            ++openCount_[r];
            recountHits(b);
            DramBankStats& bank = stats_.banks[b];
            ++bank.activates;
            ++stats_.counts.activates;
            Slot& sl = slots_[writeMode_ ? 1 : 0][p.slot];
            if (sl.outcome == kUnknown) {
                sl.outcome = kMiss;
                ++bank.rowMisses;
                ++stats_.counts.rowMisses;
            }
            notify(t, kAct, p.bank, r, p.row, 0);
            dirtyBank(b);
            break;
        }
        case kPre: {
            const uint32_t b = uint32_t(p.bank), r = rankOf_[b];
            const uint32_t row = bankState_[b].openRow();
            bankState_[b].precharge(t, t_.tRPpb);
            open_.clear(b);
            --openCount_[r];
            queues_[b].hits[0] = queues_[b].hits[1] = 0;
            DramBankStats& bank = stats_.banks[b];
            ++bank.precharges;
            ++stats_.counts.precharges;
            if (p.slot != kNil && (p.prio >> 62) != 0) {
                Slot& sl = slots_[writeMode_ ? 1 : 0][p.slot];
                if (sl.outcome == kUnknown) {
                    sl.outcome = kConflict;
                    ++bank.rowConflicts;
                    ++stats_.counts.rowConflicts;
                }
            }
            notify(t, kPre, p.bank, r, row, 0);
            dirtyBank(b);
            break;
        }
        case kRd:
        case kWr:
            serve(p, t);
            dirtyBank(uint32_t(p.bank));
            break;
        case kPreA: {
            const uint32_t r = uint32_t(p.rank);
            forEachBit(rankMask_[r].w, nWords, [&](uint32_t b) {
                if (!bankState_[b].isOpen()) return;
                bankState_[b].precharge(t, t_.tRPab);
                open_.clear(b);
                queues_[b].hits[0] = queues_[b].hits[1] = 0;
                dirtyBank(b);
            });
            openCount_[r] = 0;
            ++stats_.prechargeAlls;
            notify(t, kPreA, kNil, r, 0, 0);
            break;
        }
        case kRef: {
            const uint32_t r = uint32_t(p.rank);
            forEachBit(rankMask_[r].w, nWords, [&](uint32_t b) {
                bankState_[b].refresh(t, t_.tRFCab);
                dirtyBank(b);
            });
            for (uint32_t i = 0; i < 4; ++i) blocked_.w[i] &= ~rankMask_[r].w[i];
            refActive_[r] = 0;
            refDue_[r] += t_.tREFI;
            updateNextDue();
            ++stats_.refreshes;
            notify(t, kRef, kNil, r, 0, 0);
            break;
        }
        case kRefPb: {
            const uint32_t b = uint32_t(p.bank), r = rankOf_[b];
            bankState_[b].refresh(t, t_.tRFCpb);
            blocked_.clear(b);
            refActive_[r] = 0;
            refDue_[r] += t_.tREFIpb;
            updateNextDue();
            refDone_[b] = 1;
            if (++refDoneCount_[r] == banksPerRank_) {  // round complete: every bank once
                refDoneCount_[r] = 0;
                std::fill(refDone_.begin() + r * banksPerRank_, refDone_.begin() + (r + 1) * banksPerRank_, 0);
            }
            ++stats_.banks[b].refreshesPerBank;
            ++stats_.counts.refreshesPerBank;
            notify(t, kRefPb, p.bank, r, 0, 0);
            dirtyBank(b);
            break;
        }
        default: return;
    }
    cmdFree_ = t + 1;
    bestValid_ = false;
}

}  // namespace npu::hw::dram
