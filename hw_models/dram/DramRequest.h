// SPDX-License-Identifier: Apache-2.0
// Models: what goes into and comes out of the DRAM timing engine: one request is one burst
// (burst_length x channel width bytes); times are DRAM clock cycles (tCK).
// Ignores: partial bursts and byte masks (a request smaller than a burst still moves a whole burst).
#pragma once

#include <cstdint>

namespace npu::hw::dram {

struct Request {
    uint64_t addr = 0;         ///< byte address; the burst-offset bits are ignored
    bool write = false;
    uint64_t arriveCycle = 0;  ///< cycle the request reaches the controller
    uint64_t id = 0;           ///< caller's tag, returned in the Completion
};

struct Completion {
    uint64_t id = 0;
    uint64_t arriveCycle = 0;
    uint64_t finishCycle = 0;  ///< cycle after the last data beat (RD: cmd + RL + tBURST; WR: cmd + WL + tBURST)
    bool write = false;
};

}  // namespace npu::hw::dram
