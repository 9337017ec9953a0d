// SPDX-License-Identifier: Apache-2.0
// Models: DRAM byte addresses of every layer's tensors: weights packed from address 0, activations in a ring of
// slots after them (layer i reads layer i-1's output in place); tile operands as strided blocks of byte runs.
// Ignores: the real dataflow graph (second inputs are assumed to be layer i-2's output), liveness of skip
// tensors beyond the ring, bias vectors in tile blocks. See docs/tiling.md.
#pragma once

#include <cstdint>
#include <vector>

#include "workloads/Layer.h"
#include "workloads/Tiler.h"

namespace npu::workloads {

struct PlacementConfig {
    uint64_t alignmentBytes = 4096;   ///< every tensor and the activation region start at a multiple (power of two)
    uint32_t ringSlots = 4;           ///< activation slots, at least 3 (input, second input, output)
    DType defaultDtype = DType::Int8; ///< for layers without a dtype hint
    /// true: GEMM weights are pre-packed tile by tile in the order the tiler reads them (as an NPU compiler
    /// lays them out offline), so every weight tile is one contiguous run; false: row-major [k x n].
    bool packedWeights = true;
};

/// Byte addresses and sizes of one layer's tensors (size 0 and address 0 for a tensor the layer lacks).
struct LayerPlacement {
    uint64_t weightAddr = 0, weightBytes = 0;   ///< parameters (+ bias), norm affine, embedding table
    uint64_t inputAddr = 0, inputBytes = 0;     ///< first input: conv input, matmul A, vector input
    uint64_t input2Addr = 0, input2Bytes = 0;   ///< add/mul second inputs, concat's second half, attention's B
    uint64_t outputAddr = 0, outputBytes = 0;
    bool packedWeights = false;                 ///< weights pre-packed per tile (PlacementConfig::packedWeights)
};

struct TensorPlacement {
    std::vector<LayerPlacement> layers;   ///< one per layer, same order
    uint64_t weightRegionBytes = 0;       ///< weights occupy [0, weightRegionBytes) (aligned end)
    uint64_t activationBase = 0;          ///< first slot of the ring (== weightRegionBytes)
    uint64_t slotBytes = 0;               ///< aligned size of the largest activation tensor
    uint32_t ringSlots = 0;
    uint64_t endAddr = 0;                 ///< first byte after the ring
};

/// Places every tensor: weights back to back from 0 (each aligned); layer i's input at ring slot i mod R,
/// its output at slot (i+1) mod R (so it is layer i+1's input), its second input at slot (i-1) mod R (layer
/// i-2's output). Throws InputError if the alignment is not a power of two or ringSlots < 3.
TensorPlacement placeTensors(const std::vector<Layer>& layers, const PlacementConfig& cfg = {});

/// A contiguous byte range in DRAM.
struct Run {
    uint64_t addr = 0, bytes = 0;
};

/// `runs` runs of `runBytes` bytes, the i-th starting at base + i x strideBytes (strideBytes == runBytes
/// when runs == 1).
struct Block {
    uint64_t base = 0, runBytes = 0, runs = 0, strideBytes = 0;
    uint64_t bytes() const { return runBytes * runs; }
    Run run(uint64_t i) const { return {base + i * strideBytes, runBytes}; }
};

template <class F>
void forEachRun(const Block& b, F&& f) {
    for (uint64_t i = 0; i < b.runs; ++i) f(b.run(i));
}

enum class Operand { A, B, C };

/// The DRAM blocks of one operand tile of `step` (docs/tiling.md): A [m x k] rows of k (conv: the NHWC input
/// region of the tile, runs of W x cIn elements, or W runs of ct elements with stride cIn per row when the
/// tile has ct < cIn channels); B [k x n] (conv weights per group, im2col k order (c, kh, kw)): with packed
/// weights one contiguous run per tile (tiles stored k-tile-major, then n tile, each tile row-major), else
/// row-major rows of nt; an activation B is always row-major; C [m x n] (conv: NHWC output, rows of cOut). Usually one block; a conv tile spanning
/// clipped rows of several images, or pieces of rows, gives one block per image or per row. Block bytes
/// sum to stepBytesA/B/C for whole-byte types (int4 addresses round down to a byte).
std::vector<Block> tileBlocks(const TilePlan& plan, const LayerPlacement& placement, const TileStep& step,
                              Operand operand);

}  // namespace npu::workloads
