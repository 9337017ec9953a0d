// SPDX-License-Identifier: Apache-2.0
// Models: one DRAM channel, event-driven (see DramChannel.h). The scheduler never steps idle cycles:
// it computes for every bank's next command the earliest legal cycle, issues the best command at the
// smallest such cycle (FR-FCFS: row hits first, then oldest), updates the state and repeats. Between
// refresh events FR-FCFS runs incrementally ("train" mode) and repeating column-command patterns are
// issued a whole number of periods at a time; both reproduce the full scan's decisions exactly.
// Ignores: see DramChannel.h.
#include "hw_models/dram/DramChannel.h"

#include <algorithm>
#include <cstring>
#ifdef NPU_DRAM_CHECK_TRAINS
#include <cstdio>
#include <cstdlib>
#endif

namespace npu::hw::dram {
namespace {

/// x rotated left by k bits (k taken mod 64).
inline uint64_t rotl(uint64_t x, uint32_t k) { return (x << (k & 63)) | (x >> ((64 - k) & 63)); }
/// x rotated right by k bits (k taken mod 64).
inline uint64_t rotr(uint64_t x, uint32_t k) { return (x >> (k & 63)) | (x << ((64 - k) & 63)); }

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
                         LineVector<Completion>& completions)
    : t_(cfg.timing),
      bt_(BankTiming::from(cfg.timing)),
      index_(index),
      ranks_(cfg.organization.ranks),
      bankGroups_(cfg.organization.bankGroups),
      banksPerGroup_(cfg.organization.banksPerGroup),
      banksPerRank_(cfg.organization.banksPerRank()),
      banks_(cfg.organization.banksPerChannel()),
      burstBytes_(cfg.organization.burstBytes()),
      groupBits_(banksPerGroup_ >= 64 ? ~uint64_t(0) : (uint64_t(1) << banksPerGroup_) - 1),
      refpbBanks_(cfg.organization.banksPerRefpb),
      refpbStride_(cfg.organization.refpbStride()),
      closedPage_(cfg.controller.pagePolicy == "closed"),
      fcfs_(cfg.controller.scheduler == "fcfs"),
      refreshMode_(cfg.controller.refresh == "all_bank" ? 1 : cfg.controller.refresh == "per_bank" ? 2 : 0),
      capacity_{cfg.controller.readQueueSize, cfg.controller.writeQueueSize},
      writeHigh_(cfg.controller.writeHighWatermark),
      writeLow_(cfg.controller.writeLowWatermark),
      wrToRdS_(cfg.timing.WL + cfg.timing.tBURST + cfg.timing.tWTR_S),
      wrToRdL_(cfg.timing.WL + cfg.timing.tBURST + cfg.timing.tWTR_L),
      rankSwitch_(cfg.organization.ranks > 1 && cfg.timing.tRTRS != 0),
      cmdLen_{1, cfg.timing.tCMD_ACT, cfg.timing.tCMD_PRE, cfg.timing.tCMD_CAS, cfg.timing.tCMD_CAS,
              cfg.timing.tCMD_PRE, cfg.timing.tCMD_REF, cfg.timing.tCMD_REF},
      stats_(&stats),
      completions_(&completions) {
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
        if (b % banksPerRank_ < refpbStride_) refLeaders_.set(b);
    }
    for (int m = 0; m < 2; ++m) {
        slots_[m].resize(capacity_[m]);
        free_[m].reserve(capacity_[m]);
        for (int32_t i = int32_t(capacity_[m]) - 1; i >= 0; --i) free_[m].push_back(i);
        cand_[m].assign(banks_, Cand{});
        for (uint32_t b = 0; b < banks_; ++b) dirty_[m].set(b);
    }
    queues_.resize(banks_);
    bankState_.resize(banks_);
    openCount_.assign(ranks_, 0);
    faw_.assign(size_t(ranks_) * 4, 0);
    fawPos_.assign(ranks_, 0);
    fawCount_.assign(ranks_, 0);
    refDue_.assign(ranks_, UINT64_MAX);
    refTarget_.assign(ranks_, kNil);
    refDoneCount_.assign(ranks_, 0);
    for (uint32_t r = 0; r < ranks_; ++r) {  // ranks staggered by interval / ranks
        if (refreshMode_ == 1) refDue_[r] = t_.tREFI + uint64_t(r) * t_.tREFI / ranks_;
        if (refreshMode_ == 2) refDue_[r] = t_.tREFIpb + uint64_t(r) * t_.tREFIpb / ranks_;
    }
    updateNextDue();
    rankGroups_ = ranks_ * bankGroups_;
    rgCons_.assign(4 * size_t(rankGroups_), 0);
    rankCons_.assign(4 * size_t(ranks_), 0);
    consRank_.resize(4 * size_t(rankGroups_));
    rgRank_.resize(rankGroups_);
    for (uint32_t g = 0; g < rankGroups_; ++g) rgRank_[g] = g / bankGroups_;
    for (uint32_t type = 0; type < 4; ++type)
        for (uint32_t g = 0; g < rankGroups_; ++g)
            consRank_[type * rankGroups_ + g] = uint16_t(type * ranks_ + rgRank_[g]);
    stats_->banks.assign(banks_, DramBankStats{});
    train_.group.assign(rankGroups_, TrainGroup{});
    train_.candFloor.assign(rankGroups_, UINT64_MAX);
    train_.candPrio.assign(rankGroups_, kPrioNone);
    train_.recheck.assign(rankGroups_, UINT64_MAX);
    train_.sigGroups.reserve(kMaxSig);
    train_.refresh.reserve(ranks_);
}

void DramChannel::updateMode() {
    // Queue counts change only on enqueue and dequeue, so deciding here equals deciding every cycle.
    const uint32_t reads = count_[0], writes = count_[1];
    const bool w = writeMode_ ? !(writes == 0 || (writes <= writeLow_ && reads > 0))
                              : (writes >= writeHigh_ || (reads == 0 && writes > 0));
    if (w != writeMode_) {
        writeMode_ = w;
        invalidate();
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
    sl.left = sl.bursts = req.bursts;
    sl.outcome = kUnknown;
    sl.ageNext = kNil;  // age order = trySend order: append
    sl.agePrev = ageTail_[m];
    if (ageTail_[m] == kNil) ageHead_[m] = s; else slots_[m][ageTail_[m]].ageNext = s;
    ageTail_[m] = s;
    queuedBursts_[m] += req.bursts;
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
    const bool hit = bs.isOpen() && bs.openRow() == a.row;
    // Open page FR-FCFS, appended behind older requests: the bank's candidate (the oldest hit's RD/WR, or
    // ACT/PRE for its oldest request) stays, unless this request is the first hit of a bank about to PRE.
    bool unchanged = false;
    if (!closedPage_ && !fcfs_ && sl.next == kNil && q.count[m] > 1 && !dirty_[m].test(b)) {
        const uint8_t c = cand_[m][b].cmd;
        unchanged = c == (m ? kWr : kRd) || c == kAct || (c == kPre && !hit);
    }
    if (hit) ++q.hits[m];
    work_[m].set(b);
    // the bank's candidate of this direction changes; closed page: the other's too (it may close the row)
    if (!unchanged) {
        dirty_[m].set(b);
        if (closedPage_) dirty_[m ^ 1].set(b);
    }
    updateMode();
    if (unchanged) return;

    if (train_.valid) {  // only bank b changed
        if (train_.mode == m || closedPage_) trainUpdateMember(b);
        return;
    }
    const int cm = writeMode_ ? 1 : 0;
    if (!bestValid_ || (cm != m && !closedPage_)) return;  // (the other direction's: the pick stands)
    if (fcfs_ || cachedBest_.bank == int32_t(b) || cachedBest_.bank == kNil || blocked_.test(b)) {
        bestValid_ = false;
        return;
    }
    // only bank b changed: compare its new candidate with the cached best
    computeCand(b, cm);
    const uint64_t t = std::max({cand_[cm][b].time, consOf(cand_[cm][b].cons), now()});
    if (cachedBest_.before(t, cand_[cm][b].prio)) cachedBest_ = pickOf(b, cm, t);
}

void DramChannel::rebuildCalendars(uint64_t now) const {
    for (int m = 0; m < 2; ++m) {
        CandCalendar& cal = calendars_.of[m];
        cal.clear();
        cal.base = now;
        for (uint32_t b = 0; b < banks_; ++b)
            if (cand_[m][b].time != UINT64_MAX) cal.insert(b, cand_[m][b].time);
    }
    calendars_.live = true;
}

template <uint32_t W>
inline void DramChannel::CandCalendar::advance(uint64_t now, const Cand* cand) {
    if (now <= base) return;
    // the slots of cycles base + 1 .. now fall due: a run of now - base bits from slot (base + 1) % kSlots,
    // or every slot
    const uint64_t range = now - base >= kSlots ? ~uint64_t(0)
                                                : rotl((uint64_t(1) << (now - base)) - 1, uint32_t(base + 1));
    for (uint64_t ne = nonEmpty & range; ne; ne &= ne - 1) {
        Mask& s = slot[__builtin_ctzll(ne)];
        for (uint32_t i = 0; i < W; ++i) {
            due.w[i] |= s.w[i];
            s.w[i] = 0;
        }
    }
    nonEmpty &= ~range;
    base = now;
    if (farMin <= base + kSlots) {  // later banks whose cycle is now within reach
        const Mask f = far;
        far = Mask{};
        farMin = UINT64_MAX;
        for (uint32_t i = 0; i < W; ++i)
            for (uint64_t w = f.w[i]; w; w &= w - 1) {
                const uint32_t b = i * 64 + uint32_t(__builtin_ctzll(w));
                insert(b, cand[b].time);
            }
    }
}

void DramChannel::computeCand(uint32_t b, int m) const {
    const BankQueue& q = queues_[b];
    const BankState& bs = bankState_[b];
    dirty_[m].clear(b);
    // the decision first (command, constraint type, bank-local cycle, priority, request), then one write
    // of the bank's Cand
    uint8_t cmd = kNone, type = 0;
    uint64_t time = UINT64_MAX, prio = kPrioNone;
    int32_t s = kNil;  // the request it serves (kNil: none, or closing an unwanted row)
    uint32_t row = 0;
    uint64_t cls = 2;
    if (bs.isOpen()) {
        if (q.count[m] != 0) {
            s = q.head[m];
            if (fcfs_ ? slots_[m][s].row == bs.openRow() : q.hits[m] != 0) {
                while (slots_[m][s].row != bs.openRow()) s = slots_[m][s].next;  // the oldest hit
                cmd = m ? kWr : kRd, type = m ? 2 : 1, time = bs.nextRdCycle(), cls = 1;
            } else {
                cmd = kPre, time = bs.nextPreCycle();
            }
        } else if (closedPage_ && q.hits[0] == 0 && q.hits[1] == 0) {  // close the row: nobody wants it
            cmd = kPre, time = bs.nextPreCycle(), prio = prioOf(3, b), row = bs.openRow();  // ties: lowest bank first
        }
    } else if (q.count[m] != 0) {
        s = q.head[m];
        cmd = kAct, type = 3, time = bs.nextActCycle();
    }
    if (s != kNil) {
        const Slot& sl = slots_[m][s];
        time = std::max(time, sl.arrive);
        prio = prioOf(cls, sl.seq);
        row = sl.row;
    }
    Cand& c = cand_[m][b];
    c.cmd = cmd;
    c.cons = consIndex(type, b);
    setCandTime(m, b, time);
    c.prio = prio;
    c.slot = s;
    c.row = row;
}

DramChannel::Pick DramChannel::pickOf(uint32_t b, int m, uint64_t time) const {
    const Cand& c = cand_[m][b];
    Pick p;
    p.time = time;
    p.prio = c.prio;
    p.bank = int32_t(b);
    p.slot = c.slot;
    p.row = c.row;
    p.cmd = c.cmd;
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
            t = std::max(t, rankCons_[r]);  // (type 0: tPPD after the rank's last PRE)
            forEachBit(rankMask_[r].w, (banks_ + 63) / 64, [&](uint32_t b) {
                if (bankState_[b].isOpen()) t = std::max(t, bankState_[b].nextPreCycle());
            });
        } else {
            p.cmd = kRef;
            forEachBit(rankMask_[r].w, (banks_ + 63) / 64,
                       [&](uint32_t b) { t = std::max(t, bankState_[b].nextActCycle()); });
        }
    } else {  // the target set: PRE its open banks one at a time (lowest first), then REFpb
        const uint32_t lead = uint32_t(refTarget_[r]);
        p.bank = int32_t(lead);
        p.cmd = kRefPb;
        uint64_t ref = t;
        for (uint32_t j = 0; j < refpbBanks_; ++j) {
            const uint32_t b = lead + j * refpbStride_;
            if (bankState_[b].isOpen()) {
                p.cmd = kPre;
                p.bank = int32_t(b);
                t = std::max({t, bankState_[b].nextPreCycle(), rankCons_[r]});  // (rankCons_[r]: tPPD)
                break;
            }
            ref = std::max(ref, bankState_[b].nextActCycle());
        }
        if (p.cmd == kRefPb) t = ref;
    }
    p.time = t;
    if (best.before(p.time, p.prio)) best = p;
}

void DramChannel::availMask(int m, uint64_t* avail) const {
    if (banks_ <= 64) availWords<1>(m, avail);
    else availWords<4>(m, avail);
}

// W words of bank masks: 1 (up to 64 banks, every preset) or 4; the loops over words unroll.
template <uint32_t W>
inline __attribute__((always_inline)) void DramChannel::availWords(int m, uint64_t* avail) const {
    constexpr uint32_t nWords = W;
    for (uint32_t i = 0; i < nWords; ++i) {
        avail[i] = (work_[m].w[i] | (closedPage_ ? open_.w[i] : 0)) & ~blocked_.w[i];
        uint64_t d = avail[i] & dirty_[m].w[i];
        while (d) {
            computeCand(i * 64 + uint32_t(__builtin_ctzll(d)), m);
            d &= d - 1;
        }
    }
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
                if ((cand_[m][b].prio >> 62) == 3 && cand_[m][b].cmd == kPre) keep |= uint64_t(1) << (b & 63);
            }
            avail[i] = keep;
        }
        if (oldest != kNil && !blocked_.test(uint32_t(oldest))) avail[oldest >> 6] |= uint64_t(1) << (oldest & 63);
    }
}

void DramChannel::scan(bool writeMode, uint64_t now, Pick& best) const {
    if (banks_ <= 64) scanWords<1>(writeMode ? 1 : 0, now, best);
    else scanWords<4>(writeMode ? 1 : 0, now, best);
}

template <uint32_t W>
void DramChannel::scanWords(int m, uint64_t now, Pick& best) const {
    constexpr uint32_t nWords = W;
    uint64_t bestT = UINT64_MAX, bestP = kPrioNone;
    int32_t bestBank = kNil;
    // the refresh commands first, into `best` (rare: only while a refresh is in progress; otherwise `best` is
    // written once, at the end)
    uint64_t active = 0;
    for (uint32_t i = 0; i < nWords; ++i) active |= refActive_.w[i];  // (ranks <= banks: W words hold them)
    const bool refreshing = active != 0;
    if (refreshing) {
        best = Pick{};
        for (uint32_t i = 0; i < nWords; ++i)
            for (uint64_t w = refActive_.w[i]; w; w &= w - 1)
                refreshCandidate(i * 64 + uint32_t(__builtin_ctzll(w)), now, best);
        bestT = best.time;
        bestP = best.prio;
    }

    uint64_t avail[W];
    availWords<W>(m, avail);
    const Cand* cand = cand_[m].data();
    // a candidate's earliest cycle: max(constraint, `from` = max(bank-local cycle, now)), which its part of
    // the calendar gives
    auto eval = [&](uint32_t b, uint64_t from) {
        const uint64_t t = std::max(consOf(cand[b].cons), from), p = cand[b].prio;
        if (t < bestT || (t == bestT && p < bestP)) {
            bestT = t;
            bestP = p;
            bestBank = int32_t(b);
        }
    };
    auto evalAll = [&](const Mask& banks, auto&& from) {
        for (uint32_t i = 0; i < nWords; ++i)
            for (uint64_t c = banks.w[i] & avail[i]; c; c &= c - 1) {
                const uint32_t b = i * 64 + uint32_t(__builtin_ctzll(c));
                eval(b, from(b));
            }
    };
    // The candidates by their bank-local cycle (Cand::time), a lower bound of their earliest cycle, on the
    // calendar (see CandCalendar): first those due by now, then slot by slot in time order while a slot's
    // cycle can still beat the best so far, then the later ones if it can. Most candidates wait for their
    // own bank (tRP, tRCD, tRAS), so few are evaluated. Banks not available, or with a stale candidate
    // (dirty), may be on the calendar: they are masked out; an available bank's candidate is current.
    if (!calendars_.live) rebuildCalendars(now);
    CandCalendar& cal = calendars_.of[m];
    cal.advance<W>(now, cand);  // (base = now: `now` never decreases)
    evalAll(cal.due, [&](uint32_t) { return now; });
    const uint32_t first = uint32_t((cal.base + 1) & (CandCalendar::kSlots - 1));
    for (uint64_t ne = cal.nonEmpty; ne;) {
        const uint32_t d = uint32_t(__builtin_ctzll(rotr(ne, first)));  // (bit d: the slot of cycle base + 1 + d)
        const uint64_t slotCycle = cal.base + 1 + d;
        if (slotCycle > bestT) break;
        const uint32_t k = (first + d) & (CandCalendar::kSlots - 1);
        evalAll(cal.slot[k], [&](uint32_t) { return slotCycle; });
        ne &= ~(uint64_t(1) << k);
    }
    if (bestT > cal.base + CandCalendar::kSlots) evalAll(cal.far, [&](uint32_t b) { return cand[b].time; });
#ifdef NPU_DRAM_CHECK_TRAINS  // debugging aid: the calendar's walk against every available bank
    {
        const uint64_t t0 = bestT, p0 = bestP;
        const int32_t b0 = bestBank;
        bestT = refreshing ? best.time : UINT64_MAX;
        bestP = refreshing ? best.prio : kPrioNone;
        bestBank = kNil;
        for (uint32_t b = 0; b < banks_; ++b)
            if ((avail[b >> 6] >> (b & 63)) & 1) eval(b, std::max(cand[b].time, now));
        if (bestT != t0 || bestP != p0 || bestBank != b0) {
            std::fprintf(stderr, "calendar mismatch ch%u: walk bank %d @%llu | all bank %d @%llu\n", index_, b0,
                         (unsigned long long)t0, bestBank, (unsigned long long)bestT);
            std::abort();
        }
    }
#endif
    if (bestBank != kNil) best = pickOf(uint32_t(bestBank), m, bestT);
    else if (!refreshing) best = Pick{};
}

void DramChannel::updateNextDue() {
    nextDue_ = UINT64_MAX;
    nextDueRank_ = kNil;
    if (refreshMode_ == 0) return;
    for (uint32_t r = 0; r < ranks_; ++r)
        if (!refActive_.test(r) && refDue_[r] < nextDue_) {
            nextDue_ = refDue_[r];
            nextDueRank_ = int32_t(r);
        }
}

void DramChannel::activateRefresh(uint32_t r, bool invalidateAll) {
    refActive_.set(r);
    if (refreshMode_ == 1) {
        for (uint32_t i = 0; i < 4; ++i) blocked_.w[i] |= rankMask_[r].w[i];
    } else {
        // Per-bank: a set of banks (one REFpb's, banks_per_refpb) not yet refreshed in this round, preferring
        // one with nothing queued, then one with no work soon, then a closed one, then an open one with no
        // work soon and no queued hit (with single-burst requests "no work soon" is "nothing queued" and
        // the last preference is void); then the lowest index, so that refresh hides behind idle banks. A
        // set has a property if all its banks have it. The preferences are lexicographic, so each narrows
        // the candidates if any candidate has it. Banks with nothing queued have no work soon, so "work
        // soon" is needed only when no such set is left.
        const uint32_t nWords = (banks_ + 63) / 64;
        Mask cand;
        for (uint32_t i = 0; i < nWords; ++i) cand.w[i] = rankMask_[r].w[i] & refLeaders_.w[i] & ~refDone_.w[i];
        auto narrow = [&](const Mask& banksWith) {  // keeps the candidate sets with a property, if any has it
            const Mask sets = wholeRefpbSets(banksWith);
            Mask k;
            bool any = false;
            for (uint32_t i = 0; i < nWords; ++i) any |= (k.w[i] = cand.w[i] & sets.w[i]) != 0;
            if (any) cand = k;
            return any;
        };
        Mask idle, closed;
        for (uint32_t i = 0; i < nWords; ++i) {
            idle.w[i] = ~(work_[0].w[i] | work_[1].w[i]);
            closed.w[i] = ~open_.w[i];
        }
        const bool emptyOnly = narrow(idle);
        bool laterOnly = emptyOnly;
        if (!emptyOnly) {
            Mask later = banksWithWorkSoon();
            for (uint32_t i = 0; i < nWords; ++i) later.w[i] = ~later.w[i];
            laterOnly = narrow(later);
        }
        const bool closedOnly = narrow(closed);
        if (laterOnly && !emptyOnly && !closedOnly) {  // open, work queued but not soon: prefer no queued hit
            Mask noHit;
            forEachBit(cand.w, nWords, [&](uint32_t lead) {
                forEachRefpbBank(lead, [&](uint32_t b) {
                    if (queues_[b].hits[0] + queues_[b].hits[1] == 0) noHit.set(b);
                });
            });
            narrow(noHit);
        }
        int32_t pick = kNil;
        for (uint32_t i = 0; i < nWords && pick == kNil; ++i)
            if (cand.w[i]) pick = int32_t(i * 64 + uint32_t(__builtin_ctzll(cand.w[i])));
        refTarget_[r] = pick;
        forEachRefpbBank(uint32_t(pick), [&](uint32_t b) { blocked_.set(b); });
    }
    updateNextDue();
    if (invalidateAll) invalidate();
}

DramChannel::Mask DramChannel::wholeRefpbSets(const Mask& m) const {
    Mask s;
    if (banks_ <= 64) {  // one word (every preset): a set's banks are leader + j x stride < 64
        uint64_t w = m.w[0] & refLeaders_.w[0];
        for (uint32_t j = 1; j < refpbBanks_; ++j) w &= m.w[0] >> (j * refpbStride_);
        s.w[0] = w;
        return s;
    }
    for (uint32_t i = 0; i < 4; ++i) s.w[i] = m.w[i] & refLeaders_.w[i];
    for (uint32_t j = 1; j < refpbBanks_; ++j) {  // bit b of the set's j-th bank moved down to b
        const uint32_t n = j * refpbStride_, words = n / 64, bits = n % 64;
        for (uint32_t i = 0; i < 4; ++i) {
            const uint64_t lo = i + words < 4 ? m.w[i + words] >> bits : 0;
            const uint64_t hi = bits != 0 && i + words + 1 < 4 ? m.w[i + words + 1] << (64 - bits) : 0;
            s.w[i] &= lo | hi;
        }
    }
    return s;
}

DramChannel::Mask DramChannel::banksWithWorkSoon() const {
    Mask soon;
    for (int m = 0; m < 2; ++m) {
        if (queuedBursts_[m] <= capacity_[m]) {  // every queued request starts within the window
            for (uint32_t i = 0; i < 4; ++i) soon.w[i] |= work_[m].w[i];
            continue;
        }
        uint64_t ahead = 0;
        for (int32_t s = ageHead_[m]; s != kNil && ahead < capacity_[m]; s = slots_[m][s].ageNext) {
            soon.set(slots_[m][s].bank);
            ahead += slots_[m][s].left;
        }
    }
    return soon;
}

const DramChannel::Pick* DramChannel::pickNext(uint64_t cycleLimit) {
    for (;;) {
        if (!bestValid_) {
            scan(writeMode_, now(), cachedBest_);
            bestValid_ = true;
        }
#ifdef NPU_DRAM_CHECK_TRAINS  // debugging aid: the cached pick (which enqueue may keep) against a fresh scan
        else {
            Pick ref;
            scan(writeMode_, now(), ref);
            if (ref.time != cachedBest_.time || ref.prio != cachedBest_.prio || ref.bank != cachedBest_.bank) {
                std::fprintf(stderr, "cached pick mismatch ch%u: bank %d @%llu | scan bank %d @%llu\n", index_,
                             cachedBest_.bank, (unsigned long long)cachedBest_.time, ref.bank,
                             (unsigned long long)ref.time);
                std::abort();
            }
        }
#endif
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
        if (refActive_.test(r)) return;
        // per-bank: idle rounds refresh the REFpb sets in index order, so the sets done form a prefix; a
        // whole period from such a state refreshes every bank once and returns to the same state
        for (uint32_t i = 0; i < banksPerRank_; ++i)
            if (refDone_.test(r * banksPerRank_ + i) != (i % refpbStride_ < refDoneCount_[r] / refpbBanks_)) return;
    }
    const uint64_t period = refreshMode_ == 1 ? t_.tREFI : uint64_t(t_.tREFIpb) * refpbStride_;
    if (nextDue_ == UINT64_MAX || cycle < nextDue_ || cycle - nextDue_ < 3 * period) return;
    const uint64_t k = (cycle - nextDue_) / period - 1;
    for (uint32_t r = 0; r < ranks_; ++r) {
        if (refDue_[r] >= nextDue_ + period) return;  // not in steady state
    }
    for (uint32_t r = 0; r < ranks_; ++r) refDue_[r] += k * period;
    if (refreshMode_ == 1) {
        stats_->refreshes += k * ranks_;
    } else {
        for (uint32_t b = 0; b < banks_; ++b) stats_->banks[b].refreshesPerBank += k;
        stats_->counts.refreshesPerBank += k * (banks_ / refpbBanks_);  // REFpb commands
    }
    updateNextDue();
    invalidate();
}

void DramChannel::advanceTo(uint64_t cycle) {
    if (refreshMode_ != 0 && !observer_) {
        // Long idle stretch: two refresh periods simulated normally close every row and complete the
        // per-bank round; whole periods after that are counted (fastForwardIdleRefresh). Requests still
        // queued are served first, one completion at a time, so that the stretch after them counts too.
        const uint64_t period = refreshMode_ == 1 ? t_.tREFI : uint64_t(t_.tREFIpb) * refpbStride_;
        auto longIdle = [&] { return nextDue_ <= cycle && cycle - nextDue_ >= 4 * period; };
        if (longIdle()) {
            while (count_[0] + count_[1] != 0 && nextActivity() <= cycle) advanceUntilCompletion(cycle);
            if (count_[0] + count_[1] == 0 && longIdle()) {
                advanceEvents(nextDue_ + 2 * period);
                fastForwardIdleRefresh(cycle);
            }
        }
    }
    advanceEvents(cycle);
}

void DramChannel::advanceEvents(uint64_t cycle) {
    // fast path: nothing can happen up to `cycle` (cached decision still valid)
    if (train_.valid || !(bestValid_ && cachedBest_.time > cycle && nextDue_ > cycle)) issueLoop(cycle);
    if (cycle > floor_) floor_ = cycle;
}

void DramChannel::issueLoop(uint64_t cycleLimit) {
    stopped_ = false;
    for (;;) {
        // (trainsPay_ first: with random traffic it is false, and the loop runs once per command)
        if (trainsPay_ && !train_.valid && fastPaths_ && !fcfs_) startTrain();
        if (train_.valid && runTrain(cycleLimit) != TrainExit::kEnded) return;  // paused at the limit, or stopped
        const Pick* p = pickNext(cycleLimit);
        if (!p) return;
        issue(*p);
        if (stopped_) return;
    }
}

uint64_t DramChannel::advanceUntilRoom(bool write) {
    stopMode_ = write ? 1 : 0;
    issueLoop(UINT64_MAX);
    stopMode_ = -1;
    return lastCmd_;
}

uint64_t DramChannel::advanceCompletions(uint32_t n) {
    if (queuedRequests() == 0 || n == 0) return lastCmd_;
    stopMode_ = 2;
    stopCount_ = n;
    issueLoop(UINT64_MAX);
    stopMode_ = -1;
    return lastCmd_;
}

uint64_t DramChannel::advanceUntilCompletion(uint64_t cycleLimit) {
    if (queuedRequests() == 0) return lastCmd_;
    stopMode_ = 2;
    stopCount_ = 1;
    issueLoop(cycleLimit);
    stopMode_ = -1;
    return lastCmd_;
}

uint64_t DramChannel::advanceUntilEmpty() {
    // no request enters meanwhile, so the queues empty long before UINT32_MAX completions
    return queuedRequests() == 0 ? 0 : advanceCompletions(UINT32_MAX);
}

uint64_t DramChannel::nextActivity() const {
    if (train_.valid) {
        if (!trainNextValid_) {
            TrainDecision& d = trainDecision_;
            d.who = const_cast<DramChannel*>(this)->trainBest(now(), d.time, d.prio, d.group, &d.casTime);
            trainNext_ = std::min(d.time, nextDue_);
            trainNextValid_ = true;
        }
        return trainNext_;
    }
    if (!bestValid_) {
        scan(writeMode_, now(), cachedBest_);
        bestValid_ = true;
    }
    return std::min(cachedBest_.time, nextDue_);
}

// ---- incremental FR-FCFS (train mode) ---------------------------------------------------------------

void DramChannel::startTrain() {
    calendars_.live = false;  // (train mode ranks its own way; the next scan files the candidates again)
    Train& tr = train_;
    const int m = writeMode_ ? 1 : 0;
    tr.mode = m;
    tr.cas = m ? kWr : kRd;
    tr.casType = m ? 2 : 1;
    uint64_t avail[4] = {0, 0, 0, 0};
    availMask(m, avail);
    tr.casBanks = Mask{};
    tr.otherBanks = Mask{};
    tr.groups = Mask{};
    tr.outrankDirty = true;
    forEachBit(avail, (banks_ + 63) / 64, [&](uint32_t b) {
        const uint8_t c = cand_[m][b].cmd;
        if (c == tr.cas) {
            tr.casBanks.set(b);
            tr.groups.set(rgOf_[b]);
        } else if (c != kNone) {
            tr.otherBanks.set(b);
        }
    });
    const uint64_t n = now();
    forEachBit(tr.groups.w, (rankGroups_ + 63) / 64, [&](uint32_t g) { trainRecomputeGroup(g, n); });
    trainRecomputeOther(n);
    trainRefreshCandidates();
    trainResetHistory();
    tr.valid = true;
}

void DramChannel::trainRefreshCandidates() {
    train_.refresh.clear();
    if (refreshMode_ != 0)
        for (uint32_t r = 0; r < ranks_; ++r)
            if (refActive_.test(r)) {
                Pick p;
                refreshCandidate(r, 0, p);  // its earliest cycle, before `now`
                train_.refresh.push_back(p);
            }
}

DramChannel::Pick DramChannel::trainRefreshAt(uint64_t n) const {
    // (Two ranks may refresh at once, e.g. with many ranks: the earliest candidate is not the pick when
    // both are due by n; the lower rank is.)
    Pick best;
    for (const Pick& p : train_.refresh) {
        const uint64_t t = std::max(p.time, n);
        if (best.before(t, p.prio)) {
            best = p;
            best.time = t;
        }
    }
    return best;
}

bool DramChannel::trainRecomputeGroup(uint32_t g, uint64_t now) {
    Train& tr = train_;
    const int m = tr.mode;
    const uint64_t level = std::max(consOf(tr.casType * rankGroups_ + g), now);
    int32_t ready = kNil, pend = kNil;
    uint64_t readyPrio = kPrioNone, pendTime = UINT64_MAX, pendPrio = kPrioNone;
    const Cand* cand = cand_[m].data();
    // The group's CAS members: banks [lo, lo + banks per group) of casBanks. Banks per group is a power of
    // two, so up to 64 they are bits of one mask word (every preset); beyond, bank by bank.
    const uint32_t lo = g * banksPerGroup_;
    const bool oneWord = banksPerGroup_ <= 64;
    auto forEachMember = [&](auto&& f) {
        if (oneWord) {
            for (uint64_t bits = (tr.casBanks.w[lo >> 6] >> (lo & 63)) & groupBits_; bits; bits &= bits - 1)
                f(lo + uint32_t(__builtin_ctzll(bits)));
        } else {
            for (uint32_t b = lo; b < lo + banksPerGroup_; ++b)
                if (tr.casBanks.test(b)) f(b);
        }
    };
    bool anyPending = false;
    forEachMember([&](uint32_t b) {
        const uint64_t t = cand[b].time, p = cand[b].prio;
        if (t <= level) {
            if (p < readyPrio) {
                readyPrio = p;
                ready = int32_t(b);
            }
            return;
        }
        anyPending = true;
        if (t < pendTime || (t == pendTime && p < pendPrio)) {
            pendTime = t;
            pendPrio = p;
            pend = int32_t(b);
        }
    });
    // the earliest pending member that outranks the ready one (if any) could win from its cycle on
    uint64_t outrank = pendTime;
    if (ready != kNil) {
        outrank = UINT64_MAX;
        if (anyPending)
            forEachMember([&](uint32_t b) {
                if (cand[b].time > level && cand[b].prio < readyPrio) outrank = std::min(outrank, cand[b].time);
            });
    }
    TrainGroup& gr = tr.group[g];
    if (outrank != gr.outrankTime) tr.outrankDirty = true;
    gr.outrankTime = outrank;
    const bool changed = ready != gr.readyBank || readyPrio != gr.readyPrio;
    gr.readyBank = ready;
    gr.readyPrio = readyPrio;
    gr.pendBank = pend;
    gr.pendTime = pendTime;
    gr.pendPrio = pendPrio;
    tr.candFloor[g] = ready != kNil ? 0 : pendTime;
    tr.candPrio[g] = ready != kNil ? readyPrio : pendPrio;
    tr.recheck[g] = pendTime;
    if (ready == kNil && pend == kNil) tr.groups.clear(g); else tr.groups.set(g);
    return changed;
}

void DramChannel::trainRecomputeOther(uint64_t now) {
    Train& tr = train_;
    tr.otherNow = now;
    tr.otherReady = tr.otherPend = kNil;
    tr.otherReadyPrio = tr.otherPendPrio = kPrioNone;
    tr.otherPendU = UINT64_MAX;
    forEachBit(tr.otherBanks.w, (banks_ + 63) / 64, [&](uint32_t b) { trainAddOther(b); });
}

void DramChannel::trainAddOther(uint32_t b) {
    Train& tr = train_;
    const int m = tr.mode;
    const uint64_t u = std::max(cand_[m][b].time, consOf(cand_[m][b].cons)), p = cand_[m][b].prio;
    if (u <= tr.otherNow) {
        if (p < tr.otherReadyPrio) {
            tr.otherReadyPrio = p;
            tr.otherReady = int32_t(b);
        }
    } else if (u < tr.otherPendU || (u == tr.otherPendU && p < tr.otherPendPrio)) {
        tr.otherPendU = u;
        tr.otherPendPrio = p;
        tr.otherPend = int32_t(b);
    }
}

bool DramChannel::trainUpdateMember(uint32_t b) {
    Train& tr = train_;
    const int m = tr.mode;
    const bool wasCas = tr.casBanks.test(b), wasOther = tr.otherBanks.test(b);
    const uint8_t oldCmd = cand_[m][b].cmd;
    const uint64_t oldTime = cand_[m][b].time, oldPrio = cand_[m][b].prio;
    const bool avail = (work_[m].test(b) || (closedPage_ && open_.test(b))) && !blocked_.test(b);
    if (avail && dirty_[m].test(b)) computeCand(b, m);
    const uint8_t cmd = avail ? cand_[m][b].cmd : uint8_t(kNone);
    const bool isCas = cmd == tr.cas, isOther = cmd != kNone && !isCas;
    if (wasCas == isCas && wasOther == isOther && cmd == oldCmd && cand_[m][b].time == oldTime && cand_[m][b].prio == oldPrio)
        return false;  // same candidate (e.g. a younger request queued behind the bank's current one)
    trainNextValid_ = false;
    if (isCas) tr.casBanks.set(b); else tr.casBanks.clear(b);
    if (isOther) tr.otherBanks.set(b); else tr.otherBanks.clear(b);
    if ((wasCas || isCas) && trainRecomputeGroup(rgOf_[b], now())) trainResetHistory();
    if (wasOther && (int32_t(b) == tr.otherReady || int32_t(b) == tr.otherPend)) {
        trainRecomputeOther(now());
        return true;
    }
    if (isOther) trainAddOther(b);  // a member that is not the best can only have become better
    return false;
}

int DramChannel::trainBest(uint64_t n, uint64_t& time, uint64_t& prio, uint32_t& group, uint64_t* casTime) {
    Train& tr = train_;
    uint64_t bestT = UINT64_MAX, bestP = kPrioNone;
    uint32_t bestGroup = 0;
    const uint64_t* cons = &rgCons_[tr.casType * size_t(rankGroups_)];
    const uint64_t* rankCons = &rankCons_[tr.casType * size_t(ranks_)];
    const uint64_t* floor = tr.candFloor.data();
    const uint64_t* cprio = tr.candPrio.data();
    const uint64_t* recheck = tr.recheck.data();
    auto visit = [&](uint32_t g, uint64_t rankLevel) {
        const uint64_t level = std::max(cons[g], rankLevel);
        if (level >= recheck[g] && trainRecomputeGroup(g, n))  // a pending column command became ready
            trainResetHistory();
        const uint64_t t = std::max(level, floor[g]), p = cprio[g];
        if (t < bestT || (t == bestT && p < bestP)) {
            bestT = t;
            bestP = p;
            bestGroup = g;
        }
    };
    if (rankGroups_ <= 64) {  // the groups of rank r are bits [r * bank groups, (r + 1) * bank groups)
        const uint64_t all = tr.groups.w[0];
        const uint64_t rankBits = bankGroups_ >= 64 ? ~uint64_t(0) : (uint64_t(1) << bankGroups_) - 1;
        for (uint32_t r = 0; r < ranks_; ++r) {
            uint64_t mask = (all >> (r * bankGroups_)) & rankBits;
            if (!mask) continue;
            const uint64_t rankLevel = std::max(rankCons[r], n);
            for (; mask; mask &= mask - 1) visit(r * bankGroups_ + uint32_t(__builtin_ctzll(mask)), rankLevel);
        }
    } else {
        forEachBit(tr.groups.w, (rankGroups_ + 63) / 64,
                   [&](uint32_t g) { visit(g, std::max(rankCons[rgRank_[g]], n)); });
    }
    int who = bestT == UINT64_MAX ? -1 : 0;
    if (casTime) *casTime = bestT;
    if (n >= tr.otherPendU) trainRecomputeOther(n);  // a pending ACT/PRE has become ready
    if (tr.otherReady != kNil || tr.otherPend != kNil) {
        const bool ready = tr.otherReady != kNil;
        const uint64_t t = ready ? n : tr.otherPendU, p = ready ? tr.otherReadyPrio : tr.otherPendPrio;
        if (t < bestT || (t == bestT && p < bestP)) {
            bestT = t;
            bestP = p;
            who = 1;
        }
    }
    if (!tr.refresh.empty()) {
        const Pick ref = trainRefreshAt(n);
        if (ref.time < bestT || (ref.time == bestT && ref.prio < bestP)) {
            bestT = ref.time;
            bestP = ref.prio;
            who = 2;
        }
    }
    time = bestT;
    prio = bestP;
    group = bestGroup;
    return who;
}

DramChannel::TrainExit DramChannel::runTrain(uint64_t cycleLimit) {
    Train& tr = train_;
    bool cached = trainNextValid_;  // the decision of the last pause still holds
    trainNextValid_ = false;
    for (;;) {
        if (!tr.valid) return TrainExit::kEnded;  // direction switched
        if (!trainsPay_) {  // the scan path from here on
            invalidate();
            return TrainExit::kEnded;
        }
        TrainDecision dec = trainDecision_;
        bool decided = cached;
        if (tr.pattern.active()) {
            const uint64_t h = trainHorizon(now(), cycleLimit);
            if (tr.pattern.timeOf(tr.pattern.phase) < h && trainIssuePattern(h)) {  // (else it issues nothing)
                if (stopped_) return TrainExit::kStopped;
                cached = false;
                continue;
            }
            if (!decided && tr.pattern.active()) decided = trainPatternDecision(now(), dec);
        }
        const uint64_t n = now();
        if (!decided) dec.who = trainBest(n, dec.time, dec.prio, dec.group, &dec.casTime);
        cached = false;
        const int who = dec.who;
        const uint64_t time = dec.time, prio = dec.prio, casTime = dec.casTime;
        const uint32_t g = dec.group;
        (void)prio;
        if (std::min(time, nextDue_) > cycleLimit) {
            trainDecision_ = dec;
            trainNext_ = std::min(time, nextDue_);
            trainNextValid_ = true;
            return TrainExit::kPaused;
        }
        if (nextDue_ <= time) {  // a refresh falls due first
            if (refreshMode_ != 2) {  // all-bank: the scan path starts it (it blocks a whole rank)
                invalidate();
                return TrainExit::kEnded;
            }
            const uint32_t r = uint32_t(nextDueRank_);
            activateRefresh(r, false);
            forEachRefpbBank(uint32_t(refTarget_[r]), [&](uint32_t b) { trainUpdateMember(b); });  // now blocked
            trainRefreshCandidates();
            continue;
        }
        const int m = tr.mode;
#ifdef NPU_DRAM_CHECK_TRAINS  // debugging aid: every train decision against the full scan
        // the cached candidates of this direction's available banks, recomputed
        for (uint32_t bb = 0; bb < banks_; ++bb) {
            if (dirty_[m].test(bb) || blocked_.test(bb) || !work_[m].test(bb)) continue;
            const uint8_t c0 = cand_[m][bb].cmd;
            const uint64_t t0 = cand_[m][bb].time, p0 = cand_[m][bb].prio;
            computeCand(bb, m);
            if (c0 != cand_[m][bb].cmd || t0 != cand_[m][bb].time || p0 != cand_[m][bb].prio) {
                std::fprintf(stderr, "stale candidate ch%u bank %u @%llu: cmd %d time %llu, recomputed cmd %d time %llu\n",
                             index_, bb, (unsigned long long)n, c0, (unsigned long long)t0, cand_[m][bb].cmd,
                             (unsigned long long)cand_[m][bb].time);
                std::abort();
            }
        }
        {
            Pick ref;
            scan(writeMode_, n, ref);
            const TrainGroup& gr = tr.group[g];
            const int32_t bank = who == 0   ? (gr.readyBank != kNil ? gr.readyBank : gr.pendBank)
                                 : who == 1 ? (tr.otherReady != kNil ? tr.otherReady : tr.otherPend)
                                            : trainRefreshAt(n).bank;
            if (ref.time != time || ref.prio != prio || (who != 2 && ref.bank != bank)) {
                std::fprintf(stderr, "train mismatch ch%u @%llu: train bank %d time %llu | scan bank %d time %llu\n", index_,
                             (unsigned long long)n, bank, (unsigned long long)time, ref.bank, (unsigned long long)ref.time);
                std::abort();
            }
        }
#endif
        if (who == 2) {  // refresh command
            Pick p = trainRefreshAt(time);
            if (refreshMode_ != 2) {  // all-bank PREA / REF: issued by the scan path (a whole rank changes)
                cachedBest_ = p;
                tr.valid = false;
                bestValid_ = true;
                return TrainExit::kEnded;
            }
            issue(p);  // per-bank PRE or REFpb of the blocked target set
            if (p.cmd == kRefPb) forEachRefpbBank(uint32_t(p.bank), [&](uint32_t b) { trainUpdateMember(b); });  // unblocked
            else if (!trainUpdateMember(uint32_t(p.bank)) && t_.tPPD != 0) trainRecomputeOther(now());  // (tPPD)
            trainRefreshCandidates();
            if (casTime < time + cmdLen_[p.cmd]) trainResetHistory();  // it took a cycle a column command wanted
            continue;
        }
        if (who == 1) {  // ACT or PRE of one bank: column commands win ties, so it takes the cycle of none
            const uint32_t b = uint32_t(tr.otherReady != kNil ? tr.otherReady : tr.otherPend);
            const Pick p = pickOf(b, m, time);
            issue(p);
            // but its later command-bus cycles (tCMD_ACT, tCMD_PRE > 1) may be cycles a column command wanted
            if (casTime < time + cmdLen_[p.cmd]) trainResetHistory();
            // tRRD / tFAW moved every other ACT, tPPD every other PRE: reclassify them (unless updating b
            // just did), and the refresh candidates (a refresh's PRE waits for tPPD too)
            const bool ppd = p.cmd == kPre && t_.tPPD != 0;
            if (!trainUpdateMember(b) && (p.cmd == kAct || ppd)) trainRecomputeOther(now());
            if (ppd) trainRefreshCandidates();
            continue;
        }
        const bool ready = tr.group[g].readyBank != kNil;
        const uint32_t b = uint32_t(ready ? tr.group[g].readyBank : tr.group[g].pendBank);
        const bool done = serveBurst(b, cand_[m][b].slot, m, time);
        if (!ready) trainResetHistory();  // a pending member's command is no step of a period
        if (done) {
            dirtyBank(b);
            if (tr.valid) trainUpdateMember(b);  // the ready set changes: resets the history
            if (stopped_) return TrainExit::kStopped;
            continue;
        }
        if (ready && !observer_ && fastPaths_) trainRecord(g, time);
    }
}

void DramChannel::trainRecord(uint32_t g, uint64_t time) {
    Train& tr = train_;
    Pattern& pat = tr.pattern;
    if (pat.valid && pat.leadIn != 0) {  // a predicted lead-in step?
        if (g == pat.leadGroup[pat.leadPos] && time == pat.leadTime[pat.leadPos]) {
            ++pat.leadPos;
            --pat.leadIn;
            return;
        }
        trainResetHistory();
    }
    if (pat.valid) {  // a step the pattern predicted (issued by the step path at its horizon)?
        if (g == pat.group[pat.phase] && time == pat.timeOf(pat.phase)) {
            pat.advance();
            return;
        }
        trainResetHistory();
    }
    const uint64_t n = now();
    if (n != time + cmdLen_[tr.cas]) {  // the floor binds: no periodic analysis
        trainResetHistory();
        return;
    }
    if (!tr.sigValid) {
        tr.sigGroups.clear();
        bool fits = true;
        forEachBit(tr.groups.w, (rankGroups_ + 63) / 64, [&](uint32_t k) {
            if (tr.group[k].readyBank == kNil) return;
            if (tr.sigGroups.size() == kMaxSig) fits = false; else tr.sigGroups.push_back(k);
        });
        // Too many groups to record; a ready request about to complete is no reason to skip the detection:
        // a pattern stops before any request's last burst anyway (session 12: skipping it while a ready
        // request had fewer than 4 bursts left cost a UNet step 11 %, once the rank-switch bubble let
        // another rank's short requests wait in the ready set).
        if (!fits) tr.sigGroups.clear();
        tr.sigValid = true;
        tr.histCount = 0;
        if (!tr.sigGroups.empty() && trainPredict(n)) return;
    }
    const size_t ns = tr.sigGroups.size();
    if (ns == 0) return;
    TrainStep& cur = tr.hist[tr.histPos];
    const uint64_t* cons = &rgCons_[tr.casType * size_t(rankGroups_)];
    const uint64_t* rankCons = &rankCons_[tr.casType * size_t(ranks_)];
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < ns; ++i) {
        const uint32_t g = tr.sigGroups[i];
        const uint64_t level = std::max({cons[g], rankCons[rgRank_[g]], n});
        const uint64_t x = std::min<uint64_t>(level - n, UINT32_MAX);
        cur.sig[i] = uint32_t(x);
        h = (h ^ x) * 1099511628211ull;
    }
    cur.now = n;
    cur.time = time;
    cur.hash = h;
    cur.group = g;
    // the most recent earlier step with the same signature: the steps after it form a period
    uint32_t period = 0;
    for (uint32_t k = 1; k <= tr.histCount; ++k) {
        const TrainStep& e = tr.hist[(tr.histPos + kHist - k) % kHist];
        if (e.hash == h && std::memcmp(e.sig, cur.sig, ns * sizeof(uint32_t)) == 0) {
            period = k;
            break;
        }
    }
    const uint32_t base = (tr.histPos + kHist - period) % kHist;
    tr.histPos = (tr.histPos + 1) % kHist;
    if (tr.histCount < kHist - 1) ++tr.histCount;
    if (period == 0) return;
    const uint64_t d = n - tr.hist[base].now;
    const uint64_t first = tr.hist[(base + 1) % kHist].time;
    pat.valid = true;
    pat.steps = period;
    pat.phase = 0;
    pat.d = d;
    pat.start = first + d;  // the next period's first step
    for (uint32_t i = 0; i < period; ++i) {
        const TrainStep& st = tr.hist[(base + 1 + i) % kHist];
        pat.group[i] = st.group;
        pat.offset[i] = st.time - first;
        pat.bank[i] = uint32_t(tr.group[st.group].readyBank);
    }
    pat.leadIn = 0;
    finishPattern();
}

void DramChannel::finishPattern() {
    Pattern& pat = train_.pattern;
    for (uint32_t i = 0; i < pat.steps; ++i) {
        pat.perRound[i] = 0;
        pat.firstOfBank[i] = true;
        for (uint32_t k = 0; k < pat.steps; ++k) {
            pat.perRound[i] += pat.bank[k] == pat.bank[i];
            if (k < i && pat.bank[k] == pat.bank[i]) pat.firstOfBank[i] = false;
        }
    }
}

bool DramChannel::trainPredict(uint64_t n) {
    // The column commands of a fixed ready set, between other events, follow from the groups' levels
    // alone: each takes the earliest max(level, now), ties to the oldest ready request; a command at t
    // raises its group's level to t + tCCD_L, its rank's to t + tCCD_S, the other ranks' to t + tBURST +
    // tRTRS and every level to t + tBURST (the data bus, same direction), and now becomes t + tCMD_CAS
    // (applyCasConstraints on the combined levels, which the updates distribute over). The steps are
    // exactly those the step path would issue, which it checks for the lead-in; the pattern itself is
    // guarded by the horizon like a detected one.
    Train& tr = train_;
    Pattern& pat = tr.pattern;
    const size_t ns = tr.sigGroups.size();
    const uint64_t* cons = &rgCons_[tr.casType * size_t(rankGroups_)];
    const uint64_t* rankCons = &rankCons_[tr.casType * size_t(ranks_)];
    uint64_t level[kMaxSig], prio[kMaxSig];
    uint32_t rank[kMaxSig];
    for (size_t i = 0; i < ns; ++i) {
        const uint32_t g = tr.sigGroups[i];
        rank[i] = rgRank_[g];
        level[i] = std::max({cons[g], rankCons[rank[i]], n});
        prio[i] = tr.group[g].readyPrio;
    }
    // states (levels relative to now) after 0..k predicted steps, and the steps
    uint32_t sig[kHist + 1][kMaxSig];
    uint64_t nowAt[kHist + 1], timeOf[kHist + 1];
    uint32_t groupOf[kHist + 1];
    auto record = [&](uint32_t k) {
        for (size_t i = 0; i < ns; ++i) sig[k][i] = uint32_t(std::min<uint64_t>(level[i] - n, UINT32_MAX));
        nowAt[k] = n;
    };
    record(0);
    for (uint32_t k = 1; k <= kHist; ++k) {
        size_t w = 0;
        for (size_t i = 1; i < ns; ++i) {
            const uint64_t ti = std::max(level[i], n), tw = std::max(level[w], n);
            if (ti < tw || (ti == tw && prio[i] < prio[w])) w = i;
        }
        const uint64_t t = std::max(level[w], n);
        for (size_t i = 0; i < ns; ++i) {
            uint64_t l = std::max(level[i], t + t_.tBURST);
            if (rank[i] == rank[w]) l = std::max(l, t + t_.tCCD_S);
            else if (rankSwitch_) l = std::max(l, t + t_.tBURST + t_.tRTRS);  // (another rank's burst)
            if (i == w) l = std::max(l, t + t_.tCCD_L);
            level[i] = l;
        }
        n = t + cmdLen_[tr.cas];
        timeOf[k] = t;
        groupOf[k] = tr.sigGroups[w];
        record(k);
        for (uint32_t j = 0; j < k; ++j) {
            if (std::memcmp(sig[j], sig[k], ns * sizeof(uint32_t)) != 0) continue;
            // steps j+1..k repeat every nowAt[k] - nowAt[j] cycles; steps 1..j lead in
            pat.valid = true;
            pat.steps = k - j;
            pat.phase = 0;
            pat.d = nowAt[k] - nowAt[j];
            pat.start = timeOf[j + 1];
            for (uint32_t i = 0; i < pat.steps; ++i) {
                pat.group[i] = groupOf[j + 1 + i];
                pat.offset[i] = timeOf[j + 1 + i] - pat.start;
                pat.bank[i] = uint32_t(tr.group[pat.group[i]].readyBank);
            }
            pat.leadIn = j;
            pat.leadPos = 0;
            for (uint32_t i = 0; i < j; ++i) {
                pat.leadGroup[i] = groupOf[1 + i];
                pat.leadTime[i] = timeOf[1 + i];
            }
            finishPattern();
            return true;
        }
    }
    return false;
}

bool DramChannel::trainPatternDecision(uint64_t n, TrainDecision& dec) {
    // Right after trainHorizon(n, ...) stopped the pattern: the candidates that bound the horizon are
    // known. The next column command is the pattern's next step (no other column command comes earlier:
    // ACT/PRE and refresh commands change no column constraint, and a pending column command that could
    // win is at minOutrank or later); the refresh candidate wins ties, the column command beats ACT/PRE.
    // Only if a pending column command could come first is trainBest needed.
    const Train& tr = train_;
    const Pattern& pat = tr.pattern;
    const uint64_t cas = pat.timeOf(pat.phase);
    const Pick refresh = trainRefreshAt(n);
    const uint64_t ref = refresh.time;  // (UINT64_MAX if none)
    const bool otherReady = tr.otherReady != kNil;
    const uint64_t other = otherReady ? n : tr.otherPend != kNil ? tr.otherPendU : UINT64_MAX;
    const uint64_t first = std::min({cas, ref, other});
    if (tr.outrankDirty || tr.minOutrank <= first) return false;
    dec.casTime = cas;
    if (ref == first) {
        dec.who = 2;
        dec.time = ref;
        dec.prio = refresh.prio;
    } else if (cas == first) {
        dec.who = 0;
        dec.group = pat.group[pat.phase];
        dec.time = cas;
        dec.prio = tr.group[dec.group].readyPrio;
    } else {
        dec.who = 1;
        dec.time = other;
        dec.prio = otherReady ? tr.otherReadyPrio : tr.otherPendPrio;
    }
    return true;
}

uint64_t DramChannel::trainHorizon(uint64_t n, uint64_t cycleLimit) {
    Train& tr = train_;
    uint64_t h = nextDue_;  // (refresh activation happens at the due cycle, before anything at that cycle)
    if (!tr.refresh.empty()) h = std::min(h, trainRefreshAt(n).time);  // refresh wins ties
    if (cycleLimit != UINT64_MAX) h = std::min(h, cycleLimit + 1);
    if (n >= tr.otherPendU) trainRecomputeOther(n);
    if (tr.otherReady != kNil) h = std::min(h, n + 1);  // column commands win ties against ACT/PRE
    if (tr.otherPend != kNil) h = std::min(h, tr.otherPendU + 1);
    // a pending column command that outranks its group's ready one (if any) can win from its cycle on
    if (tr.outrankDirty) {
        tr.minOutrank = UINT64_MAX;
        forEachBit(tr.groups.w, (rankGroups_ + 63) / 64,
                   [&](uint32_t g) { tr.minOutrank = std::min(tr.minOutrank, tr.group[g].outrankTime); });
        tr.outrankDirty = false;
    }
    h = std::min(h, tr.minOutrank);
    return h;
}

bool DramChannel::trainIssuePattern(uint64_t horizon) {
    Train& tr = train_;
    Pattern& pat = tr.pattern;
    const int m = tr.mode;
    bool issued = false;
    while (pat.valid) {
        const uint64_t next = pat.timeOf(pat.phase);
        if (next >= horizon) break;
#ifndef NPU_DRAM_CHECK_TRAINS  // (the check build verifies every step against the scan instead)
        {
            // In closed form: the next N steps, all before the horizon and none a
            // request's last burst (that one goes through the single step, which completes the request).
            const uint32_t len = pat.steps, ph = pat.phase;
            const uint32_t* bank = pat.bank;
            // step k (0-based) of the sequence is period step (ph + k) % len of round (ph + k) / len
            auto first = [&](uint32_t i) -> uint64_t { return i >= ph ? i - ph : len - ph + i; };  // its first k
            auto timeAt = [&](uint64_t k) {
                return pat.start + ((ph + k) / len) * pat.d + pat.offset[(ph + k) % len];
            };
            // N by time: the sequence is increasing, so count per step the rounds before the horizon
            uint64_t n = 0;
            for (uint32_t i = 0; i < len; ++i) {
                const uint64_t t0 = timeAt(first(i));
                if (t0 < horizon) n += (horizon - 1 - t0) / pat.d + 1;
            }
            // N by requests: stop before any request's last burst
            for (uint32_t i = 0; i < len; ++i) {
                if (!pat.firstOfBank[i]) continue;
                const uint64_t left = slots_[m][cand_[m][bank[i]].slot].left;
                // position of the left-th occurrence of this bank in the sequence
                const uint32_t per = pat.perRound[i];
                const uint64_t fullRounds = (left - 1) / per;
                uint64_t rem = (left - 1) % per + 1, pos = fullRounds * len;
                for (uint32_t k = 0; k < len; ++k) {  // walk one round from the current phase
                    const uint32_t idx = (ph + k) % len;
                    if (bank[idx] == bank[i] && --rem == 0) {
                        pos += k;
                        break;
                    }
                }
                n = std::min(n, pos);
            }
            if (n > 0) {
                const uint64_t lat = (m ? t_.WL : t_.RL) + t_.tBURST;
                LatencyHistogram& hist = m ? stats_->writeLatency : stats_->readLatency;
                uint64_t last = 0, hits = 0;
                for (uint32_t i = 0; i < len; ++i) {
                    const uint64_t k0 = first(i);
                    if (k0 >= n) continue;
                    const uint64_t cnt = (n - 1 - k0) / len + 1, t0 = timeAt(k0), tl = t0 + (cnt - 1) * pat.d;
                    const uint32_t b = bank[i];
                    Slot& sl = slots_[m][cand_[m][b].slot];
                    hist.addSeries(t0 + lat - std::min(t0 + lat, sl.arrive), pat.d, cnt);
                    stats_->firstArriveCycle = std::min(stats_->firstArriveCycle, sl.arrive);
                    // a request's first burst may be among them, classified by its ACT/PRE already
                    const uint64_t h = cnt - (sl.outcome != kUnknown ? 1 : 0);
                    sl.outcome = kUnknown;
                    hits += h;
                    sl.left -= uint32_t(cnt);
                    sl.column += uint32_t(cnt);
                    DramBankStats& bs = stats_->banks[b];
                    (m ? bs.writes : bs.reads) += cnt;
                    bs.rowHits += h;
                    // each step's last command sets the constraints (updates are maxima: order-free)
                    applyCasConstraints(m, rankOf_[b], rgOf_[b], tl);
                    if (m) bankState_[b].write(tl, bt_); else bankState_[b].read(tl, bt_);
                    dirty_[m ^ 1].set(b);  // the other direction's PRE for this bank may now come later
                    last = std::max(last, tl);
                }
                DramBankStats& c = stats_->counts;
                (m ? c.writes : c.reads) += n;
                c.rowHits += hits;
                (m ? stats_->bytesWritten : stats_->bytesRead) += n * burstBytes_;
                stats_->dataBusBusyCycles += n * t_.tBURST;
                queuedBursts_[m] -= n;
                countMix(n, 0);
                stats_->lastFinishCycle = std::max(stats_->lastFinishCycle, last + lat);
                commandsIssued(next, last, m ? kWr : kRd);  // (next: the first only if the mark fell inside a train)
                pat.start += ((ph + n) / len) * pat.d;
                pat.phase = uint32_t((ph + n) % len);
                issued = true;
                continue;
            }
        }
#endif
        // one step
        const uint32_t b = pat.bank[pat.phase];
#ifdef NPU_DRAM_CHECK_TRAINS
        {
            Pick ref;
            scan(writeMode_, now(), ref);
            if (ref.time != next || ref.bank != int32_t(b) || nextDue_ <= next) {
                std::fprintf(stderr, "pattern mismatch ch%u: pattern bank %u @%llu | scan bank %d @%llu\n", index_, b,
                             (unsigned long long)next, ref.bank, (unsigned long long)ref.time);
                std::abort();
            }
        }
#endif
        issued = true;
        pat.advance();
        if (serveBurst(b, cand_[m][b].slot, m, next)) {  // request complete: the ready set changes
            dirtyBank(b);
            if (tr.valid) trainUpdateMember(b);
            trainResetHistory();
            break;
        }
    }
    return issued;
}

// inline: called per ACT and PRE by issueOther, in this file
inline void DramChannel::followUp(uint32_t b, int m, uint8_t cmd, uint32_t type, uint64_t time, uint64_t prio) {
    if (train_.valid) {  // (train mode reclassifies the bank from its old candidate)
        dirtyBank(b);
        return;
    }
    dirty_[m ^ 1].set(b);
    Cand& c = cand_[m][b];
    c.cmd = cmd;
    c.cons = consIndex(type, b);
    c.prio = prio;
    setCandTime(m, b, time);
#ifdef NPU_DRAM_CHECK_TRAINS  // debugging aid: the follow-up against computeCand
    const Cand direct = c;
    computeCand(b, m);
    if (direct.cmd != c.cmd || direct.cons != c.cons || direct.time != c.time || direct.prio != c.prio ||
        direct.slot != c.slot || direct.row != c.row) {
        std::fprintf(stderr, "follow-up mismatch ch%u bank %u: cmd %d time %llu, computed cmd %d time %llu\n", index_, b,
                     direct.cmd, (unsigned long long)direct.time, c.cmd, (unsigned long long)c.time);
        std::abort();
    }
#endif
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

bool DramChannel::schedulesLike(const DramChannel& o, uint64_t at) const {
    // Every constraint enters a decision as max(constraint, t) with t >= now() >= at, or is raised by a
    // max with a later cycle: values at or before `at` are interchangeable, later ones must be equal.
    auto same = [at](uint64_t a, uint64_t b) { return a == b || (a <= at && b <= at); };
    auto sameAll = [&](const LineVector<uint64_t>& a, const LineVector<uint64_t>& b) {
        for (size_t i = 0; i < a.size(); ++i)
            if (!same(a[i], b[i])) return false;
        return true;
    };
    if (queuedRequests() != 0 || o.queuedRequests() != 0 || writeMode_ != o.writeMode_) return false;
    if (!same(floor_ > cmdFree_ ? floor_ : cmdFree_, o.floor_ > o.cmdFree_ ? o.floor_ : o.cmdFree_)) return false;
    for (uint32_t i = 0; i < 4; ++i)
        if (open_.w[i] != o.open_.w[i] || blocked_.w[i] != o.blocked_.w[i] || refDone_.w[i] != o.refDone_.w[i])
            return false;
    for (uint32_t b = 0; b < banks_; ++b) {
        const BankState &x = bankState_[b], &y = o.bankState_[b];
        if ((x.isOpen() && x.openRow() != y.openRow()) || !same(x.nextActCycle(), y.nextActCycle()) ||
            !same(x.nextPreCycle(), y.nextPreCycle()) || !same(x.nextRdCycle(), y.nextRdCycle()))
            return false;
    }
    // (A command's bank-level constraints outlast the rank-level (data bus included) and tFAW ones it sets,
    // so in reachable states the bank comparison above already implies the checks below; they are made all
    // the same.)
    if (!sameAll(rgCons_, o.rgCons_) || !sameAll(rankCons_, o.rankCons_)) return false;
    for (uint32_t r = 0; r < ranks_; ++r) {
        // tFAW: the last four ACTs, oldest first; one that can no longer delay an ACT after `at` (or was
        // never issued) is interchangeable with any other such
        for (uint32_t j = 0; j < 4; ++j) {
            auto slot = [&](const DramChannel& c) -> uint64_t {
                const bool written = c.fawCount_[r] >= 4 || j >= 4 - c.fawCount_[r];
                const uint64_t v = c.faw_[size_t(r) * 4 + ((c.fawPos_[r] + j) & 3)];
                return written && v + t_.tFAW > at ? v : UINT64_MAX;
            };
            if (slot(*this) != slot(o)) return false;
        }
        if (refDue_[r] != o.refDue_[r] || refActive_.test(r) != o.refActive_.test(r) ||
            refDoneCount_[r] != o.refDoneCount_[r] || (refActive_.test(r) && refTarget_[r] != o.refTarget_[r]))
            return false;
    }
    return true;
}

void DramChannel::copyStateFrom(const DramChannel& o) {
    const uint32_t index = index_;
    DramChannelStats* stats = stats_;
    LineVector<Completion>* completions = completions_;
    DramCommandObserverIf* observer = observer_;
    *this = o;  // same configuration: the vectors keep their sizes, nothing is allocated
    index_ = index;
    stats_ = stats;
    completions_ = completions;
    observer_ = observer;
}

void DramChannel::notifyObserver(uint64_t t, uint8_t cmd, int32_t bank, uint32_t rank, uint32_t row, uint32_t column) {
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

// inline: called per burst by serveBurst and per pattern step by trainIssuePattern, both in this file
inline void DramChannel::applyCasConstraints(int m, uint32_t r, uint32_t rg, uint64_t t) {
    uint64_t* rdRank = &rankCons_[1 * size_t(ranks_) + r];
    uint64_t* wrRank = &rankCons_[2 * size_t(ranks_) + r];
    uint64_t* rdRg = &rgCons_[1 * size_t(rankGroups_) + rg];
    uint64_t* wrRg = &rgCons_[2 * size_t(rankGroups_) + rg];
    uint64_t finish, rd, wr;  // same rank
    if (m == 0) {
        rd = t + t_.tCCD_S;
        wr = t + t_.tRTW;
        *rdRg = std::max(*rdRg, t + t_.tCCD_L);  // same bank group
        finish = t + t_.RL + t_.tBURST;
    } else {
        wr = t + t_.tCCD_S;
        rd = t + wrToRdS_;                       // WL + tBURST + tWTR_S
        *wrRg = std::max(*wrRg, t + t_.tCCD_L);  // same bank group
        *rdRg = std::max(*rdRg, t + wrToRdL_);
        finish = t + t_.WL + t_.tBURST;
    }
    // data bus (whole channel): the next burst, either direction, starts after this one ends; in another
    // rank tRTRS later (the same rule for every other rank)
    auto busRd = [&](uint64_t end) { return end > t_.RL ? end - t_.RL : 0; };
    auto busWr = [&](uint64_t end) { return end > t_.WL ? end - t_.WL : 0; };
    *rdRank = std::max({*rdRank, rd, busRd(finish)});
    *wrRank = std::max({*wrRank, wr, busWr(finish)});
    if (ranks_ > 1) {  // (not rankSwitch_: with tRTRS 0 the other ranks still take the data bus)
        const uint64_t end = finish + t_.tRTRS, rdO = busRd(end), wrO = busWr(end);
        for (uint32_t o = 0; o < ranks_; ++o) {
            if (o == r) continue;
            uint64_t& rdC = rankCons_[1 * size_t(ranks_) + o];
            uint64_t& wrC = rankCons_[2 * size_t(ranks_) + o];
            rdC = std::max(rdC, rdO);
            wrC = std::max(wrC, wrO);
        }
    }
}

bool DramChannel::serveBurst(uint32_t b, int32_t s, int m, uint64_t t) {
    const uint32_t r = rankOf_[b];
    Slot& sl = slots_[m][s];
    BankState& bs = bankState_[b];
    DramBankStats& bank = stats_->banks[b];
    applyCasConstraints(m, r, rgOf_[b], t);
    // The burst may delay the bank's PRE (tRTP, tWR): the other direction's cached candidate for this bank,
    // a PRE for one of its requests, is then stale. (This direction's candidate is this request's CAS.)
    dirty_[m ^ 1].set(b);
    uint64_t finish;
    if (m == 0) {
        bs.read(t, bt_);
        finish = t + t_.RL + t_.tBURST;
        ++bank.reads;
        ++stats_->counts.reads;
        stats_->bytesRead += burstBytes_;
        stats_->readLatency.add(finish - std::min(finish, sl.arrive));
    } else {
        bs.write(t, bt_);
        finish = t + t_.WL + t_.tBURST;
        ++bank.writes;
        ++stats_->counts.writes;
        stats_->bytesWritten += burstBytes_;
        stats_->writeLatency.add(finish - std::min(finish, sl.arrive));
    }
    stats_->dataBusBusyCycles += t_.tBURST;
    stats_->firstArriveCycle = std::min(stats_->firstArriveCycle, sl.arrive);
    stats_->lastFinishCycle = std::max(stats_->lastFinishCycle, finish);
    if (sl.outcome == kUnknown) {
        ++bank.rowHits;
        ++stats_->counts.rowHits;
    }
    notify(t, m ? kWr : kRd, int32_t(b), r, bs.openRow(), sl.column);
    commandsIssued(t, t, m ? kWr : kRd);
    countMix(1, 0);
    --queuedBursts_[m];
    if (--sl.left != 0) {  // the request's next burst: same bank, row and candidate, next column
        ++sl.column;
        sl.outcome = kUnknown;
        return false;
    }
    completions_->push_back(Completion{sl.id, sl.arrive, finish, m == 1, sl.bursts, index_});
    ++stats_->completedRequests;

    // dequeue
    BankQueue& q = queues_[b];
    if (sl.prev == kNil) q.head[m] = sl.next; else slots_[m][sl.prev].next = sl.next;
    if (sl.next == kNil) q.tail[m] = sl.prev; else slots_[m][sl.next].prev = sl.prev;
    --q.count[m];
    --q.hits[m];
    --count_[m];
    if (q.count[m] == 0) {
        work_[m].clear(b);
        setCandTime(m, b, UINT64_MAX);  // (the candidate is stale: the bank leaves the scan's order)
    }
    if (sl.agePrev == kNil) ageHead_[m] = sl.ageNext; else slots_[m][sl.agePrev].ageNext = sl.ageNext;
    if (sl.ageNext == kNil) ageTail_[m] = sl.agePrev; else slots_[m][sl.ageNext].agePrev = sl.agePrev;
    free_[m].push_back(s);
    updateMode();
    if (stopMode_ == m || (stopMode_ == 2 && (--stopCount_ == 0 || count_[0] + count_[1] == 0))) stopped_ = true;
    return true;
}

void DramChannel::issueOther(const Pick& p) {
    const uint64_t t = p.time;
    const uint32_t nWords = (banks_ + 63) / 64;
    switch (p.cmd) {
        case kAct: {
            const uint32_t b = uint32_t(p.bank), r = rankOf_[b];
            countMix(0, 1);
            bankState_[b].activate(t, p.row, bt_);
            uint64_t* ring = &faw_[size_t(r) * 4];
            ring[fawPos_[r]] = t;
            fawPos_[r] = (fawPos_[r] + 1) & 3;
            // same rank: tRRD_S and, after four ACTs, tFAW from the oldest of the last four; same group: tRRD_L
            fawCount_[r] += fawCount_[r] < 4;  // (saturates: only "four ACTs yet" matters)
            const uint64_t rankNext = std::max<uint64_t>(t + t_.tRRD_S, fawCount_[r] >= 4 ? ring[fawPos_[r]] + t_.tFAW : 0);
            uint64_t& actRank = rankCons_[3 * size_t(ranks_) + r];
            actRank = std::max(actRank, rankNext);
            uint64_t& actRg = rgCons_[3 * size_t(rankGroups_) + rgOf_[b]];
            actRg = std::max(actRg, t + t_.tRRD_L);
            open_.set(b);
            ++openCount_[r];
            recountHits(b);
            DramBankStats& bank = stats_->banks[b];
            ++bank.activates;
            ++stats_->counts.activates;
            const int m = writeMode_ ? 1 : 0;
            Slot& sl = slots_[m][p.slot];
            if (sl.outcome == kUnknown) {
                sl.outcome = kMiss;
                ++bank.rowMisses;
                ++stats_->counts.rowMisses;
            }
            notify(t, kAct, p.bank, r, p.row, 0);
            // the request is the bank's oldest hit now: its column command next (tRCD: after its arrival)
            followUp(b, m, m ? kWr : kRd, m ? 2 : 1, bankState_[b].nextRdCycle(), prioOf(1, sl.seq));
            break;
        }
        case kPre: {
            const uint32_t b = uint32_t(p.bank), r = rankOf_[b];
            countMix(0, 1);
            const uint32_t row = bankState_[b].openRow();
            bankState_[b].precharge(t, t_.tRPpb);
            if (t_.tPPD != 0) rankCons_[r] = std::max(rankCons_[r], t + t_.tPPD);  // type 0 (PRE) of rank r
            open_.clear(b);
            --openCount_[r];
            queues_[b].hits[0] = queues_[b].hits[1] = 0;
            DramBankStats& bank = stats_->banks[b];
            ++bank.precharges;
            ++stats_->counts.precharges;
            notify(t, kPre, p.bank, r, row, 0);
            if (p.slot != kNil && (p.prio >> 62) != 0) {  // for the bank's oldest request: its ACT next
                const int m = writeMode_ ? 1 : 0;
                Slot& sl = slots_[m][p.slot];
                if (sl.outcome == kUnknown) {
                    sl.outcome = kConflict;
                    ++bank.rowConflicts;
                    ++stats_->counts.rowConflicts;
                }
                followUp(b, m, kAct, 3, bankState_[b].nextActCycle(), p.prio);
            } else {  // a refresh's, or closing an unwanted row
                dirtyBank(b);
            }
            break;
        }
        case kPreA: {
            const uint32_t r = uint32_t(p.rank);
            forEachBit(rankMask_[r].w, nWords, [&](uint32_t b) {
                if (!bankState_[b].isOpen()) return;
                ++stats_->prechargeAllBanks;
                bankState_[b].precharge(t, t_.tRPab);
                open_.clear(b);
                queues_[b].hits[0] = queues_[b].hits[1] = 0;
                dirtyBank(b);
            });
            openCount_[r] = 0;
            ++stats_->prechargeAlls;
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
            refActive_.clear(r);
            refDue_[r] += t_.tREFI;
            updateNextDue();
            ++stats_->refreshes;
            notify(t, kRef, kNil, r, 0, 0);
            break;
        }
        case kRefPb: {  // p.bank leads the set
            const uint32_t r = rankOf_[uint32_t(p.bank)];
            forEachRefpbBank(uint32_t(p.bank), [&](uint32_t b) {
                bankState_[b].refresh(t, t_.tRFCpb);
                blocked_.clear(b);
                refDone_.set(b);
                ++stats_->banks[b].refreshesPerBank;
                dirtyBank(b);
            });
            refActive_.clear(r);
            refDue_[r] += t_.tREFIpb;
            updateNextDue();
            refDoneCount_[r] += refpbBanks_;
            if (refDoneCount_[r] == banksPerRank_) {  // round complete: every bank once
                refDoneCount_[r] = 0;
                for (uint32_t i = 0; i < 4; ++i) refDone_.w[i] &= ~rankMask_[r].w[i];
            }
            ++stats_->counts.refreshesPerBank;
            notify(t, kRefPb, p.bank, r, 0, 0);
            break;
        }
        default: return;
    }
    commandsIssued(t, t, p.cmd);
    bestValid_ = false;
}

}  // namespace npu::hw::dram
