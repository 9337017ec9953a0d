// SPDX-License-Identifier: Apache-2.0
// Models: bit-field address mapping (see AddressMapper.h). Ignores: nothing beyond the header's list.
#include "hw_models/dram/AddressMapper.h"

#include <cctype>
#include <sstream>

#include "hw_models/common/Error.h"

namespace npu::hw::dram {
namespace {

uint32_t log2Exact(uint64_t v) {
    uint32_t b = 0;
    while ((uint64_t(1) << b) < v) ++b;
    return b;
}

const char* fieldName(AddressField f) {
    switch (f) {
        case AddressField::Channel: return "Ch";
        case AddressField::Rank: return "Ra";
        case AddressField::BankGroup: return "Bg";
        case AddressField::Bank: return "Ba";
        case AddressField::Row: return "Ro";
        case AddressField::Column: return "Co";
    }
    return "?";
}

}  // namespace

std::vector<AddressField> AddressMapper::parse(const std::string& mapping, const DramOrganization& org,
                                               const std::string& where) {
    std::string s;
    for (char c : mapping) s += char(std::tolower(static_cast<unsigned char>(c)));
    if (s == "row_locality") s = "rorachbgbaco";
    if (s.empty() || s.size() % 2 != 0)
        throw inputError(where, "'" + mapping + "' is not a sequence of two-letter fields (Ro, Ra, Bg, Ba, Co, Ch)");
    std::vector<AddressField> order;
    bool seen[6] = {false, false, false, false, false, false};
    for (size_t i = 0; i < s.size(); i += 2) {
        const std::string tok = s.substr(i, 2);
        AddressField f;
        if (tok == "ch") f = AddressField::Channel;
        else if (tok == "ra") f = AddressField::Rank;
        else if (tok == "bg") f = AddressField::BankGroup;
        else if (tok == "ba") f = AddressField::Bank;
        else if (tok == "ro") f = AddressField::Row;
        else if (tok == "co") f = AddressField::Column;
        else
            throw inputError(where, "unknown field '" + mapping.substr(i, 2) + "' in '" + mapping +
                                        "' (fields: Ro, Ra, Bg, Ba, Co, Ch)");
        if (seen[int(f)]) throw inputError(where, "field '" + mapping.substr(i, 2) + "' appears twice in '" + mapping + "'");
        seen[int(f)] = true;
        order.push_back(f);
    }
    for (AddressField f : {AddressField::Row, AddressField::Bank, AddressField::Column})
        if (!seen[int(f)]) throw inputError(where, std::string("'") + mapping + "' lacks the " + fieldName(f) + " field");
    if (!seen[int(AddressField::Channel)] && org.channels > 1)
        throw inputError(where, "'" + mapping + "' lacks Ch but there are " + std::to_string(org.channels) + " channels");
    if (!seen[int(AddressField::Rank)] && org.ranks > 1)
        throw inputError(where, "'" + mapping + "' lacks Ra but there are " + std::to_string(org.ranks) + " ranks");
    return order;
}

AddressMapper::AddressMapper(const DramOrganization& org, const std::string& mapping, bool xorBankHash)
    : order_(parse(mapping, org)), xor_(xorBankHash) {
    bankGroups_ = org.bankGroups;
    banksPerRank_ = org.banksPerRank();
    bgBits_ = log2Exact(org.bankGroups);
    offsetBits_ = log2Exact(org.burstBytes());
    bgSeparate_ = false;
    for (AddressField f : order_) bgSeparate_ |= (f == AddressField::BankGroup);

    auto bitsOf = [&](AddressField f) -> uint32_t {
        switch (f) {
            case AddressField::Channel: return log2Exact(org.channels);
            case AddressField::Rank: return log2Exact(org.ranks);
            case AddressField::BankGroup: return bgBits_;
            case AddressField::Bank: return log2Exact(org.banksPerGroup) + (bgSeparate_ ? 0 : bgBits_);
            case AddressField::Row: return log2Exact(org.rows);
            case AddressField::Column: return log2Exact(org.burstsPerRow());
        }
        return 0;
    };
    uint32_t shift = offsetBits_;
    for (auto it = order_.rbegin(); it != order_.rend(); ++it) {  // LSB first
        Field& fd = fieldOf(*it);
        fd.bits = bitsOf(*it);
        fd.shift = shift;
        fd.mask = fd.bits ? ((uint64_t(1) << fd.bits) - 1) : 0;
        shift += fd.bits;
    }
    totalBits_ = shift;
    keyMask_ = (totalBits_ >= 64 ? ~uint64_t(0) : (uint64_t(1) << totalBits_) - 1) & ~((uint64_t(1) << offsetBits_) - 1) &
               ~(chan_.mask << chan_.shift);
}

AddressMapper::Field& AddressMapper::fieldOf(AddressField f) {
    switch (f) {
        case AddressField::Channel: return chan_;
        case AddressField::Rank: return rank_;
        case AddressField::BankGroup: return bg_;
        case AddressField::Bank: return ba_;
        case AddressField::Row: return row_;
        case AddressField::Column: return col_;
    }
    return row_;
}

uint64_t AddressMapper::encode(const DramAddress& a) const {
    uint32_t bg = a.bankGroup, ba = a.bank;
    if (xor_) {
        const uint32_t k = ((ba << bgBits_) | bg) ^ (a.row & (banksPerRank_ - 1));
        bg = k & (bankGroups_ - 1);
        ba = k >> bgBits_;
    }
    if (!bgSeparate_) {
        ba = (ba << bgBits_) | bg;
        bg = 0;
    }
    auto put = [](uint64_t v, const Field& f) { return (v & f.mask) << f.shift; };
    return put(a.channel, chan_) | put(a.rank, rank_) | put(bg, bg_) | put(ba, ba_) | put(a.row, row_) |
           put(a.column, col_);
}

std::string AddressMapper::describe() const {
    std::ostringstream os;
    bool first = true;
    for (AddressField f : order_) {
        const Field& fd = fieldOf(f);
        if (fd.bits == 0) continue;
        if (!first) os << ' ';
        first = false;
        os << fieldName(f) << (f == AddressField::Bank && !bgSeparate_ && bgBits_ ? "+Bg" : "") << '['
           << fd.shift + fd.bits - 1;
        if (fd.bits > 1) os << ':' << fd.shift;
        os << ']';
    }
    if (offsetBits_) os << (first ? "" : " ") << "offset[" << offsetBits_ - 1 << (offsetBits_ > 1 ? ":0]" : "]");
    return os.str();
}

}  // namespace npu::hw::dram
