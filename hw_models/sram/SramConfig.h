// SPDX-License-Identifier: Apache-2.0
// Plain configuration of the on-chip SRAM (bound to YAML in sim/config/Schema.cpp).
#pragma once

#include <cstdint>

namespace npu::hw {

struct SramConfig {
    uint32_t inputKib = 1024;    ///< input-activation buffer (operand A), double-buffered
    uint32_t weightKib = 2048;   ///< weight buffer (operand B), double-buffered
    uint32_t outputKib = 1024;   ///< output buffer (operand C / partial sums), double-buffered
    uint32_t banks = 32;         ///< banks, lines interleaved across them
    uint32_t bankWidthBytes = 64;  ///< bytes one bank port moves per cycle (one line)
    uint32_t portsPerBank = 1;   ///< accesses one bank serves per cycle
    uint32_t latencyCycles = 2;  ///< read access latency: paid once per tile step before the array's first operand

    uint64_t totalBytes() const { return (uint64_t(inputKib) + weightKib + outputKib) * 1024; }
};

}  // namespace npu::hw
