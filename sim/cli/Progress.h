// SPDX-License-Identifier: Apache-2.0
// A progress line on stderr for long runs: layers done / total, simulated time, wall time and ETA,
// redrawn at most four times a second, only when stderr is a terminal. The wall clock is read here for
// display only; nothing it measures reaches a report.
#pragma once

#include <chrono>
#include <cstddef>

namespace npu::sim {

class ProgressLine {
public:
    /// `enabled`: false silences it (--quiet); it is also silent when stderr is not a terminal.
    ProgressLine(size_t totalLayers, bool enabled);
    ~ProgressLine();   // clears the line
    void update(size_t layersDone, double simulatedS);

private:
    size_t total_;
    bool active_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, lastDraw_;
};

}  // namespace npu::sim
