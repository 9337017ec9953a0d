// SPDX-License-Identifier: Apache-2.0
// Models: independent protocol checking of a DRAM command stream (see ProtocolChecker.h).
// Ignores: see ProtocolChecker.h.
#include "hw_models/dram/ProtocolChecker.h"

#include <algorithm>
#include <sstream>

namespace npu::hw::dram {

ProtocolChecker::ProtocolChecker(const DramConfig& cfg, size_t maxStored)
    : t_(cfg.timing), org_(cfg.organization), refresh_(cfg.controller.refresh), maxStored_(maxStored) {
    const size_t ranks = size_t(org_.channels) * org_.ranks;
    banks_.resize(ranks * org_.banksPerRank());
    groups_.resize(ranks * org_.bankGroups);
    ranks_.resize(ranks);
    channels_.resize(org_.channels);
}

ProtocolChecker::Bank& ProtocolChecker::bank(const DramCommand& c) {
    return banks_[((size_t(c.channel) * org_.ranks + c.rank) * org_.bankGroups + c.bankGroup) * org_.banksPerGroup +
                  c.bank];
}
ProtocolChecker::Group& ProtocolChecker::group(const DramCommand& c) {
    return groups_[(size_t(c.channel) * org_.ranks + c.rank) * org_.bankGroups + c.bankGroup];
}
ProtocolChecker::Rank& ProtocolChecker::rank(const DramCommand& c) {
    return ranks_[size_t(c.channel) * org_.ranks + c.rank];
}

void ProtocolChecker::violate(const DramCommand& c, const std::string& constraint, int64_t earliest,
                              const std::string& why) {
    ++violationCount_;
    ++byConstraint_[constraint];
    if (violations_.size() >= maxStored_) return;
    std::ostringstream os;
    os << "ch" << c.channel << " ra" << c.rank;
    if (c.type != DramCommandType::PreA && c.type != DramCommandType::Ref)
        os << " bg" << c.bankGroup << " ba" << c.bank;
    os << ' ' << commandName(c.type);
    if (c.type == DramCommandType::Act || c.type == DramCommandType::Rd || c.type == DramCommandType::Wr)
        os << " row " << c.row;
    os << " @" << c.cycle << ": " << constraint << " violated";
    if (!why.empty()) os << " (" << why << ")";
    if (earliest > 0) os << ", earliest legal cycle " << earliest;
    violations_.push_back(ProtocolViolation{c, constraint, earliest > 0 ? uint64_t(earliest) : 0, os.str()});
}

void ProtocolChecker::need(const DramCommand& c, const char* constraint, int64_t earliest) {
    if (int64_t(c.cycle) < earliest) violate(c, constraint, earliest, "");
}

void ProtocolChecker::checkPrecharge(const DramCommand& c, const Bank& b) {
    need(c, "tRAS", b.act + t_.tRAS);
    need(c, "tRTP", b.rd + t_.tRTP);
    need(c, "tWR", b.wr + t_.WL + t_.tBURST + t_.tWR);
}

void ProtocolChecker::checkBurst(const DramCommand& c, Channel& ch, int64_t latency) {
    const int64_t s = int64_t(c.cycle) + latency, e = s + t_.tBURST;
    for (int i = 0; i < 8; ++i)
        if (s < ch.burstEnd[i] && ch.burstStart[i] < e)
            violate(c, "data bus", ch.burstEnd[i] - latency,
                    "burst [" + std::to_string(s) + "," + std::to_string(e) + ") overlaps [" +
                        std::to_string(ch.burstStart[i]) + "," + std::to_string(ch.burstEnd[i]) + ")");
    ch.burstStart[ch.burstPos] = s;
    ch.burstEnd[ch.burstPos] = e;
    ch.burstPos = (ch.burstPos + 1) & 7;
}

void ProtocolChecker::onCommand(const DramCommand& c) {
    ++commandCount_;
    const int64_t t = int64_t(c.cycle);
    if (c.channel >= org_.channels || c.rank >= org_.ranks || c.bankGroup >= org_.bankGroups ||
        c.bank >= org_.banksPerGroup) {
        violate(c, "address", 0, "channel/rank/bank out of range");
        return;
    }
    Channel& ch = channels_[c.channel];
    uint32_t len = t_.tCMD_REF;  // REF, REFpb
    switch (c.type) {
        case DramCommandType::Act: len = t_.tCMD_ACT; break;
        case DramCommandType::Rd:
        case DramCommandType::Wr: len = t_.tCMD_CAS; break;
        case DramCommandType::Pre:
        case DramCommandType::PreA: len = t_.tCMD_PRE; break;
        default: break;
    }
    if (t < ch.lastCmd) violate(c, "command order", ch.busFree, "cycle goes backwards");
    else if (t == ch.lastCmd) violate(c, "command bus", ch.busFree, "two commands in one cycle");
    else if (t < ch.busFree)
        violate(c, "command bus", ch.busFree, "inside an earlier command's bus cycles (tCMD_*)");
    ch.lastCmd = std::max(ch.lastCmd, t);
    ch.busFree = std::max(ch.busFree, t + int64_t(len));  // (a violating command never shortens the window)

    Rank& rk = rank(c);
    const size_t rankFirstBank = (size_t(c.channel) * org_.ranks + c.rank) * org_.banksPerRank();
    const int64_t maxGapAb = 9 * int64_t(t_.tREFI);
    const int64_t maxGapPb = 9 * int64_t(t_.tREFIpb) * org_.refpbStride();

    switch (c.type) {
        case DramCommandType::Act: {
            Bank& b = bank(c);
            Group& g = group(c);
            if (b.open) violate(c, "state", 0, "ACT to a bank with row " + std::to_string(b.row) + " open");
            need(c, "tRC", b.act + t_.tRC);
            if (b.preWasAll) need(c, "tRPab", b.pre + t_.tRPab);
            else need(c, "tRPpb", b.pre + t_.tRPpb);
            need(c, "tRRD_L", g.act + t_.tRRD_L);
            need(c, "tRRD_S", rk.act + t_.tRRD_S);
            need(c, "tFAW", rk.act4[rk.act4Pos] + t_.tFAW);  // oldest of the last four
            need(c, "tRFCab", rk.ref + t_.tRFCab);
            need(c, "tRFCpb", b.refPb + t_.tRFCpb);
            b.open = true;
            b.row = c.row;
            b.act = g.act = rk.act = t;
            rk.act4[rk.act4Pos] = t;
            rk.act4Pos = (rk.act4Pos + 1) & 3;
            break;
        }
        case DramCommandType::Pre: {
            Bank& b = bank(c);
            if (!b.open) break;  // PRE to a closed bank is a no-op
            if (t_.tPPD != 0) need(c, "tPPD", rk.pre + t_.tPPD);
            rk.pre = t;
            checkPrecharge(c, b);
            b.open = false;
            b.pre = t;
            b.preWasAll = false;
            break;
        }
        case DramCommandType::PreA: {
            if (t_.tPPD != 0) need(c, "tPPD", rk.pre + t_.tPPD);  // (after a PRE; PREA sets no tPPD itself)
            for (size_t i = rankFirstBank; i < rankFirstBank + org_.banksPerRank(); ++i) {
                Bank& b = banks_[i];
                if (!b.open) continue;
                checkPrecharge(c, b);
                b.open = false;
                b.pre = t;
                b.preWasAll = true;
            }
            break;
        }
        case DramCommandType::Rd:
        case DramCommandType::Wr: {
            const bool rd = c.type == DramCommandType::Rd;
            Bank& b = bank(c);
            Group& g = group(c);
            if (!b.open) violate(c, "state", 0, std::string(rd ? "RD" : "WR") + " to a closed bank");
            else if (b.row != c.row)
                violate(c, "state", 0, "row " + std::to_string(c.row) + " addressed, row " + std::to_string(b.row) + " open");
            need(c, "tRCD", b.act + t_.tRCD);
            // rank switch: the burst starts tRTRS after every other rank's last burst ended
            const int64_t latency = rd ? t_.RL : t_.WL;
            if (t_.tRTRS != 0)
                for (uint32_t o = 0; o < org_.ranks; ++o)
                    if (o != c.rank)
                        need(c, "tRTRS", ranks_[size_t(c.channel) * org_.ranks + o].burstEnd + t_.tRTRS - latency);
            rk.burstEnd = t + latency + t_.tBURST;
            if (rd) {
                need(c, "tCCD_L", g.rd + t_.tCCD_L);
                need(c, "tCCD_S", rk.rd + t_.tCCD_S);
                need(c, "tWTR_L", g.wr + t_.WL + t_.tBURST + t_.tWTR_L);
                need(c, "tWTR_S", rk.wr + t_.WL + t_.tBURST + t_.tWTR_S);
                checkBurst(c, ch, t_.RL);
                b.rd = g.rd = rk.rd = t;
            } else {
                need(c, "tCCD_L", g.wr + t_.tCCD_L);
                need(c, "tCCD_S", rk.wr + t_.tCCD_S);
                need(c, "tRTW", rk.rd + t_.tRTW);
                checkBurst(c, ch, t_.WL);
                b.wr = g.wr = rk.wr = t;
            }
            break;
        }
        case DramCommandType::Ref: {
            for (size_t i = rankFirstBank; i < rankFirstBank + org_.banksPerRank(); ++i) {
                Bank& b = banks_[i];
                if (b.open) violate(c, "state", 0, "REF with a bank open (row " + std::to_string(b.row) + ")");
                need(c, "tRC", b.act + t_.tRC);
                if (b.preWasAll) need(c, "tRPab", b.pre + t_.tRPab);
                else need(c, "tRPpb", b.pre + t_.tRPpb);
                need(c, "tRFCpb", b.refPb + t_.tRFCpb);
                b.refreshed = t;
            }
            need(c, "tRFCab", rk.ref + t_.tRFCab);
            if (refresh_ == "all_bank" && t - rk.refreshed > maxGapAb)
                violate(c, "tREFI", 0, "rank unrefreshed since cycle " + std::to_string(rk.refreshed));
            rk.ref = t;
            rk.refreshed = t;
            break;
        }
        case DramCommandType::RefPb: {
            // the addressed bank and the others of its set (banks_per_refpb banks, refpbStride() apart)
            const uint32_t stride = org_.refpbStride();
            const uint32_t inRank = c.bankGroup * org_.banksPerGroup + c.bank;
            for (uint32_t i = inRank % stride; i < org_.banksPerRank(); i += stride) {
                Bank& b = banks_[rankFirstBank + i];
                if (b.open) violate(c, "state", 0, "REFpb to an open bank (row " + std::to_string(b.row) + ")");
                need(c, "tRC", b.act + t_.tRC);
                if (b.preWasAll) need(c, "tRPab", b.pre + t_.tRPab);
                else need(c, "tRPpb", b.pre + t_.tRPpb);
                need(c, "tRFCpb", b.refPb + t_.tRFCpb);
                if (refresh_ == "per_bank" && t - b.refreshed > maxGapPb)
                    violate(c, "tREFIpb", 0, "bank unrefreshed since cycle " + std::to_string(b.refreshed));
                b.refPb = t;
                b.refreshed = t;
            }
            need(c, "tRFCab", rk.ref + t_.tRFCab);
            break;
        }
    }
}

void ProtocolChecker::finish(uint64_t endCycle) {
    const int64_t end = int64_t(endCycle);
    DramCommand c;
    c.cycle = endCycle;
    if (refresh_ == "all_bank") {
        for (size_t i = 0; i < ranks_.size(); ++i)
            if (end - ranks_[i].refreshed > 9 * int64_t(t_.tREFI)) {
                c.channel = uint32_t(i / org_.ranks);
                c.rank = uint32_t(i % org_.ranks);
                c.type = DramCommandType::Ref;
                violate(c, "tREFI", 0, "rank unrefreshed since cycle " + std::to_string(ranks_[i].refreshed) + " (at end)");
            }
    } else if (refresh_ == "per_bank") {
        const int64_t gap = 9 * int64_t(t_.tREFIpb) * org_.refpbStride();
        for (size_t i = 0; i < banks_.size(); ++i)
            if (end - banks_[i].refreshed > gap) {
                c.bank = uint32_t(i % org_.banksPerGroup);
                c.bankGroup = uint32_t(i / org_.banksPerGroup % org_.bankGroups);
                c.rank = uint32_t(i / org_.banksPerRank() % org_.ranks);
                c.channel = uint32_t(i / org_.banksPerRank() / org_.ranks);
                c.type = DramCommandType::RefPb;
                violate(c, "tREFIpb", 0, "bank unrefreshed since cycle " + std::to_string(banks_[i].refreshed) + " (at end)");
            }
    }
}

uint64_t ProtocolChecker::countOf(const std::string& constraint) const {
    const auto it = byConstraint_.find(constraint);
    return it == byConstraint_.end() ? 0 : it->second;
}

std::vector<std::string> ProtocolChecker::messages() const {
    std::vector<std::string> out;
    out.reserve(violations_.size());
    for (const auto& v : violations_) out.push_back(v.message);
    return out;
}

}  // namespace npu::hw::dram
