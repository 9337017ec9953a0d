// SPDX-License-Identifier: Apache-2.0
// What a simulation produced, per layer, before any report is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/Layer.h"

namespace npu::sim {

struct LayerResult {
    uint64_t index = 0;
    std::string name;
    std::string op;              ///< conv2d, matmul, or the vector kind
    std::string unit;            ///< "array" or "vector": the unit that executed it
    workloads::DType dtype = workloads::DType::Int8;
    uint64_t macs = 0;
    uint64_t folds = 0;          ///< array folds (0 for vector ops)
    uint64_t computeCycles = 0;  ///< cycles the executing unit was busy
    uint64_t cycles = 0;         ///< layer start to end, core clock cycles
    uint64_t stallCycles = 0;    ///< cycles - computeCycles: the unit waiting for data
    double timeS = 0.0;
    double utilization = 0.0;    ///< macs / (R x C x cycles)
    uint64_t weightParams = 0;
    uint64_t weightBytes = 0, inputBytes = 0, outputBytes = 0;  ///< tensor footprints at `dtype`
};

struct RunResult {
    std::vector<LayerResult> layers;
    uint64_t cycles = 0;   ///< core clock cycles of the whole run
    double timeS = 0.0;
};

}  // namespace npu::sim
