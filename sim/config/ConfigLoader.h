// SPDX-License-Identifier: Apache-2.0
// Turns a YAML preset plus --set overrides into a validated SimConfig, and a SimConfig back into YAML.
// The only place (with ConfigLoader.cpp) that includes yaml-cpp. Errors are InputError with
// "file:line: yaml.path: message" or "--set yaml.path: message".
#pragma once

#include <string>
#include <vector>

#include "sim/config/SimConfig.h"

namespace npu::sim {

/// Loads `path` (empty: built-in defaults, which are the default preset configs/mobile_npu.yaml), then
/// applies `overrides` ("a.b.c=value", in order) and validates every field and unknown keys.
SimConfig loadConfig(const std::string& path, const std::vector<std::string>& overrides);

/// Checks the relations between fields that single-field ranges cannot (DRAM timing relations, clock
/// operating points and DFS rules, weight sharing against the dtype); throws InputError naming the YAML path. loadConfig calls it; so
/// does NpuTop, for configurations built in code.
void validateConfig(const SimConfig& cfg);

/// Every field, with its unit as a comment: loading this text reproduces `cfg` exactly.
std::string resolvedConfigYaml(const SimConfig& cfg);

/// Markdown table of every config field: YAML path, unit, default, range or choices, description.
std::string configReferenceMarkdown();

}  // namespace npu::sim
