// SPDX-License-Identifier: Apache-2.0
// Hardware presets compiled into the binary from configs/dram/*.yaml (sim/config/EmbedPresets.cmake).
#pragma once

#include <string>
#include <vector>

namespace npu::sim {

struct Preset {
    const char* name;   ///< file name without .yaml, e.g. "lpddr5x-8533"
    const char* yaml;   ///< the file's text
};

const std::vector<Preset>& dramPresets();     ///< configs/dram/*.yaml
const std::vector<Preset>& energyPresets();   ///< configs/energy/*.yaml

}  // namespace npu::sim
