// SPDX-License-Identifier: Apache-2.0
// Models: a run's timeline in the Chrome / Perfetto trace-event JSON format (opens in ui.perfetto.dev or
// chrome://tracing): a layer track, one track per unit (array, vector unit, DMA loads, DMA stores) with a
// span per tile step, with the memory path one track per DRAM channel (a span per DMA batch: the channel's
// commands for that batch, at their DRAM-clock times), and counter tracks for the core frequency, power and
// DRAM bandwidth per layer.
// Ignores: individual DRAM commands (the per-channel spans count them; the --vcd waveform shows each).
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "sim/top/RunResult.h"

namespace npu::sim {

class TimelineRecorder {
public:
    enum Track : int { Layers = 1, Array = 2, Vector = 3, DmaLoad = 4, DmaStore = 5, DramChannel0 = 6 };
    /// The track of DRAM channel `c` (named "DRAM ch<c>"; setDramChannels says how many there are).
    static Track dramChannel(uint32_t c) { return Track(DramChannel0 + int(c)); }
    void setDramChannels(uint32_t n) { dramChannels_ = n; }

    /// A complete span [startS, endS] on a track, with arguments.
    void span(Track track, const std::string& name, double startS, double endS, nlohmann::json args = {});
    /// The whole trace: metadata naming the tracks, every span, and counters derived from `run`.
    std::string json(const RunResult& run) const;

private:
    // The spans, each serialized when recorded and separated by commas: a UNet step's 100 k+ spans as
    // JSON objects took about 230 MB and 0.5 s to build; as text they take what the file takes.
    std::string events_;
    uint32_t dramChannels_ = 0;
};

}  // namespace npu::sim
