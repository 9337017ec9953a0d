// SPDX-License-Identifier: Apache-2.0
#include "sim/cli/Progress.h"

#include <unistd.h>

#include <cstdio>

namespace npu::sim {

ProgressLine::ProgressLine(size_t totalLayers, bool enabled)
    : total_(totalLayers), active_(enabled && isatty(STDERR_FILENO)), start_(std::chrono::steady_clock::now()),
      lastDraw_(start_) {}

ProgressLine::~ProgressLine() {
    if (drawn_) std::fprintf(stderr, "\r\033[K");
}

void ProgressLine::update(size_t layersDone, double simulatedS) {
    if (!active_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - lastDraw_ < std::chrono::milliseconds(250) && layersDone < total_) return;
    lastDraw_ = now;
    const double wall = std::chrono::duration<double>(now - start_).count();
    const double eta = layersDone ? wall * double(total_ - layersDone) / double(layersDone) : 0.0;
    std::fprintf(stderr, "\r\033[K[npusim] layer %zu/%zu  simulated %.3f ms  wall %.1f s  ETA %.1f s", layersDone,
                 total_, simulatedS * 1e3, wall, eta);
    std::fflush(stderr);
    drawn_ = true;
}

}  // namespace npu::sim
