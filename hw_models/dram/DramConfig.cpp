// SPDX-License-Identifier: Apache-2.0
// Models: validation of the DRAM configuration (field ranges and the relations between fields).
// Ignores: speed-bin legality (any self-consistent timing set is accepted).
#include "hw_models/dram/DramConfig.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "hw_models/common/Error.h"
#include "hw_models/dram/AddressMapper.h"

namespace npu::hw::dram {
namespace {

bool isPow2(uint64_t v) { return v != 0 && (v & (v - 1)) == 0; }

void atLeast(const std::string& path, const char* key, uint64_t v, uint64_t min) {
    if (v < min) throw inputError(path + "." + key, "must be >= " + std::to_string(min) + " (is " + std::to_string(v) + ")");
}
void notBelow(const std::string& path, const char* key, uint64_t v, const char* other, uint64_t otherV) {
    if (v < otherV)
        throw inputError(path + "." + key, std::string("must be >= ") + other + " (" + std::to_string(otherV) + "; is " +
                                               std::to_string(v) + ")");
}
void pow2(const std::string& path, const char* key, uint64_t v) {
    atLeast(path, key, v, 1);
    if (!isPow2(v)) throw inputError(path + "." + key, "must be a power of two (is " + std::to_string(v) + ")");
}
void oneOf(const std::string& path, const char* key, const std::string& v, std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* a : allowed) {
        if (v == a) return;
        list += (list.empty() ? "" : ", ") + std::string(a);
    }
    throw inputError(path + "." + key, "must be one of " + list + " (is '" + v + "')");
}

}  // namespace

void DramOrganization::validate(const std::string& path) const {
    pow2(path, "channels", channels);
    pow2(path, "ranks", ranks);
    pow2(path, "bank_groups", bankGroups);
    pow2(path, "banks_per_group", banksPerGroup);
    pow2(path, "rows", rows);
    pow2(path, "columns", columns);
    pow2(path, "device_width_bits", deviceWidthBits);
    pow2(path, "devices_per_rank", devicesPerRank);
    pow2(path, "burst_length", burstLength);
    if (burstLength > columns)
        throw inputError(path + ".burst_length", "must be <= columns (" + std::to_string(columns) + ")");
    if (uint64_t(channelWidthBits()) * burstLength < 8)
        throw inputError(path + ".burst_length", "a burst must carry at least one byte");
    pow2(path, "banks_per_refpb", banksPerRefpb);
    if (banksPerRefpb > banksPerRank())
        throw inputError(path + ".banks_per_refpb", "must be <= banks per rank (" + std::to_string(banksPerRank()) + ")");
    if (banksPerChannel() > 256)
        throw inputError(path + ".ranks", "ranks x bank_groups x banks_per_group must be <= 256 per channel");
    if (rows > (uint64_t(1) << 31)) throw inputError(path + ".rows", "must be <= 2^31");
}

void DramTiming::validate(const std::string& path) const {
    atLeast(path, "tCK_ps", tCK_ps, 1);
    atLeast(path, "tRCD", tRCD, 1);
    atLeast(path, "tRPpb", tRPpb, 1);
    notBelow(path, "tRPab", tRPab, "tRPpb", tRPpb);
    atLeast(path, "tRAS", tRAS, 1);
    notBelow(path, "tRC", tRC, "tRAS", tRAS);
    atLeast(path, "RL", RL, 1);
    atLeast(path, "WL", WL, 1);
    atLeast(path, "tBURST", tBURST, 1);
    atLeast(path, "tCCD_S", tCCD_S, 1);
    notBelow(path, "tCCD_L", tCCD_L, "tCCD_S", tCCD_S);
    atLeast(path, "tRRD_S", tRRD_S, 1);
    notBelow(path, "tRRD_L", tRRD_L, "tRRD_S", tRRD_S);
    notBelow(path, "tWTR_L", tWTR_L, "tWTR_S", tWTR_S);
    atLeast(path, "tRTP", tRTP, 1);
    atLeast(path, "tRTW", tRTW, 1);
    atLeast(path, "tREFI", tREFI, 1);
    atLeast(path, "tRFCab", tRFCab, 1);
    for (const auto& [key, v] : {std::pair<const char*, uint32_t>{"tCMD_ACT", tCMD_ACT}, {"tCMD_CAS", tCMD_CAS},
                                 {"tCMD_PRE", tCMD_PRE}, {"tCMD_REF", tCMD_REF}}) {
        atLeast(path, key, v, 1);
        if (v > 64) throw inputError(path + "." + key, "must be <= 64 cycles");
    }
    // tFAW, tWR, tWTR_S may be 0 (no constraint). Per-bank refresh fields are checked by the controller.
}

void DramControllerConfig::validate(const std::string& path) const {
    oneOf(path, "page_policy", pagePolicy, {"open", "closed"});
    oneOf(path, "scheduler", scheduler, {"frfcfs", "fcfs"});
    oneOf(path, "refresh", refresh, {"all_bank", "per_bank", "none"});
    atLeast(path, "read_queue_size", readQueueSize, 1);
    atLeast(path, "write_queue_size", writeQueueSize, 1);
    if (readQueueSize > 65536) throw inputError(path + ".read_queue_size", "must be <= 65536");
    if (writeQueueSize > 65536) throw inputError(path + ".write_queue_size", "must be <= 65536");
    atLeast(path, "write_high_watermark", writeHighWatermark, 1);
    if (writeHighWatermark > writeQueueSize)
        throw inputError(path + ".write_high_watermark",
                         "must be <= write_queue_size (" + std::to_string(writeQueueSize) + ")");
    if (writeLowWatermark >= writeHighWatermark)
        throw inputError(path + ".write_low_watermark",
                         "must be < write_high_watermark (" + std::to_string(writeHighWatermark) + ")");
}

void DramPower::validate(const std::string& path) const {
    const std::pair<const char*, double> currents[] = {{"IDD0_mA", IDD0_mA},   {"IDD2N_mA", IDD2N_mA},
                                                       {"IDD3N_mA", IDD3N_mA}, {"IDD4R_mA", IDD4R_mA},
                                                       {"IDD4W_mA", IDD4W_mA}, {"IDD5B_mA", IDD5B_mA}};
    for (const auto& [key, v] : currents)
        if (!(v >= 0.0) || !std::isfinite(v)) throw inputError(path + "." + key, "must be a finite number >= 0");
    if (!(VDD_V >= 0.0) || !std::isfinite(VDD_V)) throw inputError(path + ".VDD_V", "must be a finite number >= 0");
    const bool anyCurrent = IDD0_mA > 0 || IDD2N_mA > 0 || IDD3N_mA > 0 || IDD4R_mA > 0 || IDD4W_mA > 0 || IDD5B_mA > 0;
    if (anyCurrent && VDD_V == 0.0) throw inputError(path + ".VDD_V", "must be > 0 when currents are given");
}

void DramConfig::validate() const {
    organization.validate("dram.organization");
    timing.validate("dram.timing");
    controller.validate("dram.controller");
    power.validate("dram.power");
    // Refresh must leave room for work: between two refreshes (all-bank: of the rank; per-bank: of the
    // rank's next bank set) a bank must be able to finish the row cycle a refresh waited for and then one
    // more, or a request could be pre-empted by every refresh and never complete (the engine would run
    // forever). The longest row cycle: ACT, the last column command, PRE, tRP, each step at least the
    // command-bus cycles of its command; a refresh blocks its bank for max(tRFC, tCMD_REF).
    const std::string tp = "dram.timing";
    const uint64_t t = std::max(timing.tRCD, timing.tCMD_ACT) +
                       std::max<uint64_t>({timing.tRTP, uint64_t(timing.WL) + timing.tBURST + timing.tWR, timing.tCMD_CAS});
    const uint64_t rowCycle =
        std::max<uint64_t>(timing.tRC, std::max<uint64_t>(timing.tRAS, t) + std::max(timing.tRPab, timing.tCMD_PRE));
    // Closing a refresh's banks: one PREA (all-bank) or one PRE per bank of the set (per-bank), each
    // tPPD after the previous PRE of the rank.
    const uint64_t closes = controller.refresh == "all_bank" ? 1 : organization.banksPerRefpb;
    auto roomForWork = [&](const char* key, uint64_t interval, const char* tRFCKey, uint64_t tRFCValue) {
        const bool busLonger = timing.tCMD_REF > tRFCValue;
        const uint64_t tRFC = busLonger ? timing.tCMD_REF : tRFCValue;
        const uint64_t ppd = closes * timing.tPPD;
        const std::string name = std::string(busLonger ? "tCMD_REF" : tRFCKey) +
                                 (ppd ? " + " + std::to_string(closes) + " x tPPD" : "");
        const std::string value = std::to_string(tRFC) + (ppd ? " + " + std::to_string(ppd) : "");
        if (interval < tRFC + ppd + 2 * rowCycle)
            throw inputError(tp + "." + key, "must be >= " + name + " + 2 x the longest row cycle (" + value +
                                                 " + 2 x " + std::to_string(rowCycle) + " = " +
                                                 std::to_string(tRFC + ppd + 2 * rowCycle) + "; is " +
                                                 std::to_string(interval) + ")");
        // All ranks share the command bus: their refreshes (each with the PREs that close its banks) must
        // leave it room for work too, or refresh alone would fill it and no request would ever issue.
        const uint64_t perRank = timing.tCMD_REF + closes * timing.tCMD_PRE;
        const uint64_t bus = uint64_t(organization.ranks) * perRank;
        if (interval < bus + 2 * rowCycle)
            throw inputError(tp + "." + key,
                             "must be >= ranks x the refresh's command-bus cycles (tCMD_REF + " +
                                 std::string(closes == 1 ? "" : std::to_string(closes) + " x ") +
                                 "tCMD_PRE) + 2 x the longest row cycle (" + std::to_string(organization.ranks) +
                                 " x " + std::to_string(perRank) + " + 2 x " + std::to_string(rowCycle) + " = " +
                                 std::to_string(bus + 2 * rowCycle) + "; is " + std::to_string(interval) + ")");
    };
    if (controller.refresh == "all_bank") roomForWork("tREFI", timing.tREFI, "tRFCab", timing.tRFCab);
    if (controller.refresh == "per_bank") {
        atLeast(tp, "tRFCpb", timing.tRFCpb, 1);
        roomForWork("tREFIpb", timing.tREFIpb, "tRFCpb", timing.tRFCpb);
    }
    AddressMapper::parse(controller.mapping, organization);
}

}  // namespace npu::hw::dram
