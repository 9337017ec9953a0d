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
    std::vector<uint32_t> freeSlots(maxOutstanding);  // a stack: the first `freeCount` entries
    for (uint32_t i = 0; i < maxOutstanding; ++i) freeSlots[i] = maxOutstanding - 1 - i;
    uint32_t freeCount = maxOutstanding;
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
                freeSlots[freeCount++] = static_cast<uint32_t>(c.id);
            }
        }
        dram.completions().clear();
    };
    auto step = [&] {  // (advanceTo(nextEvent()) until a request completes)
        dram.advanceToCompletion();
        collect();
    };

    const hw::dram::AddressMapper& mapper = dram.mapper();
    // The current trace request's row runs: in place when it touches at most kInlineRuns bursts (a cache
    // line's; bytes <= kInlineRuns - 1 bursts at any offset), else in manyRuns.
    constexpr uint32_t kInlineRuns = 8;
    const uint64_t inlineBytes = uint64_t(kInlineRuns - 1) << mapper.offsetBits();
    hw::dram::Request inlineRuns[kInlineRuns];
    std::vector<hw::dram::Request> manyRuns;
    for (workloads::MemoryRequest r; trace.next(r);) {
        while (freeCount == 0) step();
        if (r.hasCycle && r.cycle > dram.currentCycle()) {
            dram.advanceTo(r.cycle);
            collect();
        }
        const uint32_t id = freeSlots[--freeCount];
        Slot& slot = slots[id];
        slot.arrival = std::max(r.hasCycle ? r.cycle : 0, dram.currentCycle());
        slot.finish = 0;
        // All counted before sending: an early run may complete while a later one waits for queue room.
        const bool inPlace = r.bytes <= inlineBytes;
        uint32_t runs = 0;
        manyRuns.clear();
        mapper.forEachRowRun(r.addr, r.bytes, [&](uint64_t addr, uint32_t bursts) {
            hw::dram::Request& q = inPlace ? inlineRuns[runs] : manyRuns.emplace_back();
            q.addr = addr, q.write = r.write, q.arriveCycle = slot.arrival, q.id = id, q.bursts = bursts;
            ++runs;
            res.bursts += bursts;
        });
        const hw::dram::Request* run = inPlace ? inlineRuns : manyRuns.data();
        slot.remaining = runs;
        // in order, as one trySend each; a full channel runs alone until it has room (the same state as
        // stepping every channel)
        for (uint32_t sent = 0; sent < runs;) {
            sent += dram.trySendGroup(run + sent, runs - sent);
            if (sent == runs) break;
            dram.advanceUntilCanAccept(run[sent].addr, r.write);
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
