// SPDX-License-Identifier: Apache-2.0
// Models: the SD2 inpainting call as stages in one simulation: text encoder (prompt and negative
// prompt), VAE encoder once, `steps` UNet steps, VAE decoder once, sharing one DRAM address space (the
// UNet's weights are read again by every step; DRAM state carries from stage to stage).
// Identical UNet steps are simulated once and scaled when provably identical (memory.model = ideal:
// nothing carries from step to step); with the DRAM model a cold and a warm step are simulated and the
// warm one is scaled, unless every step is asked for.
// Ignores: the scheduler's arithmetic between steps and the guidance combine (not in the model traces).
#pragma once

#include <string>
#include <vector>

#include "sim/config/SimConfig.h"
#include "sim/top/RunResult.h"
#include "sim/top/Sequencer.h"
#include "workloads/Trace.h"

namespace npu::sim {

struct PipelinePlan {
    workloads::Workload workload;   ///< every model's layers once, names prefixed "<stage>/"
    Schedule schedule;              ///< stage ranges in order, the UNet range `simulatedSteps` times
    uint32_t steps = 0, simulatedSteps = 0;
    std::string scaling;            ///< how unsimulated steps are accounted for, in words
};

PipelinePlan planPipeline(const SimConfig& cfg, bool everyStep);

struct StageResult {
    std::string name;
    uint32_t instances = 0, simulated = 0;
    uint64_t cycles = 0;       ///< all instances (simulated + scaled)
    uint64_t macs = 0;         ///< all instances
    double energyJ = 0.0;      ///< all instances
    double timeS = 0.0;        ///< all instances
    double timePerInstanceS = 0.0;   ///< the last simulated instance (the warm one)
};

struct UsecaseResult {
    double secondsPerGeneratedFrame = 0.0;
    double generatedFps = 0.0;        ///< 1 / secondsPerGeneratedFrame
    double achievableVideoFps = 0.0;  ///< inpaint_every / (T_gen + (inpaint_every - 1) x T_other)
    bool realTime = false;            ///< achievableVideoFps >= fps_video
    double energyPerGeneratedFrameJ = 0.0;
    double avgPowerW = 0.0;           ///< over inpaint_every frames: (E_gen + (K-1) E_other) / (T_gen + (K-1) T_other)
    double videoFpsPerW = 0.0;        ///< video frames per joule: K / (E_gen + (K-1) E_other)
    double batteryHours = 0.0;        ///< battery_wh / avgPowerW, the NPU alone drawing from the battery
};

struct PipelineResult {
    std::vector<StageResult> stages;
    uint64_t cycles = 0, macs = 0;
    double timeS = 0.0, energyJ = 0.0;
    UsecaseResult usecase;
};

/// Folds the simulated segments into stages (scaling unsimulated UNet steps) and derives the use case.
PipelineResult summarizePipeline(const PipelinePlan& plan, const RunResult& run, const UsecaseConfig& u);

}  // namespace npu::sim
