// SPDX-License-Identifier: Apache-2.0
// Models: reading and writing layer traces: the native line format (docs/trace_format.md) and
// SCALE-Sim topology CSV files (conv and GEMM flavours), read unchanged.
// Ignores: nothing of the formats' content; SCALE-Sim's optional per-layer sparsity columns are rejected.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "workloads/Layer.h"

namespace npu::workloads {

struct Workload {
    std::string name;            ///< from the file name (stem) or the generator
    std::vector<Layer> layers;
    std::string source;          ///< the file the layers were read from ("" when generated)
};

/// Where a layer came from, for messages: "<source>:<line>" ("" for a generated layer).
std::string layerSource(const Workload& w, const Layer& l);

/// "" if the layer is within the size limits (docs/trace_format.md, "Size limits"), else what passes them
/// (e.g. "output tensor too large: ..."). The trace readers and the SD2 generator check every layer.
std::string layerSizeProblem(const Layer& l);
/// Native trace: one layer per line, `op key=value ...`. Throws InputError naming `label:line`, also for a
/// layer over the size limits (docs/trace_format.md, "Size limits").
Workload readNativeTrace(std::istream& in, const std::string& label);
/// SCALE-Sim topology CSV (header + rows, trailing commas optional). Throws InputError naming `label:line`,
/// also for a layer over the size limits.
Workload readScaleSimCsv(std::istream& in, const std::string& label);
/// Reads a trace file: `.csv` (any case) is SCALE-Sim, anything else the native format. A leading UTF-8
/// byte-order mark is skipped in either.
Workload loadWorkload(const std::string& path);

/// Writes the native format; readNativeTrace(writeNativeTrace(w)) reproduces w's layers exactly.
void writeNativeTrace(std::ostream& out, const Workload& w);
/// One layer as a native trace line (no newline).
std::string formatTraceLine(const Layer& l);

}  // namespace npu::workloads
