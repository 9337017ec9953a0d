// SPDX-License-Identifier: Apache-2.0
// Models: one DRAM channel's controller and devices, event-driven: bounded read and write queues,
// FR-FCFS or FCFS, write draining between watermarks, open/closed page, all-bank or per-bank refresh,
// and for every command the earliest legal cycle from tRCD, tRP(pb/ab), tRAS, tRC, RL/WL+tBURST,
// tCCD_S/L, tRRD_S/L, tFAW, tWR, tWTR_S/L, tRTP, tRTW, data-bus and command-bus occupancy and tRFC.
// Ignores: rank-to-rank switching bubbles, power-down, multi-cycle LPDDR commands, write-to-read forwarding.
#pragma once

#include <cstdint>
#include <vector>

#include "hw_models/dram/AddressMapper.h"
#include "hw_models/dram/BankState.h"
#include "hw_models/dram/DramCommandObserverIf.h"
#include "hw_models/dram/DramConfig.h"
#include "hw_models/dram/DramRequest.h"
#include "hw_models/dram/DramStats.h"

namespace npu::hw::dram {

class DramChannel {
public:
    /// `stats` and `completions` are owned by the caller (DramSystem) and must outlive the channel.
    DramChannel(const DramConfig& cfg, uint32_t index, DramChannelStats& stats, std::vector<Completion>& completions);

    bool canAccept(bool write) const { return count_[write] < capacity_[write]; }
    /// Queues a request whose address decodes to this channel; the caller has checked canAccept().
    void enqueue(const Request& req, const DramAddress& a);
    /// Issues every command whose earliest legal cycle is <= cycle (in time order).
    void advanceTo(uint64_t cycle);
    /// Earliest cycle at which a command may issue or a refresh falls due; UINT64_MAX with no request queued.
    uint64_t nextEvent() const { return queuedRequests() ? nextActivity() : UINT64_MAX; }
    /// Like nextEvent, but also counting refresh and row closing while no request is queued.
    uint64_t nextActivity() const;
    /// No command will issue before `cycle` (the caller has simulated up to it).
    void raiseFloor(uint64_t cycle) {
        if (cycle > floor_) floor_ = cycle;
    }
    uint32_t queuedRequests() const { return count_[0] + count_[1]; }
    void setObserver(DramCommandObserverIf* observer) { observer_ = observer; }

private:
    enum Cmd : uint8_t { kNone, kAct, kPre, kRd, kWr, kPreA, kRef, kRefPb };
    enum Outcome : uint8_t { kUnknown, kHit, kMiss, kConflict };
    static constexpr int32_t kNil = -1;

    struct Slot {
        uint64_t arrive = 0, seq = 0, id = 0;
        uint32_t row = 0, column = 0;
        uint32_t bank = 0;  // flat bank index in the channel
        int32_t prev = kNil, next = kNil;
        uint8_t outcome = kUnknown;
    };
    struct BankQueue {
        int32_t head[2] = {kNil, kNil}, tail[2] = {kNil, kNil};
        uint32_t count[2] = {0, 0};  // queued requests per mode (0 read, 1 write)
        uint32_t hits[2] = {0, 0};   // of which hit the open row
    };
    /// The chosen command. Candidates are ordered by (time, prio); prio = class << 62 | reception order,
    /// class 0 refresh, 1 row hit (RD/WR), 2 ACT/PRE for a request, 3 closing an unwanted row.
    struct Pick {
        uint64_t time = UINT64_MAX, prio = UINT64_MAX;
        int32_t bank = kNil, slot = kNil, rank = kNil;
        uint32_t row = 0;
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

    uint64_t now() const { return floor_ > cmdFree_ ? floor_ : cmdFree_; }
    void updateMode();
    /// The next command if it issues at or before cycleLimit (refreshes falling due are started), else nullptr.
    const Pick* pickNext(uint64_t cycleLimit);
    Pick scan(bool writeMode, uint64_t now) const;
    void computeCand(uint32_t bank, int mode) const;
    Pick pickOf(uint32_t bank, int mode, uint64_t time) const;
    void refreshCandidate(uint32_t rank, uint64_t now, Pick& best) const;
    void updateNextDue();
    void fastForwardIdleRefresh(uint64_t cycle);
    void advanceEvents(uint64_t cycle);
    void activateRefresh(uint32_t rank);
    void issue(const Pick& p);
    void serve(const Pick& p, uint64_t t);
    void recountHits(uint32_t bank);
    void dirtyBank(uint32_t bank) {
        dirty_[0].set(bank);
        dirty_[1].set(bank);
    }
    void notify(uint64_t t, uint8_t cmd, int32_t bank, uint32_t rank, uint32_t row, uint32_t column);

    // configuration
    const DramTiming t_;
    const BankTiming bt_;
    const uint32_t index_;
    const uint32_t ranks_, bankGroups_, banksPerGroup_, banksPerRank_, banks_, burstBytes_;
    const bool closedPage_, fcfs_;
    const uint8_t refreshMode_;  // 0 none, 1 all-bank, 2 per-bank
    const uint32_t capacity_[2];
    const uint32_t writeHigh_, writeLow_;
    const uint32_t wrToRdS_, wrToRdL_;  // WL + tBURST + tWTR_S/L
    std::vector<uint32_t> rankOf_, rgOf_, bgOf_, baOf_;  // per flat bank
    std::vector<Mask> rankMask_;  // per rank: its banks

    // requests
    std::vector<Slot> slots_[2];
    std::vector<int32_t> free_[2];
    uint32_t count_[2] = {0, 0};
    uint64_t seq_ = 0;
    std::vector<BankQueue> queues_;
    Mask work_[2];  // banks with queued requests per mode

    // Per mode and bank, the cached next command from bank-local state (structure of arrays for the scan):
    // earliest cycle (UINT64_MAX: none), priority, rank-level constraint slot, command, request, row.
    mutable Mask dirty_[2];
    mutable std::vector<uint64_t> cTime_[2], cPrio_[2];
    mutable std::vector<uint64_t> cLow_[2];  // lower bound of the candidate's earliest cycle (constraints only grow)
    mutable std::vector<uint16_t> cCons_[2];  // index into rgCons_: type * rank-bank-groups + rank-bank-group
    mutable std::vector<uint8_t> cCmd_[2];
    mutable std::vector<int32_t> cSlot_[2];
    mutable std::vector<uint32_t> cRow_[2];
    uint32_t rankGroups_ = 0;

    // device and controller state
    std::vector<BankState> bankState_;
    Mask open_, blocked_;
    std::vector<uint32_t> openCount_;  // per rank
    // Earliest RD, WR and ACT per (rank, bank group) from rank- and channel-level constraints (tCCD_S/L,
    // tWTR_S/L, tRTW, data bus; tRRD_S/L, tFAW), laid out for the scan: [type * rank-bank-groups +
    // rank-bank-group], type 0 = PRE (always 0), 1 = RD, 2 = WR, 3 = ACT.
    std::vector<uint64_t> rgCons_;
    std::vector<uint64_t> faw_;                         // per rank: ring of the last 4 ACT cycles
    std::vector<uint32_t> fawPos_, fawCount_;
    uint64_t floor_ = 0, cmdFree_ = 0;
    bool writeMode_ = false;

    // refresh, per rank
    std::vector<uint64_t> refDue_;
    std::vector<uint8_t> refActive_;
    std::vector<int32_t> refTarget_;
    std::vector<uint8_t> refDone_;        // per bank: refreshed in the current per-bank round
    std::vector<uint32_t> refDoneCount_;  // per rank
    uint64_t nextDue_ = UINT64_MAX;       // earliest due time of a rank whose refresh is not active
    int32_t nextDueRank_ = kNil;

    mutable Pick cachedBest_;
    mutable bool bestValid_ = false;

    DramChannelStats& stats_;
    std::vector<Completion>& completions_;
    DramCommandObserverIf* observer_ = nullptr;
};

}  // namespace npu::hw::dram
