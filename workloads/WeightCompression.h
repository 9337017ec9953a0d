// SPDX-License-Identifier: Apache-2.0
// Models: how a layer's weights are stored: pruned (a density of non-zero weights, kept in a compressed
// format whose metadata costs bits), and/or shared (k-bit indices into a per-layer codebook of 2^k
// values at the layer's dtype). Gives the effective bytes the weights occupy and move.
// Ignores: bias and norm parameters (stored dense), alignment padding of compressed rows.
#pragma once

#include <cstdint>
#include <string>

#include "workloads/Layer.h"

namespace npu::workloads {

struct WeightCompression {
    double weightDensity = 1.0;        ///< default fraction of non-zero weights for layers without a hint
    std::string sparseFormat = "bitmap";   ///< none (stored dense) | bitmap (1 bit per weight) | csr (an index per non-zero)
    uint32_t csrIndexBits = 8;         ///< csr: bits of each non-zero's column index
    uint32_t sharingBits = 0;          ///< 0: no sharing; k: 2^k-entry codebook, k-bit indices
};

struct WeightStorage {
    double density = 1.0;              ///< this layer's non-zero fraction
    double bitsPerWeight = 0.0;        ///< stored bits per weight, metadata included
    uint64_t denseBytes = 0;           ///< weights at the dtype, uncompressed
    uint64_t effectiveBytes = 0;       ///< as stored: compressed weights + metadata + codebook
    double ratio() const { return denseBytes ? double(effectiveBytes) / double(denseBytes) : 1.0; }
};

/// The storage of a conv/matmul layer's weights (vector ops and activation operands: dense).
WeightStorage weightStorage(const Layer& l, DType dtype, const WeightCompression& c);

}  // namespace npu::workloads
