// SPDX-License-Identifier: Apache-2.0
// Models: a hook that sees what the DRAM controller does, for waveforms and timelines: every command the
// engine issues (in issue order per channel, at DRAM-clock cycles that may lie ahead of SystemC time) and
// every request entering and leaving a channel's queues.
// Ignores: nothing; listeners must not call back into the controller or the engine.
#pragma once

#include <cstdint>

#include "hw_models/dram/DramCommandObserverIf.h"

namespace npu::hw::dram {

class DramActivityListenerIf : public DramCommandObserverIf {
public:
    /// A request entered channel `channel`'s read or write queue at `cycle`.
    virtual void onRequestQueued(uint32_t channel, uint64_t cycle, bool write) = 0;
    /// A request of `channel` finished: its last data beat moved at `finishCycle`.
    virtual void onRequestDone(uint32_t channel, uint64_t finishCycle, bool write) = 0;
};

}  // namespace npu::hw::dram
