// SPDX-License-Identifier: Apache-2.0
// The `dram` section of report.json, shared by `npusim run` (memory.model = dram) and `npusim dram`.
#pragma once

#include <nlohmann/json.hpp>

#include "hw_models/dram/DramConfig.h"
#include "hw_models/dram/DramStats.h"

namespace npu::sim {

/// Totals, per channel and per bank: requests, bytes, row hits/misses/conflicts, ACT/PRE/PREA/RD/WR/REF,
/// read latency (mean, p99) and achieved bandwidth (docs/report_format.md, "dram").
nlohmann::ordered_json dramStatsJson(const hw::dram::DramStats& stats, const hw::dram::DramConfig& cfg,
                                     const std::string& preset);

/// Command-bus cycles of a channel's (or the total's) commands: ACT x tCMD_ACT + (RD + WR) x tCMD_CAS +
/// (PRE + PREA) x tCMD_PRE + (REF + REFpb) x tCMD_REF.
uint64_t commandBusBusyCycles(const hw::dram::DramChannelStats& c, const hw::dram::DramTiming& t);

}  // namespace npu::sim
