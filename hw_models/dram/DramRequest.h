// SPDX-License-Identifier: Apache-2.0
// Models: what goes into and comes out of the DRAM timing engine: one request is `bursts` consecutive
// column bursts (burst_length x channel width bytes each) of one bank row, i.e. one (channel, rank,
// bank group, bank, row) and the columns column(addr) .. column(addr) + bursts - 1; one queue entry.
// Times are DRAM clock cycles (tCK).
// Ignores: partial bursts and byte masks (a request smaller than a burst still moves a whole burst).
#pragma once

#include <cstdint>

namespace npu::hw::dram {

struct Request {
    uint64_t addr = 0;         ///< byte address of the first burst; the burst-offset bits are ignored
    bool write = false;
    uint64_t arriveCycle = 0;  ///< cycle the request reaches the controller
    uint64_t id = 0;           ///< caller's tag, returned in the Completion
    /// Consecutive column bursts in the first burst's row, >= 1; column(addr) + bursts <= bursts per row.
    /// AddressMapper::forEachRowRun splits a byte range into such requests.
    uint32_t bursts = 1;
};

/// A contiguous transfer of a batch (DramSystem::runBatch splits it into row-run requests).
struct Transfer {
    uint64_t addr = 0;
    uint64_t bytes = 0;
    bool write = false;
};

struct Completion {
    uint64_t id = 0;
    uint64_t arriveCycle = 0;
    /// Cycle after the last data beat of the request's last burst (RD: cmd + RL + tBURST; WR: cmd + WL + tBURST).
    uint64_t finishCycle = 0;
    bool write = false;
    uint32_t bursts = 1;       ///< the request's burst count
    uint32_t channel = 0;      ///< the channel that served it
    /// Channels whose request this completion stands for: 1, or with DramSystem::setTwinCopies(false) the
    /// leader's and its twins' identical requests (1 + its twins then).
    uint32_t channels = 1;
};

}  // namespace npu::hw::dram
