// SPDX-License-Identifier: Apache-2.0
// The whole simulator configuration as plain structs with defaults (the default NPU preset's values).
// sim/config/Schema.cpp lists every field once (YAML key, unit, range, description); loading, --set
// overrides, config.resolved.yaml and the reference table in docs/config.md all come from that list.
#pragma once

#include <string>

#include "hw_models/compute/ArrayConfig.h"
#include "hw_models/dma/DmaEngine.h"
#include "hw_models/dram/DramConfig.h"
#include "hw_models/sram/SramConfig.h"
#include "workloads/Layer.h"

namespace npu::sim {

enum class MemoryModel { Ideal, Dram };
inline const char* memoryModelName(MemoryModel m) { return m == MemoryModel::Ideal ? "ideal" : "dram"; }

struct ClockConfig {
    double freqMhz = 1000.0;   ///< NPU core clock
};

struct MemoryConfig {
    MemoryModel model = MemoryModel::Ideal;
    bool checkDram = false;   ///< verify every DRAM command against every timing constraint
};

struct SimConfig {
    std::string name = "mobile_npu";
    workloads::DType dtype = workloads::DType::Int8;   ///< default element type of layers without one
    ClockConfig clock;
    hw::ArrayConfig array;
    hw::VectorConfig vector;
    MemoryConfig memory;
    hw::SramConfig sram;
    hw::DmaConfig dma;
    std::string dramPreset = "lpddr5x-8533";   ///< configs/dram/<preset>.yaml, the base of `dram:`
    hw::dram::DramConfig dram;                 ///< defaults equal the lpddr5x-8533 preset
};

}  // namespace npu::sim
