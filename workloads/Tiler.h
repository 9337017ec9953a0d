// SPDX-License-Identifier: Apache-2.0
// Models: DRAM-aware tiling of a conv/matmul GEMM into (mt, nt, kt) tiles and a loop order over the three
// tile loops, for double-buffered A/B/C SRAM buffers; DRAM traffic by the reuse rule (docs/tiling.md), with
// conv inputs fetched as feature-map regions (on-chip im2col), not as an im2col matrix.
// Ignores: bias traffic; accumulator width (partial sums spill at C's precision); reuse across repeats.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "workloads/Layer.h"

namespace npu::workloads {

/// Which GEMM dimensions the array spreads over its PE rows/columns (same order as hw::Dataflow, so a
/// static_cast converts): os: m->rows, n->cols; ws: k->rows, n->cols; is: k->rows, m->cols.
enum class GemmDataflow { OutputStationary, WeightStationary, InputStationary };

struct TilerConfig {
    uint64_t bufferABytes = 1ull << 20;   ///< input (A) buffer; a tile may use half (double buffering)
    uint64_t bufferBBytes = 2ull << 20;   ///< weight (B) buffer
    uint64_t bufferCBytes = 1ull << 20;   ///< output (C) buffer, also holds partial sums
    uint32_t arrayRows = 128;
    uint32_t arrayCols = 128;
    GemmDataflow dataflow = GemmDataflow::OutputStationary;
};

/// Bits per element of each operand (int4 = 4). Bytes of n elements are ceil(n x bits / 8).
struct OperandBits {
    uint32_t a = 8, b = 8, c = 8;
};
OperandBits operandBits(DType t);                                  ///< the same type for A, B and C
OperandBits layerOperandBits(const Layer& l, DType defaultDtype);  ///< the layer's hint, else the default

/// How a conv's m and k tiles map onto the feature map (present only for conv layers).
/// An m tile is `imagesPerTile` whole images, or `rowsPerTile` whole output rows of one image, or
/// `colsPerTile` output pixels of one output row; a k tile is kernelH x kernelW x `channelsPerTile`
/// input channels (im2col k ordered channel-major: (c, kh, kw), so a channel chunk is contiguous in k).
struct ConvTiling {
    Conv2d conv;
    uint64_t imagesPerTile = 1, rowsPerTile = 1, colsPerTile = 1, channelsPerTile = 1;
};

struct TilePlan {
    std::string layerName;
    GemmShape gemm;
    uint64_t mt = 0, nt = 0, kt = 0;               ///< largest tile (edge tiles are smaller)
    std::array<char, 3> order{'m', 'n', 'k'};      ///< tile loops, outer -> inner
    uint64_t steps = 0;                            ///< repeats x trips(m) x trips(n) x trips(k)
    uint64_t dramReadBytesA = 0, dramReadBytesB = 0, dramReadBytesC = 0, dramWriteBytesC = 0;
    uint64_t tileBytesA = 0, tileBytesB = 0, tileBytesC = 0;  ///< largest tile of each operand (SRAM)
    OperandBits bits;
    bool bIsWeight = true;                         ///< B is a parameter (conv, linear), else an activation
    std::optional<ConvTiling> conv;                ///< set for conv layers

    uint64_t dramBytes() const { return dramReadBytesA + dramReadBytesB + dramReadBytesC + dramWriteBytesC; }
    uint64_t tripsM() const;
    uint64_t tripsN() const { return (gemm.n + nt - 1) / nt; }
    uint64_t tripsK() const { return (gemm.k + kt - 1) / kt; }
    /// e.g. "nmk 512x256x1152" (order outer->inner, then mt x nt x kt).
    std::string describe() const;
};

/// Plans `g` (which must be lowerToGemm(layer) for a conv; for a matmul any shape) for `cfg`: the tile and
/// loop order of least DRAM bytes whose tiles fit half of each buffer; ties go to fewer steps, then to the
/// first order of mnk, mkn, nmk, nkm, kmn, knm. Throws InputError naming the layer if no tile fits.
TilePlan planGemm(const Layer& layer, const GemmShape& g, const TilerConfig& cfg, const OperandBits& bits);
TilePlan planGemm(const Layer& layer, const TilerConfig& cfg, const OperandBits& bits);  ///< g = lowerToGemm

/// A given tiling and loop order (mt/nt/kt are capped at the GEMM's extents). For a conv, mt is whole
/// images (a multiple of outH x outW), whole output rows (a multiple of outW) or a piece of one row (< outW),
/// and kt whole kernel windows (a multiple of kernelH x kernelW).
struct TileChoice {
    uint64_t mt = 0, nt = 0, kt = 0;
    std::array<char, 3> order{'m', 'n', 'k'};
};
/// The plan for a given tiling, with its traffic by the same rule; the buffers are not checked (tileBytes
/// say what the tiles need). Throws InputError for a tiling the rules above do not allow.
TilePlan planFixed(const Layer& layer, const GemmShape& g, const TileChoice& t, const OperandBits& bits);

/// One tile step. Flags say which operand tiles move between DRAM and SRAM before (load) or after
/// (store) this step's compute; loadC brings back a spilled partial sum.
struct TileStep {
    uint64_t repeat = 0, m0 = 0, n0 = 0, k0 = 0, mt = 0, nt = 0, kt = 0;
    bool loadA = false, loadB = false, loadC = false, storeC = false;
};

struct TileRange {
    uint64_t offset = 0, size = 0;
};
/// The i-th m tile (GEMM rows): conv tiles follow image/row/column boundaries.
TileRange mTileRange(const TilePlan& p, uint64_t i);

/// Bytes moved when this step's A/B/C tile is loaded (C: loaded or stored). For a conv, A's bytes are the
/// input feature-map rows the tile reads (docs/tiling.md). Summed over the flagged steps they equal the
/// plan's DRAM totals exactly.
uint64_t stepBytesA(const TilePlan& p, const TileStep& s);
uint64_t stepBytesB(const TilePlan& p, const TileStep& s);
uint64_t stepBytesC(const TilePlan& p, const TileStep& s);

/// Conv A tile as a feature-map region: images [image0, image0+images), input rows [inRow0, inRow0+inRows)
/// and input columns [inCol0, inCol0+inCols) (clipped to the unpadded input), input channels
/// [c0, c0+channels) (c0 counts from channel 0 of the tensor: group x cIn/groups + chunk start).
/// Whole output rows read whole input rows. Precondition: p.conv is set.
struct ConvInputRegion {
    uint64_t image0 = 0, images = 0, inRow0 = 0, inRows = 0, inCol0 = 0, inCols = 0, c0 = 0, channels = 0;
    uint64_t elements() const { return images * inRows * inCols * channels; }
};
ConvInputRegion convInputRegion(const TilePlan& p, const TileStep& s);

/// Visits every step in loop order (repeats outermost, then order[0..2]); loads/stores by the reuse rule:
/// an operand tile is loaded when its tile index differs from the previous step's (or a repeat starts),
/// C is stored when it leaves the array for good or spills, and reloaded when a spilled tile resumes.
template <class F>
void forEachStep(const TilePlan& p, F&& f) {
    const uint64_t trips[3] = {p.tripsM(), p.tripsN(), p.tripsK()};
    auto dimOf = [](char c) { return c == 'm' ? 0 : c == 'n' ? 1 : 2; };
    const int d0 = dimOf(p.order[0]), d1 = dimOf(p.order[1]), d2 = dimOf(p.order[2]);
    const uint64_t lastK = trips[2] - 1;
    // C spills when the k loop (with more than one trip) is outside C's innermost indexing loop;
    // then every step ends a C visit. Otherwise a visit ends at the last k tile.
    bool kOutsideC = false;
    if (trips[2] > 1) {
        int posK = 0, innerC = -1;
        for (int pos = 0; pos < 3; ++pos) {
            const int d = dimOf(p.order[pos]);
            if (d == 2) posK = pos;
            else if (trips[d] > 1) innerC = pos;
        }
        kOutsideC = innerC > posK;
    }
    TileStep s;
    uint64_t idx[3] = {0, 0, 0};
    uint64_t prev[3] = {0, 0, 0};
    for (uint64_t r = 0; r < p.gemm.repeats; ++r) {
        bool first = true;
        for (idx[d0] = 0; idx[d0] < trips[d0]; ++idx[d0]) {
            for (idx[d1] = 0; idx[d1] < trips[d1]; ++idx[d1]) {
                for (idx[d2] = 0; idx[d2] < trips[d2]; ++idx[d2]) {
                    const TileRange mr = mTileRange(p, idx[0]);
                    s.repeat = r;
                    s.m0 = mr.offset;
                    s.mt = mr.size;
                    s.n0 = idx[1] * p.nt;
                    s.nt = std::min(p.nt, p.gemm.n - s.n0);
                    s.k0 = idx[2] * p.kt;
                    s.kt = std::min(p.kt, p.gemm.k - s.k0);
                    s.loadA = first || idx[0] != prev[0] || idx[2] != prev[2];
                    s.loadB = first || idx[1] != prev[1] || idx[2] != prev[2];
                    const bool newC = first || idx[0] != prev[0] || idx[1] != prev[1];
                    s.loadC = newC && idx[2] > 0;
                    s.storeC = kOutsideC || idx[2] == lastK;
                    f(static_cast<const TileStep&>(s));
                    prev[0] = idx[0];
                    prev[1] = idx[1];
                    prev[2] = idx[2];
                    first = false;
                }
            }
        }
    }
}

/// Vector ops are not tiled: they stream their inputs (and parameters) once and write their output once.
uint64_t vectorReadBytes(const Layer& l, DType defaultDtype);
uint64_t vectorWriteBytes(const Layer& l, DType defaultDtype);

}  // namespace npu::workloads
