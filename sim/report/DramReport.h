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

}  // namespace npu::sim
