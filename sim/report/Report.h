// SPDX-License-Identifier: Apache-2.0
// Turns a RunResult into the run's output folder: report.json, layers.csv, summary.txt and
// config.resolved.yaml (docs/report_format.md). Every file is written to a temporary name in the
// folder and renamed once all of them are complete, so a failed run leaves no half-written report.
#pragma once

#include <string>
#include <vector>

#include "hw_models/common/Stats.h"
#include "hw_models/dram/DramController.h"
#include "hw_models/sram/SramBuffer.h"
#include "sim/config/SimConfig.h"
#include "sim/top/RunResult.h"

namespace npu::sim {

struct RunInfo {
    std::string workloadName;
    std::string workloadPath;
    size_t layerCount = 0;
    std::string configPath;   ///< "" for built-in defaults
};

std::string summaryText(const RunInfo& info, const SimConfig& cfg, const RunResult& r);
std::string layersCsv(const RunResult& r);
/// `dram`, `sram`: the memory modules whose statistics fill the "dram" and "sram" sections (nullptr: none).
std::string reportJson(const RunInfo& info, const SimConfig& cfg, const RunResult& r,
                       const std::vector<const hw::StatProviderIf*>& stats, const hw::DramController* dram,
                       const hw::SramBuffer* sram);

/// Writes `files` (name -> content) into `dir` atomically per file, after all temporaries are written.
void writeFilesAtomically(const std::string& dir, const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace npu::sim
