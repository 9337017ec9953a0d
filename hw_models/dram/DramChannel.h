// SPDX-License-Identifier: Apache-2.0
// Models: one DRAM channel's controller and devices, event-driven: bounded read and write queues of
// (multi-burst) requests, FR-FCFS or FCFS, write draining between watermarks, open/closed page, all-bank
// or per-bank refresh, and for every command the earliest legal cycle from tRCD, tRP(pb/ab), tRAS, tRC,
// RL/WL+tBURST, tCCD_S/L, tRRD_S/L, tFAW, tWR, tWTR_S/L, tRTP, tRTW, tPPD, data-bus occupancy (with a
// tRTRS bubble between bursts of different ranks), command-bus occupancy (tCMD_* cycles per command) and
// tRFC. FR-FCFS decisions between refreshes are kept incrementally ("train" mode), and periodic runs of
// column commands are issued in closed form; both give exactly the decisions of the full scan.
// Ignores: power-down, the parts of a multi-cycle command (LPDDR ACT-1/ACT-2) as separate commands,
// write-to-read forwarding.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "hw_models/common/CacheLine.h"
#include "hw_models/dram/AddressMapper.h"
#include "hw_models/dram/BankState.h"
#include "hw_models/dram/DramCommandObserverIf.h"
#include "hw_models/dram/DramConfig.h"
#include "hw_models/dram/DramRequest.h"
#include "hw_models/dram/DramStats.h"

namespace npu::hw::dram {

using hw::LineVector;
using hw::kCacheLinePair;

class alignas(kCacheLinePair) DramChannel {
public:
    /// `stats` and `completions` are owned by the caller (DramSystem) and must outlive the channel.
    DramChannel(const DramConfig& cfg, uint32_t index, DramChannelStats& stats, LineVector<Completion>& completions);

    bool canAccept(bool write) const { return count_[write] < capacity_[write]; }
    /// Queues a request whose address decodes to this channel; the caller has checked canAccept().
    void enqueue(const Request& req, const DramAddress& a);
    /// Issues every command whose earliest legal cycle is <= cycle (in time order).
    void advanceTo(uint64_t cycle);
    /// Issues commands in time order until a request of the given direction completes (its queue then
    /// has room); returns the cycle of that last column command. The queue must hold such a request.
    uint64_t advanceUntilRoom(bool write);
    /// Issues commands in time order up to cycleLimit, stopping after one that completes a request;
    /// returns the cycle of the last command issued so far.
    uint64_t advanceUntilCompletion(uint64_t cycleLimit);
    /// Issues commands until no request is queued; returns the cycle of the last command (0 if none).
    uint64_t advanceUntilEmpty();
    /// Issues commands in time order until n more requests have completed or none is queued; returns the
    /// cycle of the last command issued so far (advanceUntilEmpty in steps, for interleaving channels).
    uint64_t advanceCompletions(uint32_t n);
    /// Earliest cycle at which a command may issue or a refresh falls due; UINT64_MAX with no request queued.
    uint64_t nextEvent() const { return queuedRequests() ? nextActivity() : UINT64_MAX; }
    /// Like nextEvent, but also counting refresh and row closing while no request is queued.
    uint64_t nextActivity() const;
    /// advanceTo(cycle) would only raise the floor: no command can issue by then (the command bus is
    /// busy until later) and no refresh falls due.
    bool quietThrough(uint64_t cycle) const { return now() > cycle && nextDue_ > cycle; }
    /// No command will issue before `cycle` (the caller has simulated up to it).
    void raiseFloor(uint64_t cycle) {
        if (cycle > floor_) {
            floor_ = cycle;
            // a later `now` changes no decision whose cycle is at least that late
            if (cycle > trainDecision_.time) trainNextValid_ = false;
        }
    }
    uint32_t queuedRequests() const { return count_[0] + count_[1]; }
    void setObserver(DramCommandObserverIf* observer) { observer_ = observer; }
    /// Where completions go from now on (the constructor's vector at first).
    void setCompletionSink(LineVector<Completion>& completions) { completions_ = &completions; }
    /// Starts a new firstCommandSinceMark().
    void markCommands() { firstCmd_ = UINT64_MAX; }
    /// Cycle of the first command issued since markCommands() (UINT64_MAX: none yet) and of the latest.
    uint64_t firstCommandSinceMark() const { return firstCmd_; }
    uint64_t lastCommand() const { return lastCmd_; }
    /// Where statistics go from now on (the constructor's at first); the channel only adds to them.
    void setStatsSink(DramChannelStats& stats) { stats_ = &stats; }

    // ---- Replication (DramSystem: channels of a batch that would do the same) ----
    /// True if both queues are empty and, given the same requests from cycle `at` on (no command of
    /// either channel before it), this channel would issue exactly the commands `o` issues, at the same
    /// cycles. Compares the scheduling state: open rows, every timing constraint (all values at or before
    /// `at` act alike), the tFAW windows, the refresh schedule and progress, the read/write mode. The
    /// engine's caches need no comparison: every path decides exactly as the full scan does.
    bool schedulesLike(const DramChannel& o, uint64_t at) const;
    /// Takes o's whole state (queues, banks, constraints, refresh, the engine's caches): from here on this
    /// channel continues as o would. Its index, statistics and completion sinks and observer stay.
    void copyStateFrom(const DramChannel& o);
    /// Incremental FR-FCFS and closed-form trains on (default) or off (every decision by a full scan;
    /// for equivalence tests: the results are identical).
    void setFastPaths(bool on) {
        fastPaths_ = on;
        invalidate();
    }

private:
    enum Cmd : uint8_t { kNone, kAct, kPre, kRd, kWr, kPreA, kRef, kRefPb };
    enum Outcome : uint8_t { kUnknown, kHit, kMiss, kConflict };
    static constexpr int32_t kNil = -1;

    struct Slot {
        uint64_t arrive = 0, seq = 0, id = 0;
        uint32_t row = 0, column = 0;  // column: the next burst's
        uint32_t bank = 0;             // flat bank index in the channel
        uint32_t left = 0, bursts = 0; // bursts not yet issued, of the request's total
        int32_t prev = kNil, next = kNil;        // the bank's queue, arrival order
        int32_t agePrev = kNil, ageNext = kNil;  // the direction's queue, age (trySend) order
        uint8_t outcome = kUnknown;    // of the next burst
    };
    struct BankQueue {
        int32_t head[2] = {kNil, kNil}, tail[2] = {kNil, kNil};
        uint32_t count[2] = {0, 0};  // queued requests per mode (0 read, 1 write)
        uint32_t hits[2] = {0, 0};   // of which hit the open row
    };
    /// The chosen command. Candidates are ordered by (time, prio); prio = class << 62 | reception order,
    /// class 0 refresh, 1 row hit (RD/WR), 2 ACT/PRE for a request, 3 closing an unwanted row.
    /// Laid out as Cand up to row, so that pickOf copies those fields at once; rank: refresh commands' only.
    struct Pick {
        uint64_t time = UINT64_MAX, prio = UINT64_MAX;
        int32_t slot = kNil;
        uint32_t row = 0;
        int32_t bank = kNil, rank = kNil;
        uint8_t cmd = kNone;
        bool before(uint64_t t, uint64_t p) const { return t < time || (t == time && p < prio); }
    };
    static constexpr uint64_t kPrioNone = UINT64_MAX;
    static uint64_t prioOf(uint64_t cls, uint64_t seq) { return (cls << 62) | (seq & ((uint64_t(1) << 62) - 1)); }
    struct Mask {
        uint64_t w[4] = {0, 0, 0, 0};
        void set(uint32_t i) { w[i >> 6] |= uint64_t(1) << (i & 63); }
        void clear(uint32_t i) { w[i >> 6] &= ~(uint64_t(1) << (i & 63)); }
        bool test(uint32_t i) const { return (w[i >> 6] >> (i & 63)) & 1; }
    };

    // Incremental FR-FCFS ("train" mode, FR-FCFS only), valid until the direction switches or an all-bank
    // refresh starts: every unblocked bank with a candidate of the current direction is a CAS member
    // (grouped by rank-bank-group, whose column constraint it shares) or an "other" member (ACT/PRE). Per
    // group: the best ready CAS (bank-local cycle <= the group's level max(constraint, now), so its earliest
    // cycle is the level) and the best pending one (later); likewise for the others; plus the active
    // refresh candidates. A step takes the minimum of these, which is the full scan's pick (all priorities
    // are distinct); only the bank a command or a new request touches is reclassified.
    //
    // Trains: while the ready CAS set is unchanged, the column commands depend only on the group levels
    // relative to `now`, which a column command moves on by tCMD_CAS (an ACT/PRE never takes the cycle a
    // column command wants: column commands win ties; one whose later bus cycles a column command wanted
    // restarts the detection).
    // When that signature repeats, the steps since its last occurrence form a period of D cycles; its
    // steps are then issued directly, any number at once in closed form (start + k x D), up to the first
    // cycle at which something else could act: an ACT/PRE, a refresh, a pending column command that could
    // win, a request's last burst, the cycle limit. Not with an observer: every command then goes through
    // the step path and is reported.
    static constexpr uint32_t kHist = 16, kMaxSig = 16;
    struct TrainStep {
        uint64_t now = 0, time = 0, hash = 0;
        uint32_t group = 0;
        uint32_t sig[kMaxSig];
    };
    struct TrainGroup {
        uint64_t readyPrio = kPrioNone, pendTime = UINT64_MAX, pendPrio = kPrioNone;
        uint64_t outrankTime = UINT64_MAX;  // earliest pending member outranking the ready best (any, if none ready)
        int32_t readyBank = kNil, pendBank = kNil;
    };
    // The detected period: step i issues at start + offset[i] from its group's ready request, and the
    // whole sequence repeats every d cycles.
    struct Pattern {
        bool valid = false;
        uint32_t steps = 0, phase = 0;  // period length; the next step
        uint64_t start = 0, d = 0;      // the current round's start cycle; period in cycles
        uint32_t group[kHist];
        uint64_t offset[kHist];
        // fixed while the pattern is valid (so are its groups' ready requests)
        uint32_t bank[kHist];      // per step: its bank
        uint32_t perRound[kHist];  // per step: how often its bank occurs in one period
        bool firstOfBank[kHist];   // per step: the first step of its bank
        // A predicted pattern (trainPredict) starts after `leadIn` more column commands, which the step
        // path issues and checks against (leadGroup, leadTime); the pattern is used only once leadIn is 0.
        uint32_t leadIn = 0, leadPos = 0;
        uint32_t leadGroup[kHist];
        uint64_t leadTime[kHist];
        bool active() const { return valid && leadIn == 0; }
        uint64_t timeOf(uint32_t i) const { return start + offset[i]; }
        void advance() {
            if (++phase == steps) {
                phase = 0;
                start += d;
            }
        }
    };
    struct Train {
        bool valid = false;
        int mode = 0;
        uint8_t cas = kRd, casType = 1;
        Mask casBanks, otherBanks, groups;
        LineVector<TrainGroup> group;  // per rank-bank-group
        // per group, for the hot loop: candidate cycle = max(level, candFloor) with priority candPrio (ready:
        // floor 0; pending only: its cycle); reclassify once level >= recheck (the earliest pending cycle)
        LineVector<uint64_t> candFloor, candPrio, recheck;
        uint64_t minOutrank = UINT64_MAX;  // min over groups of outrankTime, valid unless outrankDirty
        bool outrankDirty = true;
        // best other candidate, classified against otherNow like a group
        uint64_t otherNow = 0, otherReadyPrio = kPrioNone, otherPendU = UINT64_MAX, otherPendPrio = kPrioNone;
        int32_t otherReady = kNil, otherPend = kNil;
        // the active refresh candidates, one per rank with a refresh in progress (time: its earliest
        // cycle, before `now`); trainRefreshAt(n) is the best of them at cycle n
        LineVector<Pick> refresh;
        // periodic detection since the last change of the ready CAS set
        LineVector<uint32_t> sigGroups;  // groups with a ready member, fixed between resets
        bool sigValid = false;
        TrainStep hist[kHist];
        uint32_t histCount = 0, histPos = 0;
        Pattern pattern;
    };
    enum class TrainExit : uint8_t { kPaused, kEnded, kStopped };

    uint64_t now() const { return floor_ > cmdFree_ ? floor_ : cmdFree_; }
    void invalidate() {
        bestValid_ = false;
        train_.valid = false;
        trainNextValid_ = false;
    }
    /// The availability mask of `scan` for mode m (FCFS restrictions included).
    void availMask(int m, uint64_t* avail) const;
    template <uint32_t W>
    void availWords(int m, uint64_t* avail) const;
    void startTrain();
    TrainExit runTrain(uint64_t cycleLimit);
    /// The global best decision in train mode: (time, prio) and who: 0 CAS group, 1 other, 2 refresh, -1 none.
    int trainBest(uint64_t now, uint64_t& time, uint64_t& prio, uint32_t& group, uint64_t* casTime = nullptr);
    /// Reclassifies group g's CAS members; true if its ready best (bank or priority) changed.
    bool trainRecomputeGroup(uint32_t g, uint64_t now);
    /// The active refresh candidates (their earliest cycle, before `now`), after a refresh event.
    void trainRefreshCandidates();
    /// The refresh command the scan would pick among them at cycle n (the smallest max(earliest, n), then
    /// the lowest rank), with that cycle as its time; cmd kNone if none is active.
    Pick trainRefreshAt(uint64_t n) const;
    void trainRecomputeOther(uint64_t now);
    void trainAddOther(uint32_t bank);
    /// Reclassifies one bank after its candidate may have changed; true if that reclassified every
    /// ACT/PRE member (trainRecomputeOther).
    bool trainUpdateMember(uint32_t bank);
    void trainResetHistory() {
        train_.histCount = 0;
        train_.sigValid = false;
        train_.pattern.valid = false;
    }
    /// Records the column command just issued by a step; detects a period (sets the pattern).
    void trainRecord(uint32_t group, uint64_t time);
    /// From the current state (`now`, the signature groups' levels and ready requests' ages), computes
    /// the column commands ahead without issuing them until a state repeats; sets the pattern (with its
    /// lead-in) and returns true if one does within kHist commands.
    bool trainPredict(uint64_t now);
    /// perRound and firstOfBank from the pattern's banks.
    void finishPattern();
    /// Exclusive bound on the cycles at which pattern steps are certainly the scheduler's picks.
    uint64_t trainHorizon(uint64_t now, uint64_t cycleLimit);
    /// Issues pattern steps before `horizon`; false if none could be issued.
    bool trainIssuePattern(uint64_t horizon);
    struct TrainDecision;
    /// After trainHorizon(n) and trainIssuePattern stopped: the next decision from the pattern and the
    /// horizon's candidates, without trainBest; false if a pending column command could come first.
    bool trainPatternDecision(uint64_t n, TrainDecision& dec);
    /// Column command of one burst: constraints, bank state, statistics; dequeues on the last burst.
    /// Returns true when the request completed.
    bool serveBurst(uint32_t bank, int32_t slot, int m, uint64_t t);
    void applyCasConstraints(int m, uint32_t rank, uint32_t rg, uint64_t t);
    void issueLoop(uint64_t cycleLimit);
    void updateMode();
    /// The next command if it issues at or before cycleLimit (refreshes falling due are started), else nullptr.
    const Pick* pickNext(uint64_t cycleLimit);
    /// The full scan's pick, written into `best` (cachedBest_ mostly: no copy of a returned Pick).
    void scan(bool writeMode, uint64_t now, Pick& best) const;
    template <uint32_t W>
    void scanWords(int m, uint64_t now, Pick& best) const;
    void computeCand(uint32_t bank, int mode) const;
    /// Sets cand_[m][b].time and files the bank on its calendar (if kept).
    void setCandTime(int m, uint32_t b, uint64_t t) const {
        uint64_t& old = cand_[m][b].time;
        if (old == t) return;
        if (calendars_.live) {
            CandCalendar& cal = calendars_.of[m];
            if (old != UINT64_MAX) cal.remove(b, old);
            if (t != UINT64_MAX) cal.insert(b, t);
        }
        old = t;
    }
    Pick pickOf(uint32_t bank, int mode, uint64_t time) const;
    void refreshCandidate(uint32_t rank, uint64_t now, Pick& best) const;
    void updateNextDue();
    /// Banks with a request that starts within the first queue-size bursts of its direction's queue
    /// ("work soon"; with single-burst requests: every bank with a request queued).
    Mask banksWithWorkSoon() const;
    void fastForwardIdleRefresh(uint64_t cycle);
    void advanceEvents(uint64_t cycle);
    /// Starts rank r's due refresh: blocks the rank (all-bank) or its target bank (per-bank).
    /// `invalidateAll`: the scan path; false: train mode, which updates its own membership.
    void activateRefresh(uint32_t rank, bool invalidateAll = true);
    /// Issues p; p may be cachedBest_ (issue only marks it stale, at the end).
    void issue(const Pick& p) {
        if (p.cmd == kRd || p.cmd == kWr) {  // (serveBurst also marks the command bus busy and counts the mix)
            serveBurst(uint32_t(p.bank), p.slot, p.cmd == kWr ? 1 : 0, p.time);
            dirtyBank(uint32_t(p.bank));
            bestValid_ = false;
        } else {
            issueOther(p);
        }
    }
    /// issue() of an ACT, PRE, PREA, REF or REFpb.
    void issueOther(const Pick& p);
    /// Commands were issued from cycle `first` to `last`, the last a `cmd`: the command bus is free again
    /// that command's bus cycles after `last`.
    void commandsIssued(uint64_t first, uint64_t last, uint8_t cmd) {
        cmdFree_ = last + cmdLen_[cmd];
        firstCmd_ = std::min(firstCmd_, first);
        lastCmd_ = last;
    }
    /// After an ACT or PRE for the oldest request of bank b in mode m (the bank's current candidate): sets
    /// the candidate computeCand would give next, the same request's `cmd` (constraint `type`) at `time`
    /// with priority `prio`; the other mode's is stale.
    void followUp(uint32_t b, int m, uint8_t cmd, uint32_t type, uint64_t time, uint64_t prio);
    void recountHits(uint32_t bank);
    void dirtyBank(uint32_t bank) {
        dirty_[0].set(bank);
        dirty_[1].set(bank);
    }
    /// Reports a command to the observer, if any (the test is inline: most runs have none).
    void notify(uint64_t t, uint8_t cmd, int32_t bank, uint32_t rank, uint32_t row, uint32_t column) {
        if (observer_) notifyObserver(t, cmd, bank, rank, row, column);
    }
    void notifyObserver(uint64_t t, uint8_t cmd, int32_t bank, uint32_t rank, uint32_t row, uint32_t column);

    // Configuration: fixed after construction and the same in every channel of a system but index_ (not
    // const only so that copyStateFrom can assign whole channels).
    DramTiming t_;
    BankTiming bt_;
    uint32_t index_;
    uint32_t ranks_, bankGroups_, banksPerGroup_, banksPerRank_, banks_, burstBytes_;
    uint64_t groupBits_;  // banks_per_group low bits set (all 64 if more)
    uint32_t refpbBanks_, refpbStride_;  // banks one REFpb refreshes, refpbStride_ apart in the rank
    bool closedPage_, fcfs_;
    uint8_t refreshMode_;  // 0 none, 1 all-bank, 2 per-bank
    uint32_t capacity_[2];
    uint32_t writeHigh_, writeLow_;
    uint32_t wrToRdS_, wrToRdL_;  // WL + tBURST + tWTR_S/L
    bool rankSwitch_;             // tRTRS applies: several ranks and tRTRS > 0 (trainPredict's model)
    uint32_t cmdLen_[8];          // per Cmd: command-bus cycles (tCMD_*; 1 for kNone)
    LineVector<uint32_t> rankOf_, rgOf_, bgOf_, baOf_;  // per flat bank
    LineVector<Mask> rankMask_;  // per rank: its banks

    // requests
    LineVector<Slot> slots_[2];
    LineVector<int32_t> free_[2];
    uint32_t count_[2] = {0, 0};       // requests queued per direction
    uint64_t queuedBursts_[2] = {0, 0}; // their bursts not yet issued
    int32_t ageHead_[2] = {kNil, kNil}, ageTail_[2] = {kNil, kNil};
    uint64_t seq_ = 0;
    LineVector<BankQueue> queues_;
    Mask work_[2];  // banks with queued requests per mode

    // Per mode and bank, the cached next command from bank-local state (stale where dirty_), one 32-byte
    // record per bank: computing, evaluating and picking a candidate touch one cache line.
    struct Cand {
        uint64_t time = UINT64_MAX;  // earliest cycle from bank-local state (UINT64_MAX: none)
        uint64_t prio = kPrioNone;
        int32_t slot = kNil;         // the request it serves
        uint32_t row = 0;
        uint16_t cons = 0;           // constraint index: type * rank-bank-groups + rank-bank-group
        uint8_t cmd = kNone;
    };
    static_assert(sizeof(Cand) == 32);
    mutable Mask dirty_[2];
    mutable LineVector<Cand> cand_[2];
    // Per mode, the banks with a candidate (time < UINT64_MAX) filed by time: those at or before
    // `base` (the last scan's cycle) in `due`; those in the next kSlots cycles one slot per cycle (slot
    // cycle & (kSlots - 1)), `nonEmpty` marking the slots in use; later ones in `far`. Filing, unfiling
    // and a scan's walk in time order cost a few mask operations, not a sort.
    struct CandCalendar {
        static constexpr uint32_t kSlots = 64;
        uint64_t base = 0, nonEmpty = 0, farMin = UINT64_MAX;  // farMin: a lower bound of far's cycles
        Mask due, far;
        Mask slot[kSlots];
        void insert(uint32_t b, uint64_t t) {
            if (t <= base) {
                due.set(b);
            } else if (t - base <= kSlots) {
                const uint32_t k = uint32_t(t & (kSlots - 1));
                slot[k].set(b);
                nonEmpty |= uint64_t(1) << k;
            } else {
                far.set(b);
                farMin = std::min(farMin, t);
            }
        }
        void remove(uint32_t b, uint64_t t) {
            if (t <= base) {
                due.clear(b);
            } else if (t - base <= kSlots) {
                const uint32_t k = uint32_t(t & (kSlots - 1));
                Mask& s = slot[k];
                s.clear(b);
                if ((s.w[0] | s.w[1] | s.w[2] | s.w[3]) == 0) nonEmpty &= ~(uint64_t(1) << k);
            } else {
                far.clear(b);
            }
        }
        void clear() {
            for (uint64_t ne = nonEmpty; ne; ne &= ne - 1) slot[__builtin_ctzll(ne)] = Mask{};
            nonEmpty = 0;
            due = far = Mask{};
            farMin = UINT64_MAX;
        }
        /// Moves `base` to `now`: slots that fell due join `due`, far banks within reach take slots. W: the
        /// words in use (see scanWords).
        template <uint32_t W>
        void advance(uint64_t now, const Cand* cand);
    };
    // The calendars are kept only while the scan decides: train mode (which ranks candidates its own
    // way) drops them, and so does a copy of the channel (copyStateFrom: 4 KB less to copy); the next
    // scan files every candidate again.
    struct Calendars {
        CandCalendar of[2];
        bool live = true;
        Calendars() = default;
        Calendars(const Calendars&) : live(false) {}
        Calendars& operator=(const Calendars&) {
            live = false;
            return *this;
        }
    };
    mutable Calendars calendars_;
    void rebuildCalendars(uint64_t now) const;
    uint32_t rankGroups_ = 0;

    // device and controller state
    LineVector<BankState> bankState_;
    Mask open_, blocked_;
    LineVector<uint32_t> openCount_;  // per rank
    // Earliest PRE, RD, WR and ACT per (rank, bank group) from rank- and channel-level constraints (tPPD;
    // tCCD_S/L, tWTR_S/L, tRTW, tRTRS, data bus; tRRD_S/L, tFAW), type 0 = PRE (only tPPD, rank level),
    // 1 = RD, 2 = WR, 3 = ACT, kept in two levels so that a command updates a few values: the constraint
    // at index type * rank-bank-groups + rank-bank-group is max(rgCons_[index], rankCons_[type * ranks +
    // rank]). The channel level (the data bus, RD and WR only) is kept in every rank's: a column command
    // updates the other ranks anyway (tRTRS), and every evaluation saves a lookup.
    LineVector<uint64_t> rgCons_;     // same bank group: tCCD_L, tWTR_L, tRRD_L
    LineVector<uint64_t> rankCons_;   // same rank: tPPD, tCCD_S, tWTR_S, tRTW, tRRD_S, tFAW; data bus (+ tRTRS)
    LineVector<uint16_t> consRank_;   // per constraint index: its rankCons_ index
    LineVector<uint32_t> rgRank_;     // per rank-bank-group: its rank
    uint64_t consOf(uint32_t idx) const { return std::max(rgCons_[idx], rankCons_[consRank_[idx]]); }
    /// The constraint index of a command of `type` (0 PRE, 1 RD, 2 WR, 3 ACT) to bank b.
    uint16_t consIndex(uint32_t type, uint32_t b) const { return uint16_t(type * rankGroups_ + rgOf_[b]); }
    LineVector<uint64_t> faw_;                         // per rank: ring of the last 4 ACT cycles
    LineVector<uint32_t> fawPos_, fawCount_;  // per rank: the ring's next slot; ACTs so far, up to 4
    uint64_t floor_ = 0, cmdFree_ = 0;
    bool writeMode_ = false;

    // refresh, per rank
    LineVector<uint64_t> refDue_;
    Mask refActive_;                     // ranks with a refresh in progress
    LineVector<int32_t> refTarget_;
    Mask refDone_;                       // banks refreshed in the current per-bank round
    Mask refLeaders_;                    // per-bank refresh: the first bank of each REFpb set (its target)
    /// Calls f(bank) for every bank of the REFpb set led by `leader`.
    template <class F>
    void forEachRefpbBank(uint32_t leader, F&& f) const {
        for (uint32_t j = 0; j < refpbBanks_; ++j) f(leader + j * refpbStride_);
    }
    /// Banks whose whole REFpb set is in `m`, as a mask of set leaders.
    Mask wholeRefpbSets(const Mask& m) const;
    LineVector<uint32_t> refDoneCount_;  // per rank
    uint64_t nextDue_ = UINT64_MAX;       // earliest due time of a rank whose refresh is not active
    int32_t nextDueRank_ = kNil;

    mutable Pick cachedBest_;
    mutable bool bestValid_ = false;
    Train train_;
    // Train mode, while nothing changed since the last pause: the decision then taken (nextActivity() is
    // min(its cycle, nextDue_)); reused when the channel resumes.
    struct TrainDecision {
        int who = -1;
        uint32_t group = 0;
        uint64_t time = 0, prio = 0, casTime = 0;
    };
    mutable TrainDecision trainDecision_;
    mutable uint64_t trainNext_ = 0;
    mutable bool trainNextValid_ = false;
    bool fastPaths_ = true;
    // Train mode pays off when column commands dominate (streams, row hits); with about two ACT/PRE per
    // column command (random traffic) the scan is faster. Decided per window of commands; both are exact.
    static constexpr uint64_t kMixWindow = 1024;
    uint64_t mixCas_ = 0, mixOther_ = 0;
    bool trainsPay_ = true;
    void countMix(uint64_t cas, uint64_t other) {
        mixCas_ += cas;
        mixOther_ += other;
        if (mixCas_ + mixOther_ >= kMixWindow) {
            trainsPay_ = 2 * mixOther_ <= 3 * mixCas_;
            mixCas_ = mixOther_ = 0;
        }
    }
    // stop after a request of direction stopMode_ completes (0, 1: advanceUntilRoom), or after stopCount_
    // completions or when the queues are empty, whichever comes first (2: advanceCompletions)
    int stopMode_ = -1;
    uint32_t stopCount_ = 0;
    bool stopped_ = false;
    uint64_t lastCmd_ = 0; // cycle of the last command issued
    uint64_t firstCmd_ = UINT64_MAX;  // cycle of the first command issued since markCommands()

    DramChannelStats* stats_;
    LineVector<Completion>* completions_;
    DramCommandObserverIf* observer_ = nullptr;
};

}  // namespace npu::hw::dram
