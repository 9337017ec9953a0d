// SPDX-License-Identifier: Apache-2.0
// Models: physical address -> (channel, rank, bank group, bank, row, column) by bit fields named in the
// usual DRAM-simulator notation, MSB first (e.g. RoBaRaCoCh), burst offset bits below; optional XOR bank
// hash; `row_locality` (= RoRaChBgBaCo: a row fills first, then the next bank, bank group, channel, rank).
// Ignores: non-power-of-two organizations, split fields and arbitrary XOR matrices.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "hw_models/dram/DramConfig.h"

namespace npu::hw::dram {

enum class AddressField : uint8_t { Channel, Rank, BankGroup, Bank, Row, Column };

/// Decoded coordinates of one burst. `column` counts bursts within the row (0 .. columns/burst_length-1).
struct DramAddress {
    uint32_t channel = 0, rank = 0, bankGroup = 0, bank = 0, row = 0, column = 0;
    bool operator==(const DramAddress& o) const {
        return channel == o.channel && rank == o.rank && bankGroup == o.bankGroup && bank == o.bank &&
               row == o.row && column == o.column;
    }
};

class AddressMapper {
public:
    /// `mapping`: a permutation of Ro, Ra, Bg, Ba, Co, Ch (any case), MSB first, or `row_locality`.
    /// Ra/Ch may be left out when there is one rank/channel; Bg may be left out, then the bank-group bits
    /// sit in the Ba field below the bank bits. Throws InputError("dram.controller.mapping: ...").
    AddressMapper(const DramOrganization& org, const std::string& mapping, bool xorBankHash);

    /// Parses and checks a mapping string against an organization; returns the fields MSB first.
    static std::vector<AddressField> parse(const std::string& mapping, const DramOrganization& org,
                                           const std::string& where = "dram.controller.mapping");

    /// Address bits above the capacity are ignored (the address wraps).
    uint32_t channelOf(uint64_t addr) const { return field(addr, chan_); }
    DramAddress decode(uint64_t addr) const {
        DramAddress a;
        a.channel = field(addr, chan_);
        a.rank = field(addr, rank_);
        a.row = field(addr, row_);
        a.column = field(addr, col_);
        uint32_t bg = field(addr, bg_), ba = field(addr, ba_);
        if (!bgSeparate_) {  // Ba field = [bank | bank group]
            bg = ba & (bankGroups_ - 1);
            ba >>= bgBits_;
        }
        if (xor_) {
            const uint32_t k = ((ba << bgBits_) | bg) ^ (a.row & (banksPerRank_ - 1));
            bg = k & (bankGroups_ - 1);
            ba = k >> bgBits_;
        }
        a.bankGroup = bg;
        a.bank = ba;
        return a;
    }
    /// The address without its channel, burst-offset and above-capacity bits: two addresses have the same
    /// key if and only if they decode to the same coordinates but the channel (every field is a bit field;
    /// the XOR bank hash uses the row only).
    uint64_t channelFreeKey(uint64_t addr) const { return addr & keyMask_; }
    /// Inverse of decode for in-range coordinates (burst-aligned address, offset 0).
    uint64_t encode(const DramAddress& a) const;

    /// Splits the bursts touched by the bytes [addr, addr + bytes) into maximal row runs: consecutive
    /// columns of one (channel, rank, bank group, bank, row), i.e. the multi-burst Requests of that range.
    /// Calls f(firstBurstAddr, bursts) for each, in increasing order of the first burst's address; every
    /// burst of the range is in exactly one run. Arithmetic on the column field only (no decode per burst).
    template <class F>
    void forEachRowRun(uint64_t addr, uint64_t bytes, F&& f) const {
        if (bytes == 0) return;
        const uint64_t burst = uint64_t(1) << offsetBits_;
        const uint32_t colShift = col_.shift;
        const uint64_t lowSpan = uint64_t(1) << colShift;         // bytes below the column field
        const uint64_t blockSpan = lowSpan << col_.bits;           // one full sweep of the column field
        const uint64_t start = addr & ~(burst - 1), end = addr + bytes;
        if (end - start <= lowSpan) {  // (a short range, e.g. a cache line: no column holds two of its bursts)
            for (uint64_t first = start; first - start < end - start; first += burst) f(first, 1u);
            return;
        }
        // (end - block, not block + blockSpan: the last block may end at 2^64)
        for (uint64_t block = start & ~(blockSpan - 1);; block += blockSpan) {
            const uint64_t s = block > start ? block : start;
            const uint64_t e = end - block < blockSpan ? end : block + blockSpan;
            // The k-th burst from s starts the run of its residue below the column field; after lowSpan
            // bytes every residue has started, so at most lowSpan / burst runs per block.
            const uint64_t runs = (e - s) >= lowSpan ? lowSpan >> offsetBits_ : (e - s + burst - 1) >> offsetBits_;
            for (uint64_t k = 0; k < runs; ++k) {
                const uint64_t first = s + k * burst;
                const uint64_t lo = first & (lowSpan - 1);
                const uint64_t c0 = (first - block) >> colShift, c1 = (e - 1 - block - lo) >> colShift;
                f(first, uint32_t(c1 - c0 + 1));
            }
            if (end - block <= blockSpan) break;
        }
    }

    uint32_t offsetBits() const { return offsetBits_; }
    uint32_t totalBits() const { return totalBits_; }
    /// Bit layout, MSB first, e.g. "Ro[31:16] Ra[15] Ba[14:13] Co[12:7] Bg[6:5] Ch[4:3] offset[2:0]".
    std::string describe() const;

private:
    struct Field {
        uint32_t shift = 0, bits = 0;
        uint64_t mask = 0;
    };
    static uint32_t field(uint64_t addr, const Field& f) { return uint32_t((addr >> f.shift) & f.mask); }
    /// The bit field of an address component.
    Field& fieldOf(AddressField f);
    const Field& fieldOf(AddressField f) const { return const_cast<AddressMapper*>(this)->fieldOf(f); }

    Field chan_, rank_, bg_, ba_, row_, col_;
    std::vector<AddressField> order_;
    bool bgSeparate_ = false;
    bool xor_ = false;
    uint32_t bgBits_ = 0, bankGroups_ = 1, banksPerRank_ = 1;
    uint32_t offsetBits_ = 0, totalBits_ = 0;
    uint64_t keyMask_ = 0;
};

}  // namespace npu::hw::dram
