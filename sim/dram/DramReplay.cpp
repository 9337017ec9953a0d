// SPDX-License-Identifier: Apache-2.0
#include "sim/dram/DramReplay.h"

#include <algorithm>
#include <vector>

namespace npu::sim {

ReplayResult replayTrace(hw::dram::DramSystem& dram, workloads::MemoryTraceReader& trace, uint32_t maxOutstanding) {
    ReplayResult res;
    // One slot per trace request in flight (the slot index is the engine requests' id): its row runs not
    // yet completed and its arrival cycle.
    struct Slot {
        uint32_t remaining = 0;
        uint64_t arrival = 0, finish = 0;  // finish: the latest of its row runs' so far
    };
    std::vector<Slot> slots(maxOutstanding);
    std::vector<uint32_t> freeSlots(maxOutstanding);
    for (uint32_t i = 0; i < maxOutstanding; ++i) freeSlots[i] = maxOutstanding - 1 - i;
    double latencySum = 0.0;
    dram.setTwinCopies(false);  // (only counted: a completion counts its twins' row runs)

    auto collect = [&] {
        for (const hw::dram::Completion& c : dram.completions()) {
            res.lastFinishCycle = std::max(res.lastFinishCycle, c.finishCycle);
            Slot& s = slots[c.id];
            s.finish = std::max(s.finish, c.finishCycle);
            s.remaining -= c.channels;
            if (s.remaining == 0) {  // (its row runs' completions may come in any order)
                latencySum += double(s.finish - s.arrival);
                freeSlots.push_back(static_cast<uint32_t>(c.id));
            }
        }
        dram.completions().clear();
    };
    auto step = [&] {  // (advanceTo(nextEvent()) until a request completes)
        dram.advanceToCompletion();
        collect();
    };

    const hw::dram::AddressMapper& mapper = dram.mapper();
    std::vector<hw::dram::Request> rowRuns;  // of the current trace request
    for (workloads::MemoryRequest r; trace.next(r);) {
        while (freeSlots.empty()) step();
        if (r.hasCycle && r.cycle > dram.currentCycle()) {
            dram.advanceTo(r.cycle);
            collect();
        }
        const uint32_t id = freeSlots.back();
        freeSlots.pop_back();
        Slot& slot = slots[id];
        slot.arrival = std::max(r.hasCycle ? r.cycle : 0, dram.currentCycle());
        slot.finish = 0;
        // All counted before sending: an early run may complete while a later one waits for queue room.
        rowRuns.clear();
        mapper.forEachRowRun(r.addr, r.bytes, [&](uint64_t addr, uint32_t bursts) {
            rowRuns.push_back(hw::dram::Request{addr, r.write, slot.arrival, id, bursts});
            res.bursts += bursts;
        });
        slot.remaining = uint32_t(rowRuns.size());
        // in order, as one trySend each; a full channel runs alone until it has room (the same state as
        // stepping every channel)
        for (uint32_t sent = 0; sent < rowRuns.size();) {
            sent += dram.trySendGroup(rowRuns.data() + sent, uint32_t(rowRuns.size() - sent));
            if (sent == rowRuns.size()) break;
            dram.advanceUntilCanAccept(rowRuns[sent].addr, r.write);
            collect();
        }
        ++res.requests;
    }
    dram.drain();
    collect();
    res.avgRequestLatencyCycles = res.requests ? latencySum / double(res.requests) : 0.0;
    return res;
}

}  // namespace npu::sim
