// SPDX-License-Identifier: Apache-2.0
// Models: aggregation of DRAM statistics (see DramStats.h). Ignores: nothing.
#include "hw_models/dram/DramStats.h"

#include <algorithm>

namespace npu::hw::dram {

void DramBankStats::add(const DramBankStats& o) {
    reads += o.reads;
    writes += o.writes;
    rowHits += o.rowHits;
    rowMisses += o.rowMisses;
    rowConflicts += o.rowConflicts;
    activates += o.activates;
    precharges += o.precharges;
    refreshesPerBank += o.refreshesPerBank;
}

double DramChannelStats::achievedBytesPerCycle() const {
    if (bytes() == 0 || lastFinishCycle <= firstArriveCycle) return 0.0;
    return double(bytes()) / double(lastFinishCycle - firstArriveCycle);
}

void DramChannelStats::add(const DramChannelStats& o) {
    counts.add(o.counts);
    bytesRead += o.bytesRead;
    bytesWritten += o.bytesWritten;
    prechargeAlls += o.prechargeAlls;
    prechargeAllBanks += o.prechargeAllBanks;
    refreshes += o.refreshes;
    dataBusBusyCycles += o.dataBusBusyCycles;
    completedRequests += o.completedRequests;
    firstArriveCycle = std::min(firstArriveCycle, o.firstArriveCycle);
    lastFinishCycle = std::max(lastFinishCycle, o.lastFinishCycle);
    readLatency.merge(o.readLatency);
    writeLatency.merge(o.writeLatency);
    if (banks.empty()) banks.resize(o.banks.size());
    if (banks.size() == o.banks.size())
        for (size_t i = 0; i < banks.size(); ++i) banks[i].add(o.banks[i]);
}

void DramChannelStats::reset() {
    counts = DramBankStats{};
    bytesRead = bytesWritten = prechargeAlls = prechargeAllBanks = refreshes = dataBusBusyCycles = completedRequests = 0;
    firstArriveCycle = UINT64_MAX;
    lastFinishCycle = 0;
    readLatency.reset();
    writeLatency.reset();
    std::fill(banks.begin(), banks.end(), DramBankStats{});
}

DramChannelStats DramStats::total() const {
    DramChannelStats t;
    for (const auto& c : channels) t.add(c);
    return t;
}

}  // namespace npu::hw::dram
