// SPDX-License-Identifier: Apache-2.0
#include "sim/report/DramReport.h"

namespace npu::sim {
namespace {

using nlohmann::ordered_json;

ordered_json bankJson(const hw::dram::DramBankStats& b) {
    return {{"reads", b.reads},           {"writes", b.writes},         {"row_hits", b.rowHits},
            {"row_misses", b.rowMisses},  {"row_conflicts", b.rowConflicts}, {"activates", b.activates},
            {"precharges", b.precharges}, {"refreshes_per_bank", b.refreshesPerBank}};
}

ordered_json channelJson(const hw::dram::DramChannelStats& c, const hw::dram::DramTiming& t, bool withBanks) {
    const double nsPerCycle = t.tCK_ps / 1000.0;
    ordered_json j = bankJson(c.counts);
    j["requests"] = c.requests();
    j["read_bytes"] = c.bytesRead;
    j["write_bytes"] = c.bytesWritten;
    j["precharge_alls"] = c.prechargeAlls;
    j["precharge_all_banks"] = c.prechargeAllBanks;
    j["refreshes"] = c.refreshes;
    j["data_bus_busy_cycles"] = c.dataBusBusyCycles;
    j["command_bus_busy_cycles"] = commandBusBusyCycles(c, t);
    j["avg_read_latency_ns"] = c.readLatency.meanCycles() * nsPerCycle;
    j["p99_read_latency_ns"] = double(c.readLatency.percentileCycles(0.99)) * nsPerCycle;
    j["achieved_bandwidth_gbps"] = c.achievedBytesPerCycle() / nsPerCycle;
    if (withBanks) {
        ordered_json banks = ordered_json::array();
        for (const auto& b : c.banks) banks.push_back(bankJson(b));
        j["banks"] = std::move(banks);
    }
    return j;
}

}  // namespace

uint64_t commandBusBusyCycles(const hw::dram::DramChannelStats& c, const hw::dram::DramTiming& t) {
    const auto& n = c.counts;  // (refreshesPerBank: REFpb commands at the channel level)
    return n.activates * t.tCMD_ACT + (n.reads + n.writes) * t.tCMD_CAS + (n.precharges + c.prechargeAlls) * t.tCMD_PRE +
           (c.refreshes + n.refreshesPerBank) * t.tCMD_REF;
}

ordered_json dramStatsJson(const hw::dram::DramStats& stats, const hw::dram::DramConfig& cfg,
                           const std::string& preset) {
    const double nsPerCycle = cfg.timing.tCK_ps / 1000.0;
    ordered_json j;
    j["preset"] = preset;
    j["peak_bandwidth_gbps"] = cfg.peakBandwidthGBps();
    j["tck_ns"] = nsPerCycle;
    j["totals"] = channelJson(stats.total(), cfg.timing, false);
    ordered_json chans = ordered_json::array();
    for (const auto& c : stats.channels) chans.push_back(channelJson(c, cfg.timing, true));
    j["channels"] = std::move(chans);
    return j;
}

}  // namespace npu::sim
