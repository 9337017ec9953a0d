// SPDX-License-Identifier: Apache-2.0
// Models: static totals of a workload, independent of any hardware: parameters, MACs split by kind
// (convolutions, linear layers, attention products) and layer counts per op.
// Ignores: data types and sparsity hints (counts are of elements and multiply-accumulates).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "workloads/Trace.h"

namespace npu::workloads {

struct ModelSummary {
    uint64_t weightParams = 0;    ///< sum of layerWeightParams
    uint64_t macsConv = 0;        ///< conv2d layers
    uint64_t macsLinear = 0;      ///< matmuls whose operand B is a weight
    uint64_t macsAttention = 0;   ///< matmuls whose operand B is an activation (QK^T, P*V)
    uint64_t vectorElements = 0;  ///< output elements of all vector ops
    std::map<std::string, uint64_t> layersByOp;  ///< keyed by opName(): conv2d, matmul, add, ...

    uint64_t macs() const { return macsConv + macsLinear + macsAttention; }
    uint64_t layers() const;
};

ModelSummary summarize(const Workload& w);

/// A few lines for people: parameters, MACs by kind, vector elements, layer counts per op.
std::string formatSummary(const ModelSummary& s);

}  // namespace npu::workloads
