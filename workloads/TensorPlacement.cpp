// SPDX-License-Identifier: Apache-2.0
#include "workloads/TensorPlacement.h"

#include <algorithm>

#include "hw_models/common/Error.h"

namespace npu::workloads {
namespace {

uint64_t alignUp(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }

/// Element counts of a layer's first and second input.
struct InputElems {
    uint64_t first = 0, second = 0;
};

InputElems inputElems(const Layer& l) {
    if (l.isConv()) {
        const Conv2d& c = l.conv();
        return {c.batch * c.h * c.w * c.cIn, 0};
    }
    if (l.isMatmul()) {
        const Matmul& m = l.matmul();
        return {m.batch * m.m * m.k, m.b == MatmulOperand::Activation ? m.batch * m.k * m.n : 0};
    }
    const VectorOp& v = l.vector();
    switch (v.kind) {
        case VectorKind::Add:
        case VectorKind::Mul: return {v.elements, (v.inputs > 0 ? v.inputs - 1 : 0) * v.elements};
        case VectorKind::Concat: return {v.elements - v.elements / 2, v.elements / 2};  // two halves (unknown split)
        default: return {layerTensorElems(l).input, 0};
    }
}

/// Byte offset of element `e` of a `bits`-wide type (rounded down for int4).
uint64_t at(uint64_t e, uint32_t bits) { return e * bits / 8; }
uint64_t len(uint64_t e, uint32_t bits) { return (e * bits + 7) / 8; }

/// Rows of `cols` elements out of a row-major matrix with row pitch `pitch` (elements): one run if whole rows.
Block matrixBlock(uint64_t base, uint64_t firstElem, uint64_t rows, uint64_t cols, uint64_t pitch, uint32_t bits) {
    if (cols == pitch || rows == 1) {
        const uint64_t b = len(rows * cols, bits);
        return {base + at(firstElem, bits), b, 1, b};
    }
    return {base + at(firstElem, bits), len(cols, bits), rows, at(pitch, bits)};
}

std::vector<Block> convInputBlocks(const TilePlan& p, const LayerPlacement& lp, const TileStep& s) {
    const Conv2d& c = p.conv->conv;
    const ConvInputRegion r = convInputRegion(p, s);
    std::vector<Block> out;
    if (r.elements() == 0) return out;
    const uint32_t bits = p.bits.a;
    struct Range {
        uint64_t pixel, pixels;
    };
    std::vector<Range> ranges;
    if (r.inCols == c.w && r.inRows == c.h) {
        ranges.push_back({r.image0 * c.h * c.w, r.images * c.h * c.w});
    } else if (r.inCols == c.w) {
        for (uint64_t img = r.image0; img < r.image0 + r.images; ++img)
            ranges.push_back({(img * c.h + r.inRow0) * c.w, r.inRows * c.w});
    } else {
        for (uint64_t img = r.image0; img < r.image0 + r.images; ++img)
            for (uint64_t row = r.inRow0; row < r.inRow0 + r.inRows; ++row)
                ranges.push_back({(img * c.h + row) * c.w + r.inCol0, r.inCols});
    }
    if (r.channels == c.cIn) {
        // Equal pieces at a constant pitch (rows of one image, the same rows of several images) fold into
        // one block.
        bool uniform = ranges.size() > 1;
        for (size_t i = 2; uniform && i < ranges.size(); ++i)
            uniform = ranges[i].pixel - ranges[i - 1].pixel == ranges[1].pixel - ranges[0].pixel;
        if (uniform) {
            out.push_back({lp.inputAddr + at(ranges[0].pixel * c.cIn, bits), len(ranges[0].pixels * c.cIn, bits),
                           ranges.size(), at((ranges[1].pixel - ranges[0].pixel) * c.cIn, bits)});
        } else {
            for (const Range& g : ranges) {
                const uint64_t b = len(g.pixels * c.cIn, bits);
                out.push_back({lp.inputAddr + at(g.pixel * c.cIn, bits), b, 1, b});
            }
        }
    } else {
        for (const Range& g : ranges)
            out.push_back({lp.inputAddr + at(g.pixel * c.cIn + r.c0, bits), len(r.channels, bits), g.pixels,
                           at(c.cIn, bits)});
    }
    return out;
}

}  // namespace

TensorPlacement placeTensors(const std::vector<Layer>& layers, const PlacementConfig& cfg) {
    const uint64_t a = cfg.alignmentBytes;
    if (a == 0 || (a & (a - 1)) != 0)
        throw inputError("tensor placement", "alignment must be a power of two, got " + std::to_string(a));
    if (cfg.ringSlots < 3)
        throw inputError("tensor placement", "ring slots must be at least 3 (input, second input, output), got " +
                                                 std::to_string(cfg.ringSlots));
    TensorPlacement tp;
    tp.ringSlots = cfg.ringSlots;
    tp.layers.resize(layers.size());
    uint64_t cursor = 0;
    for (size_t i = 0; i < layers.size(); ++i) {
        const Layer& l = layers[i];
        const DType dt = l.hints.dtype.value_or(cfg.defaultDtype);
        LayerPlacement& p = tp.layers[i];
        const InputElems in = inputElems(l);
        p.inputBytes = dtypeBytes(dt, in.first);
        p.input2Bytes = dtypeBytes(dt, in.second);
        p.outputBytes = dtypeBytes(dt, layerTensorElems(l).output);
        p.weightBytes = dtypeBytes(dt, layerWeightParams(l));
        if (p.weightBytes > 0) {
            p.weightAddr = cursor;
            p.packedWeights = cfg.packedWeights;
            cursor = alignUp(cursor + p.weightBytes, a);
        }
        tp.slotBytes = std::max({tp.slotBytes, p.inputBytes, p.input2Bytes, p.outputBytes});
    }
    tp.weightRegionBytes = cursor;
    tp.activationBase = cursor;
    tp.slotBytes = alignUp(std::max<uint64_t>(tp.slotBytes, 1), a);
    const uint64_t ring = cfg.ringSlots;
    auto slot = [&](uint64_t s) { return tp.activationBase + (s % ring) * tp.slotBytes; };
    for (size_t i = 0; i < layers.size(); ++i) {
        LayerPlacement& p = tp.layers[i];
        p.inputAddr = slot(i);
        p.outputAddr = slot(i + 1);
        if (p.input2Bytes > 0) p.input2Addr = slot(i + ring - 1);
    }
    tp.endAddr = tp.activationBase + ring * tp.slotBytes;
    return tp;
}

std::vector<Block> tileBlocks(const TilePlan& p, const LayerPlacement& lp, const TileStep& s, Operand operand) {
    const GemmShape& g = p.gemm;
    switch (operand) {
        case Operand::A:
            if (p.conv) return convInputBlocks(p, lp, s);
            return {matrixBlock(lp.inputAddr, s.repeat * g.m * g.k + s.m0 * g.k + s.k0, s.mt, s.kt, g.k, p.bits.a)};
        case Operand::B: {
            // Conv weights: one [k x n] matrix per group; a linear layer's weights are shared by its repeats;
            // an activation B (attention) is one matrix per repeat at the second input.
            const bool shared = !p.conv && p.bIsWeight;
            const uint64_t base = p.bIsWeight ? lp.weightAddr : lp.input2Addr;
            if (p.bIsWeight && lp.packedWeights) {
                // Tile (k0 / kt, n0 / nt) of the matrix: the k-tile rows before it hold kt x n elements each,
                // the tiles before it in its k-tile row hold this row's kt (s.kt) x nt each.
                const uint64_t first = (shared ? 0 : s.repeat * g.k * g.n) + s.k0 * g.n + s.n0 * s.kt;
                const uint64_t bytes = len(s.kt * s.nt, p.bits.b);
                return {{base + at(first, p.bits.b), bytes, 1, bytes}};
            }
            const uint64_t first = (shared ? 0 : s.repeat * g.k * g.n) + s.k0 * g.n + s.n0;
            return {matrixBlock(base, first, s.kt, s.nt, g.n, p.bits.b)};
        }
        case Operand::C:
            if (p.conv) {
                const uint64_t cOut = p.conv->conv.cOut;
                return {matrixBlock(lp.outputAddr, s.m0 * cOut + s.repeat * g.n + s.n0, s.mt, s.nt, cOut, p.bits.c)};
            }
            return {matrixBlock(lp.outputAddr, s.repeat * g.m * g.n + s.m0 * g.n + s.n0, s.mt, s.nt, g.n, p.bits.c)};
    }
    return {};
}

}  // namespace npu::workloads
