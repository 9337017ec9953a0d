// SPDX-License-Identifier: Apache-2.0
// Models: one bank's row buffer (closed, or open with a row) and the earliest cycle of its next
// ACT (also REFpb), PRE, RD and WR from same-bank constraints: tRCD, tRAS, tRC, tRP, tRTP, tWR, tRFC.
// Ignores: rank/channel constraints (tRRD, tFAW, tCCD, tWTR, tRTW, bus), kept by DramChannel.
#pragma once

#include <algorithm>
#include <cstdint>

#include "hw_models/dram/DramConfig.h"

namespace npu::hw::dram {

/// Same-bank timing in cycles, precomputed from DramTiming.
struct BankTiming {
    uint32_t tRCD = 0, tRAS = 0, tRC = 0, tRTP = 0;
    uint32_t wrToPre = 0;  ///< WL + tBURST + tWR
    static BankTiming from(const DramTiming& t) { return {t.tRCD, t.tRAS, t.tRC, t.tRTP, t.WL + t.tBURST + t.tWR}; }
};

class BankState {
public:
    bool isOpen() const { return open_; }
    uint32_t openRow() const { return row_; }
    uint64_t nextActCycle() const { return nextAct_; }  ///< also the earliest REFpb / REF for this bank
    uint64_t nextPreCycle() const { return nextPre_; }
    uint64_t nextRdCycle() const { return nextCas_; }
    uint64_t nextWrCycle() const { return nextCas_; }

    void activate(uint64_t cycle, uint32_t row, const BankTiming& t) {
        open_ = true;
        row_ = row;
        nextAct_ = std::max(nextAct_, cycle + t.tRC);
        nextCas_ = cycle + t.tRCD;
        nextPre_ = std::max(nextPre_, cycle + t.tRAS);
    }
    void read(uint64_t cycle, const BankTiming& t) { nextPre_ = std::max(nextPre_, cycle + t.tRTP); }
    void write(uint64_t cycle, const BankTiming& t) { nextPre_ = std::max(nextPre_, cycle + t.wrToPre); }
    /// PRE (tRP = tRPpb) or PREA (tRP = tRPab).
    void precharge(uint64_t cycle, uint32_t tRP) {
        open_ = false;
        nextAct_ = std::max(nextAct_, cycle + tRP);
    }
    /// REF (tRFC = tRFCab) or REFpb (tRFC = tRFCpb); the bank must be closed.
    void refresh(uint64_t cycle, uint32_t tRFC) { nextAct_ = std::max(nextAct_, cycle + tRFC); }

private:
    bool open_ = false;
    uint32_t row_ = 0;
    uint64_t nextAct_ = 0, nextPre_ = 0, nextCas_ = 0;
};

}  // namespace npu::hw::dram
