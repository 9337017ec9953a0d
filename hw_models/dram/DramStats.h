// SPDX-License-Identifier: Apache-2.0
// Models: DRAM statistics per bank, per channel and in total: requests, bytes, row hits / misses
// (bank closed) / conflicts (other row open), ACT, PRE, PREA, RD, WR, REF, REFpb, read and write
// latency histograms, data-bus busy cycles and achieved bandwidth. Ignores: energy (power model).
#pragma once

#include <cstdint>
#include <vector>

#include "hw_models/common/CacheLine.h"
#include "hw_models/dram/LatencyHistogram.h"

namespace npu::hw::dram {

using hw::LineVector;
using hw::kCacheLinePair;

/// Counters kept per bank, per burst (a multi-burst request counts each of its bursts). A burst is
/// classified by the first command issued on its behalf: RD/WR = row hit, ACT = row miss (bank was
/// closed), PRE = row conflict (another row was open). For the first burst of a request that is the first
/// command for the request; a later burst is a hit unless its row was closed after the previous burst (only
/// refresh does that), in which case the ACT reopening it makes it a miss.
struct DramBankStats {
    uint64_t reads = 0, writes = 0;  ///< RD / WR commands (= bursts served)
    uint64_t rowHits = 0, rowMisses = 0, rowConflicts = 0;
    uint64_t activates = 0;          ///< ACT
    uint64_t precharges = 0;         ///< PRE addressed to this bank (PREA is counted per channel)
    uint64_t refreshesPerBank = 0;   ///< per bank: REFpb refreshing this bank; channel counts: REFpb commands

    void add(const DramBankStats& o);
};

struct alignas(kCacheLinePair) DramChannelStats {
    DramBankStats counts;               ///< sum over the channel's banks
    uint64_t bytesRead = 0, bytesWritten = 0;
    uint64_t prechargeAlls = 0;         ///< PREA
    uint64_t prechargeAllBanks = 0;     ///< banks the PREAs closed (each as costly as a PRE: DRAMPower)
    uint64_t refreshes = 0;             ///< REF (all-bank)
    uint64_t dataBusBusyCycles = 0;     ///< bursts x tBURST
    uint64_t completedRequests = 0;     ///< requests (queue entries, of any burst count) completed
    uint64_t firstArriveCycle = UINT64_MAX;  ///< earliest arrival of a served request
    uint64_t lastFinishCycle = 0;            ///< latest data-transfer end
    LatencyHistogram readLatency;       ///< per burst: request arrival -> that burst's finish, cycles
    LatencyHistogram writeLatency;      ///< per burst: request arrival -> that burst's finish, cycles
    LineVector<DramBankStats> banks;   ///< index: (rank * bank_groups + bank_group) * banks_per_group + bank

    /// Bursts served (RD + WR commands); requests of several bursts count each burst.
    uint64_t requests() const { return counts.reads + counts.writes; }
    uint64_t bytes() const { return bytesRead + bytesWritten; }
    /// Bytes per cycle between the first arrival and the last finish (0 if nothing was served).
    double achievedBytesPerCycle() const;
    /// Adds another channel's counts (bank vectors are added element-wise when sizes match).
    void add(const DramChannelStats& o);
    /// Back to zero counts and empty histograms; `banks` keeps its size.
    void reset();
};

struct DramStats {
    std::vector<DramChannelStats> channels;
    /// Sum over channels; its `banks` are summed by bank index across channels.
    DramChannelStats total() const;
    /// Achieved bandwidth over all channels in GB/s for a clock period of tCkPs picoseconds.
    double achievedBandwidthGBps(uint32_t tCkPs) const { return total().achievedBytesPerCycle() * 1000.0 / tCkPs; }
};

}  // namespace npu::hw::dram
