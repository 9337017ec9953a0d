// SPDX-License-Identifier: Apache-2.0
// Models: `npusim dram`: a memory trace replayed through the DRAM timing engine alone, for comparison
// with other DRAM simulators on identical input. Untimed requests issue as fast as the controller
// accepts them, with at most `maxOutstanding` requests in flight (a bounded initiator); timed requests
// arrive at their cycle (or later, if the initiator is at its limit or the queue is full). The trace is
// streamed (memory independent of its length); each request enters the controller as the row runs of its
// bytes (AddressMapper::forEachRowRun), as DramController does for the DMA's runs.
// Ignores: SystemC (no kernel is needed to replay a trace).
#pragma once

#include <cstdint>

#include "hw_models/dram/DramSystem.h"
#include "workloads/MemoryTrace.h"

namespace npu::sim {

struct ReplayResult {
    uint64_t requests = 0;        ///< trace lines replayed
    uint64_t bursts = 0;          ///< DRAM bursts they became
    uint64_t lastFinishCycle = 0; ///< when the last data beat moved
    double avgRequestLatencyCycles = 0.0;   ///< trace request: arrival to its last burst's data
};

/// Replays the whole trace, then drains. Turns dram's twin copies off (DramSystem::setTwinCopies).
ReplayResult replayTrace(hw::dram::DramSystem& dram, workloads::MemoryTraceReader& trace, uint32_t maxOutstanding);

}  // namespace npu::sim
