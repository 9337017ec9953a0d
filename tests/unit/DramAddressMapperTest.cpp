// SPDX-License-Identifier: Apache-2.0
// AddressMapper: exact fields of hand-picked addresses, and bijection on a small organization.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "hw_models/common/Error.h"
#include "hw_models/dram/AddressMapper.h"
#include "tests/unit/DramTestSpecs.h"

using namespace npu::hw::dram;
using namespace npu::hw::dram::testspecs;

TEST(DramAddressMapper, Ddr4RoRaBaCoBgCh) {
    const DramConfig c = ddr4_3200();  // 1 channel, 1 rank, 4 BG x 4 banks, 64K rows, 128 bursts/row, 64 B bursts
    const AddressMapper m(c.organization, "RoRaBaCoBgCh", false);
    EXPECT_EQ(m.describe(), "Ro[32:17] Ba[16:15] Co[14:8] Bg[7:6] offset[5:0]");
    // row 0x1234, bank 2, column 0x55, bank group 3, offset 0x3f (ignored)
    const DramAddress a = m.decode(0x246955ffull);
    EXPECT_EQ(a, coord(0, 0, 3, 2, 0x1234, 0x55));
    EXPECT_EQ(m.encode(a), 0x246955c0ull);
    // consecutive bursts rotate over the bank groups, then move one column on
    EXPECT_EQ(m.decode(0x40), coord(0, 0, 1, 0, 0, 0));
    EXPECT_EQ(m.decode(0x100), coord(0, 0, 0, 0, 0, 1));
}

TEST(DramAddressMapper, Lpddr5xRowLocality) {
    const DramConfig c = lpddr5x_8533();  // 4 ch, 2 ranks, 4 BG x 4 banks, 64 bursts/row of 32 B
    const AddressMapper m(c.organization, "row_locality", false);
    EXPECT_EQ(m.describe(), "Ro[33:18] Ra[17] Ch[16:15] Bg[14:13] Ba[12:11] Co[10:5] offset[4:0]");
    EXPECT_EQ(m.decode(0x2fbbf3a27ull), coord(2, 1, 1, 3, 0xBEEF, 17));
    // a 2 KB row fills first, then the same row in the next bank, the next bank group, the next channel
    EXPECT_EQ(m.decode(2047), coord(0, 0, 0, 0, 0, 63));
    EXPECT_EQ(m.decode(2048), coord(0, 0, 0, 1, 0, 0));
    EXPECT_EQ(m.decode(4 * 2048), coord(0, 0, 1, 0, 0, 0));
    EXPECT_EQ(m.decode(16 * 2048), coord(1, 0, 0, 0, 0, 0));
    EXPECT_EQ(m.decode(64 * 2048), coord(0, 1, 0, 0, 0, 0));
    EXPECT_EQ(m.decode(128 * 2048), coord(0, 0, 0, 0, 1, 0));
}

TEST(DramAddressMapper, BankGroupTakenWithBankWhenOmitted) {
    const DramConfig c = lpddr5x_8533();
    const AddressMapper m(c.organization, "rorabacoch", false);  // lower case accepted, no Bg field
    EXPECT_EQ(m.describe(), "Ro[33:18] Ra[17] Ba+Bg[16:13] Co[12:7] Ch[6:5] offset[4:0]");
    // Ba field value (2 << 2) | 1: bank 2 in bank group 1 (bank-group bits are the low bits of the field)
    EXPECT_EQ(m.decode(0x3c3d3fe0ull), coord(3, 0, 1, 2, 0x0F0F, 63));
}

TEST(DramAddressMapper, XorBankHash) {
    const DramConfig c = ddr4_3200();
    const AddressMapper plain(c.organization, "RoRaBaCoBgCh", false), hashed(c.organization, "RoRaBaCoBgCh", true);
    const uint64_t addr = 0x246955c0ull;  // row 0x1234: low 4 row bits 0b0100
    const DramAddress p = plain.decode(addr), h = hashed.decode(addr);
    // flat bank id (bank << 2 | bank group) = 0b1011 ^ 0b0100 = 0b1111: bank 3, bank group 3
    EXPECT_EQ(p, coord(0, 0, 3, 2, 0x1234, 0x55));
    EXPECT_EQ(h, coord(0, 0, 3, 3, 0x1234, 0x55));
    EXPECT_EQ(hashed.encode(h), addr);
    // same bank field, consecutive rows: the hash spreads them over banks
    std::set<std::pair<uint32_t, uint32_t>> banks;
    for (uint32_t row = 0; row < 16; ++row) {
        const DramAddress a = hashed.decode(plain.encode(coord(0, 0, 0, 0, row, 0)));
        banks.insert({a.bankGroup, a.bank});
    }
    EXPECT_EQ(banks.size(), 16u);
}

TEST(DramAddressMapper, EveryPermutationIsABijection) {
    DramOrganization o;  // 2 ch, 2 ranks, 2 BG x 2 banks, 8 rows, 4 bursts of 8 B per row: 512 bursts
    o.channels = 2; o.ranks = 2; o.bankGroups = 2; o.banksPerGroup = 2; o.rows = 8; o.columns = 32;
    o.deviceWidthBits = 8; o.devicesPerRank = 1; o.burstLength = 8;
    ASSERT_EQ(o.capacityBytes(), 4096u);
    std::vector<std::string> f = {"Ba", "Bg", "Ch", "Co", "Ra", "Ro"};
    size_t perms = 0;
    do {
        std::string name;
        for (const auto& s : f) name += s;
        for (bool x : {false, true}) {
            const AddressMapper m(o, name, x);
            ASSERT_EQ(m.totalBits(), 12u) << name;
            std::set<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> seen;
            for (uint64_t addr = 0; addr < 4096; addr += 8) {
                const DramAddress a = m.decode(addr);
                ASSERT_LT(a.channel, 2u);
                ASSERT_LT(a.rank, 2u);
                ASSERT_LT(a.bankGroup, 2u);
                ASSERT_LT(a.bank, 2u);
                ASSERT_LT(a.row, 8u);
                ASSERT_LT(a.column, 4u);
                seen.insert({a.channel, a.rank, a.bankGroup, a.bank, a.row, a.column});
                ASSERT_EQ(m.encode(a), addr) << name << " xor=" << x;
                ASSERT_EQ(m.decode(addr + 7), a);           // offset bits ignored
                ASSERT_EQ(m.decode(addr + 4096 * 3), a);    // bits above capacity ignored
            }
            EXPECT_EQ(seen.size(), 512u) << name;
        }
        ++perms;
    } while (std::next_permutation(f.begin(), f.end()));
    EXPECT_EQ(perms, 720u);
}

TEST(DramAddressMapper, ChannelFreeKeyIsTheCoordinatesButTheChannel) {
    // For every mapping of a small organization, with and without the XOR hash: addresses (any offset,
    // any bits above the capacity) have the same channelFreeKey exactly when they decode to the same rank,
    // bank group, bank, row and column: 256 keys for the 512 bursts of 2 channels, each always the same
    // coordinates, and the two channels of each coordinate share its key.
    DramOrganization o;
    o.channels = 2; o.ranks = 2; o.bankGroups = 2; o.banksPerGroup = 2; o.rows = 8; o.columns = 32;
    o.deviceWidthBits = 8; o.devicesPerRank = 1; o.burstLength = 8;
    std::vector<std::string> f = {"Ba", "Bg", "Ch", "Co", "Ra", "Ro"};
    do {
        std::string name;
        for (const auto& s : f) name += s;
        for (bool x : {false, true}) {
            const AddressMapper m(o, name, x);
            std::map<uint64_t, std::tuple<uint32_t, uint32_t, uint32_t, uint32_t, uint32_t>> byKey;
            std::map<uint64_t, std::set<uint32_t>> channels;
            for (uint64_t addr = 0; addr < 4096 * 2; addr += 4) {
                const DramAddress a = m.decode(addr);
                const auto coords = std::make_tuple(a.rank, a.bankGroup, a.bank, a.row, a.column);
                const uint64_t key = m.channelFreeKey(addr);
                const auto [it, fresh] = byKey.emplace(key, coords);
                ASSERT_EQ(it->second, coords) << name << " xor=" << x << " addr " << addr;
                channels[key].insert(a.channel);
            }
            ASSERT_EQ(byKey.size(), 256u) << name << " xor=" << x;
            for (const auto& [key, chs] : channels) ASSERT_EQ(chs.size(), 2u) << name;
        }
    } while (std::next_permutation(f.begin(), f.end()));
}

TEST(DramAddressMapper, RowRunsReachTheTopOfTheAddressSpace) {
    // Bits above the capacity are ignored, so a range ending at 2^64 splits into the same row runs as
    // the range with those bits cleared (the last block's end wraps to 0 in 64 bits: no endless loop).
    for (const auto& [name, cfg] : allPresets()) {
        for (const char* mapping : {"RoRaBaCoBgCh", "row_locality"}) {
            SCOPED_TRACE(name + " " + mapping);
            const AddressMapper m(cfg.organization, mapping, false);
            const uint64_t capacity = cfg.organization.capacityBytes();
            for (uint64_t bytes : {uint64_t(64), uint64_t(3) << 20}) {
                auto runs = [&](uint64_t addr) {
                    std::vector<std::pair<DramAddress, uint32_t>> out;
                    m.forEachRowRun(addr, bytes, [&](uint64_t a, uint32_t n) { out.push_back({m.decode(a), n}); });
                    return out;
                };
                const auto top = runs(uint64_t(0) - bytes), low = runs(capacity - bytes);
                ASSERT_FALSE(top.empty());
                EXPECT_TRUE(top == low);
                uint64_t bursts = 0;
                for (const auto& r : top) bursts += r.second;
                EXPECT_EQ(bursts * cfg.organization.burstBytes(), bytes);
            }
        }
    }
}

TEST(DramAddressMapper, RejectsBadMappings) {
    const DramOrganization o = lpddr5x_8533().organization;
    auto err = [&](const std::string& s) {
        try {
            AddressMapper(o, s, false);
        } catch (const npu::InputError& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    EXPECT_EQ(err("RoRaBaCoChCo"), "dram.controller.mapping: field 'Co' appears twice in 'RoRaBaCoChCo'");
    EXPECT_EQ(err("RaBaCoCh"), "dram.controller.mapping: 'RaBaCoCh' lacks the Ro field");
    EXPECT_EQ(err("RoRaBaCo"), "dram.controller.mapping: 'RoRaBaCo' lacks Ch but there are 4 channels");
    EXPECT_EQ(err("RoRaBaCoC"), "dram.controller.mapping: 'RoRaBaCoC' is not a sequence of two-letter fields (Ro, Ra, Bg, Ba, Co, Ch)");
    EXPECT_EQ(err("RoRaBgBaCoCh"), "");
}
