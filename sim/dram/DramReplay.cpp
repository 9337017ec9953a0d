// SPDX-License-Identifier: Apache-2.0
#include "sim/dram/DramReplay.h"

#include <algorithm>
#include <vector>

namespace npu::sim {

ReplayResult replayTrace(hw::dram::DramSystem& dram, const workloads::MemoryTrace& trace, uint32_t maxOutstanding) {
    ReplayResult res;
    const uint64_t burst = dram.burstBytes();
    std::vector<uint32_t> remaining(trace.requests.size(), 0);   // bursts not yet served, per request
    std::vector<uint64_t> arrival(trace.requests.size(), 0);
    uint64_t outstanding = 0;
    double latencySum = 0.0;

    auto collect = [&] {
        for (const hw::dram::Completion& c : dram.completions()) {
            res.lastFinishCycle = std::max(res.lastFinishCycle, c.finishCycle);
            if (--remaining[c.id] == 0) {
                --outstanding;
                latencySum += double(c.finishCycle - arrival[c.id]);
            }
        }
        dram.completions().clear();
    };
    auto step = [&] {
        dram.advanceTo(dram.nextEvent());
        collect();
    };

    for (size_t i = 0; i < trace.requests.size(); ++i) {
        const workloads::MemoryRequest& r = trace.requests[i];
        while (outstanding >= maxOutstanding) step();
        if (r.hasCycle && r.cycle > dram.currentCycle()) {
            dram.advanceTo(r.cycle);
            collect();
        }
        arrival[i] = std::max(r.hasCycle ? r.cycle : 0, dram.currentCycle());
        const uint64_t first = r.addr - r.addr % burst;
        const uint64_t end = r.addr + r.bytes;
        remaining[i] = static_cast<uint32_t>((end - first + burst - 1) / burst);
        ++outstanding;
        for (uint64_t a = first; a < end; a += burst) {
            const hw::dram::Request req{a, r.write, arrival[i], i};
            while (!dram.trySend(req)) step();
            ++res.bursts;
        }
    }
    dram.drain();
    collect();
    res.requests = trace.requests.size();
    res.avgRequestLatencyCycles = res.requests ? latencySum / double(res.requests) : 0.0;
    return res;
}

}  // namespace npu::sim
