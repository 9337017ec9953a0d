// SPDX-License-Identifier: Apache-2.0
// Models: one DRAM command as issued on a channel's command bus (what the protocol checker and a
// command trace see), at its first command-bus cycle (it holds the bus for timing.tCMD_* cycles).
// Ignores: the parts of multi-cycle commands (LPDDR ACT-1/ACT-2) as commands of their own, CAS-sync (LPDDR5).
#pragma once

#include <cstdint>

namespace npu::hw::dram {

enum class DramCommandType : uint8_t {
    Act,    ///< activate `row` in (rank, bankGroup, bank)
    Pre,    ///< precharge one bank
    PreA,   ///< precharge all banks of `rank`
    Rd,     ///< read one burst from the open row
    Wr,     ///< write one burst to the open row
    Ref,    ///< all-bank refresh of `rank`
    RefPb,  ///< per-bank refresh of (rank, bankGroup, bank) and the other banks of its set (banks_per_refpb)
};

inline const char* commandName(DramCommandType t) {
    switch (t) {
        case DramCommandType::Act: return "ACT";
        case DramCommandType::Pre: return "PRE";
        case DramCommandType::PreA: return "PREA";
        case DramCommandType::Rd: return "RD";
        case DramCommandType::Wr: return "WR";
        case DramCommandType::Ref: return "REF";
        case DramCommandType::RefPb: return "REFpb";
    }
    return "?";
}

struct DramCommand {
    uint64_t cycle = 0;
    uint32_t channel = 0, rank = 0, bankGroup = 0, bank = 0;  ///< bank: index within its bank group
    uint32_t row = 0;     ///< ACT: row opened; RD/WR: the open row addressed; else 0
    uint32_t column = 0;  ///< RD/WR: burst index within the row; else 0
    DramCommandType type = DramCommandType::Act;
};

}  // namespace npu::hw::dram
