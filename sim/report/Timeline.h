// SPDX-License-Identifier: Apache-2.0
// Models: a run's timeline in the Chrome / Perfetto trace-event JSON format (opens in ui.perfetto.dev or
// chrome://tracing): a layer track, one track per unit (array, vector unit, DMA loads, DMA stores) with a
// span per tile step, and counter tracks for the core frequency, power and DRAM bandwidth per layer.
// Ignores: per-DRAM-channel spans (the DRAM engine runs ahead of SystemC time; see docs/user_guide.md).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sim/top/RunResult.h"

namespace npu::sim {

class TimelineRecorder {
public:
    enum Track : int { Layers = 1, Array = 2, Vector = 3, DmaLoad = 4, DmaStore = 5 };

    /// A complete span [startS, endS] on a track, with arguments.
    void span(Track track, const std::string& name, double startS, double endS, nlohmann::json args = {});
    /// The whole trace: metadata naming the tracks, every span, and counters derived from `run`.
    std::string json(const RunResult& run) const;

private:
    nlohmann::json events_ = nlohmann::json::array();
};

}  // namespace npu::sim
