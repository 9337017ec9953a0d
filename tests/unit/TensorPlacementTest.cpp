// SPDX-License-Identifier: Apache-2.0
// Tensor placement: weights packed and aligned from 0, the activation ring (layer i's output is layer i+1's
// input, second inputs at layer i-2's output), error paths, and tile blocks worked out by hand (they cover
// exactly the bytes the tiler says each step moves, inside the tensor's range).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "hw_models/common/Error.h"
#include "tests/support/ErrorOf.h"
#include "workloads/TensorPlacement.h"
#include "workloads/Trace.h"

using namespace npu::workloads;
using npu::test::errorOf;

namespace {

Layer conv(const std::string& name, uint64_t batch, uint64_t h, uint64_t w, uint64_t cIn, uint64_t cOut,
           uint64_t kernel, uint64_t pad, uint64_t groups = 1) {
    Conv2d c;
    c.batch = batch, c.h = h, c.w = w, c.cIn = cIn, c.cOut = cOut, c.kernelH = c.kernelW = kernel;
    c.padH = c.padW = pad, c.groups = groups, c.bias = true;
    return Layer{name, c, {}, 0};
}

Layer matmul(const std::string& name, uint64_t batch, uint64_t m, uint64_t n, uint64_t k, MatmulOperand b) {
    Matmul mm;
    mm.batch = batch, mm.m = m, mm.n = n, mm.k = k, mm.b = b;
    return Layer{name, mm, {}, 0};
}

Layer vec(const std::string& name, VectorKind kind, uint64_t elements, uint64_t channels = 0) {
    VectorOp v;
    v.kind = kind, v.elements = elements, v.inputs = defaultVectorInputs(kind), v.channels = channels;
    if (kind == VectorKind::GroupNorm) v.groups = 2;
    return Layer{name, v, {}, 0};
}

std::vector<Layer> smallNet() {
    return {conv("conv_in", 1, 8, 8, 4, 16, 3, 1),             // weights 16*4*9 + 16 = 592
            vec("norm", VectorKind::GroupNorm, 1024, 16),      // weights 32
            vec("act", VectorKind::Silu, 1024),
            conv("conv", 1, 8, 8, 16, 16, 3, 1),               // weights 2320
            vec("skip", VectorKind::Add, 1024),
            matmul("q", 1, 64, 16, 16, MatmulOperand::Weight),  // weights 256
            matmul("qk", 2, 64, 64, 8, MatmulOperand::Activation),
            vec("cat", VectorKind::Concat, 2048)};
}

std::string sourceDir() {
    if (const char* env = std::getenv("NPUSIM_SOURCE_DIR")) return env;
    return NPUSIM_TEST_SOURCE_DIR;
}

uint64_t sumBytes(const std::vector<Block>& bs) {
    uint64_t s = 0;
    for (const Block& b : bs) s += b.bytes();
    return s;
}

/// Every run of every block lies in [lo, lo + bytes).
void expectInside(const std::vector<Block>& bs, uint64_t lo, uint64_t bytes, const std::string& what) {
    for (const Block& b : bs) {
        ASSERT_GT(b.runs, 0u) << what;
        EXPECT_GE(b.base, lo) << what;
        EXPECT_LE(b.run(b.runs - 1).addr + b.runBytes, lo + bytes) << what;
        if (b.runs > 1) {
            EXPECT_GE(b.strideBytes, b.runBytes) << what;  // runs do not overlap
        }
    }
}

}  // namespace

TEST(TensorPlacement, WeightsPackedAndAligned) {
    const std::vector<Layer> net = smallNet();
    const TensorPlacement tp = placeTensors(net);
    EXPECT_EQ(tp.layers[0].weightAddr, 0u);
    EXPECT_EQ(tp.layers[0].weightBytes, 592u);
    EXPECT_EQ(tp.layers[1].weightAddr, 4096u);
    EXPECT_EQ(tp.layers[1].weightBytes, 32u);
    EXPECT_EQ(tp.layers[2].weightBytes, 0u);                   // silu: no weights
    EXPECT_EQ(tp.layers[3].weightAddr, 8192u);
    EXPECT_EQ(tp.layers[3].weightBytes, 2320u);
    EXPECT_EQ(tp.layers[5].weightAddr, 12288u);
    EXPECT_EQ(tp.layers[6].weightBytes, 0u);                   // attention: both operands are activations
    EXPECT_EQ(tp.weightRegionBytes, 16384u);
    EXPECT_EQ(tp.activationBase, 16384u);
    uint64_t end = 0;
    for (const LayerPlacement& p : tp.layers) {
        if (p.weightBytes == 0) continue;
        EXPECT_EQ(p.weightAddr % 4096, 0u);
        EXPECT_GE(p.weightAddr, end);                          // in order, no overlap
        end = p.weightAddr + p.weightBytes;
    }
    EXPECT_LE(end, tp.activationBase);
}

TEST(TensorPlacement, ActivationRing) {
    const std::vector<Layer> net = smallNet();
    PlacementConfig cfg;
    cfg.alignmentBytes = 256;
    const TensorPlacement tp = placeTensors(net, cfg);
    // The largest activation: qk's output 2 x 64 x 64 = 8192 bytes (int8).
    EXPECT_EQ(tp.slotBytes, 8192u);
    EXPECT_EQ(tp.ringSlots, 4u);
    EXPECT_EQ(tp.endAddr, tp.activationBase + 4 * 8192);
    EXPECT_EQ(tp.activationBase % 256, 0u);
    for (size_t i = 0; i < net.size(); ++i) {
        const LayerPlacement& p = tp.layers[i];
        EXPECT_EQ(p.inputAddr, tp.activationBase + (i % 4) * tp.slotBytes) << i;
        EXPECT_EQ(p.outputAddr, tp.activationBase + ((i + 1) % 4) * tp.slotBytes) << i;
        if (i + 1 < net.size()) {
            EXPECT_EQ(p.outputAddr, tp.layers[i + 1].inputAddr) << i;
        }
        EXPECT_NE(p.inputAddr, p.outputAddr);
        EXPECT_LE(p.outputBytes, tp.slotBytes);
        EXPECT_GE(p.inputAddr, tp.weightRegionBytes);
    }
    // Second inputs sit at layer i-2's output: the skip add (4), attention's B (6), concat (7).
    EXPECT_EQ(tp.layers[4].input2Addr, tp.layers[2].outputAddr);
    EXPECT_EQ(tp.layers[4].input2Bytes, 1024u);
    EXPECT_EQ(tp.layers[6].input2Addr, tp.layers[4].outputAddr);
    EXPECT_EQ(tp.layers[6].inputBytes, 2u * 64 * 8);
    EXPECT_EQ(tp.layers[6].input2Bytes, 2u * 8 * 64);
    EXPECT_EQ(tp.layers[7].inputBytes + tp.layers[7].input2Bytes, 2048u);
    EXPECT_EQ(tp.layers[2].input2Bytes, 0u);
    EXPECT_EQ(tp.layers[2].input2Addr, 0u);
    for (const LayerPlacement& p : tp.layers) {
        if (p.input2Bytes == 0) continue;
        EXPECT_NE(p.input2Addr, p.inputAddr);
        EXPECT_NE(p.input2Addr, p.outputAddr);
    }
}

TEST(TensorPlacement, DtypeHintsAndDefault) {
    std::vector<Layer> net = smallNet();
    net[3].hints.dtype = DType::Fp16;
    PlacementConfig cfg;
    cfg.defaultDtype = DType::Int4;
    const TensorPlacement tp = placeTensors(net, cfg);
    EXPECT_EQ(tp.layers[0].weightBytes, 296u);           // 592 int4 values
    EXPECT_EQ(tp.layers[3].weightBytes, 2u * 2320);      // fp16 hint
    EXPECT_EQ(tp.layers[3].outputBytes, 2u * 1024);
    EXPECT_EQ(tp.layers[2].outputBytes, 512u);
}

TEST(TensorPlacement, RejectsBadConfig) {
    PlacementConfig cfg;
    cfg.alignmentBytes = 3000;
    EXPECT_EQ(errorOf([&] { placeTensors(smallNet(), cfg); }),
              "tensor placement: alignment must be a power of two, got 3000");
    cfg.alignmentBytes = 64;
    cfg.ringSlots = 2;
    EXPECT_EQ(errorOf([&] { placeTensors(smallNet(), cfg); }),
              "tensor placement: ring slots must be at least 3 (input, second input, output), got 2");
}

// Matmul blocks by hand: A [64 x 16] rows of 16 in 32 x 8 tiles -> 32 runs of 8 bytes, stride 16.
TEST(TensorPlacementBlocks, MatmulByHand) {
    const Layer l = matmul("q", 2, 64, 48, 16, MatmulOperand::Activation);
    const std::vector<Layer> net = {l, l, l};
    const TensorPlacement tp = placeTensors(net);
    const LayerPlacement& lp = tp.layers[2];
    const TilePlan p = planFixed(l, lowerToGemm(l), {32, 16, 8, {'m', 'n', 'k'}}, operandBits(DType::Int8));
    TileStep s;
    s.repeat = 1, s.m0 = 32, s.mt = 32, s.n0 = 16, s.nt = 16, s.k0 = 8, s.kt = 8;
    const std::vector<Block> a = tileBlocks(p, lp, s, Operand::A);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].base, lp.inputAddr + 64 * 16 + 32 * 16 + 8);   // repeat 1, row 32, column 8
    EXPECT_EQ(a[0].runBytes, 8u);
    EXPECT_EQ(a[0].runs, 32u);
    EXPECT_EQ(a[0].strideBytes, 16u);
    const std::vector<Block> b = tileBlocks(p, lp, s, Operand::B);  // activation B: per repeat, at input2
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].base, lp.input2Addr + 16 * 48 + 8 * 48 + 16);
    EXPECT_EQ(b[0].runBytes, 16u);
    EXPECT_EQ(b[0].runs, 8u);
    EXPECT_EQ(b[0].strideBytes, 48u);
    const std::vector<Block> c = tileBlocks(p, lp, s, Operand::C);
    EXPECT_EQ(c[0].base, lp.outputAddr + 64 * 48 + 32 * 48 + 16);
    EXPECT_EQ(c[0].run(31).addr, c[0].base + 31 * 48);

    // Whole rows fold into one run; a weight B is shared by the repeats.
    const Layer lin = matmul("lin", 2, 64, 48, 16, MatmulOperand::Weight);
    const TilePlan pl = planFixed(lin, lowerToGemm(lin), {32, 48, 16, {'m', 'n', 'k'}}, operandBits(DType::Int8));
    s.n0 = 0, s.nt = 48, s.k0 = 0, s.kt = 16;
    const std::vector<Block> a2 = tileBlocks(pl, lp, s, Operand::A);
    EXPECT_EQ(a2[0].runs, 1u);
    EXPECT_EQ(a2[0].runBytes, 32u * 16);
    const std::vector<Block> b2 = tileBlocks(pl, lp, s, Operand::B);
    EXPECT_EQ(b2[0].base, lp.weightAddr);
    EXPECT_EQ(b2[0].bytes(), 16u * 48);
}

// Conv blocks by hand: 3x3 pad 1 on 8 x 8 x 16 (NHWC), tile = output rows 2..3, channels 8..15:
// input rows 1..4 -> 32 pixels, each a run of 8 bytes at pixel * 16 + 8.
TEST(TensorPlacementBlocks, ConvInputRegion) {
    const Layer l = conv("c", 1, 8, 8, 16, 32, 3, 1);
    const TensorPlacement tp = placeTensors({l});
    const LayerPlacement& lp = tp.layers[0];
    const TilePlan p = planFixed(l, lowerToGemm(l), {16, 16, 72, {'m', 'k', 'n'}}, operandBits(DType::Int8));
    TileStep s;
    s.m0 = 16, s.mt = 16, s.k0 = 72, s.kt = 72, s.n0 = 16, s.nt = 16;
    const std::vector<Block> a = tileBlocks(p, lp, s, Operand::A);
    ASSERT_EQ(a.size(), 1u);
    EXPECT_EQ(a[0].base, lp.inputAddr + 1 * 8 * 16 + 8);
    EXPECT_EQ(a[0].runBytes, 8u);
    EXPECT_EQ(a[0].runs, 4u * 8);
    EXPECT_EQ(a[0].strideBytes, 16u);
    EXPECT_EQ(sumBytes(a), stepBytesA(p, s));
    // All channels: the 4 rows are one contiguous run.
    const TilePlan q = planFixed(l, lowerToGemm(l), {16, 16, 144, {'m', 'k', 'n'}}, operandBits(DType::Int8));
    s.k0 = 0, s.kt = 144;
    const std::vector<Block> a2 = tileBlocks(q, lp, s, Operand::A);
    ASSERT_EQ(a2.size(), 1u);
    EXPECT_EQ(a2[0].base, lp.inputAddr + 1 * 8 * 16);
    EXPECT_EQ(a2[0].runs, 1u);
    EXPECT_EQ(a2[0].runBytes, 4u * 8 * 16);
    // C: output pixels 16..31, channels 16..31 of 32.
    const std::vector<Block> c = tileBlocks(q, lp, s, Operand::C);
    EXPECT_EQ(c[0].base, lp.outputAddr + 16 * 32 + 16);
    EXPECT_EQ(c[0].runs, 16u);
    EXPECT_EQ(c[0].runBytes, 16u);
    EXPECT_EQ(c[0].strideBytes, 32u);
}

// Grouped conv: group g reads input channels [g*cg, (g+1)*cg) and writes output channels [g*ng, ...).
TEST(TensorPlacementBlocks, GroupedConvChannels) {
    const Layer l = conv("dw", 1, 4, 4, 8, 8, 3, 1, 4);  // cg = ng = 2
    const TensorPlacement tp = placeTensors({l});
    const LayerPlacement& lp = tp.layers[0];
    const TilePlan p = planFixed(l, lowerToGemm(l), {16, 2, 18, {'m', 'n', 'k'}}, operandBits(DType::Int8));
    TileStep s;
    s.repeat = 3, s.m0 = 0, s.mt = 16, s.k0 = 0, s.kt = 18, s.n0 = 0, s.nt = 2;
    const std::vector<Block> a = tileBlocks(p, lp, s, Operand::A);
    EXPECT_EQ(a[0].base, lp.inputAddr + 6);
    EXPECT_EQ(a[0].runs, 16u);
    EXPECT_EQ(a[0].runBytes, 2u);
    EXPECT_EQ(a[0].strideBytes, 8u);
    const std::vector<Block> b = tileBlocks(p, lp, s, Operand::B);
    EXPECT_EQ(b[0].base, lp.weightAddr + 3 * 18 * 2);
    const std::vector<Block> c = tileBlocks(p, lp, s, Operand::C);
    EXPECT_EQ(c[0].base, lp.outputAddr + 6);
    EXPECT_EQ(c[0].strideBytes, 8u);
}

// For every step of real plans, each operand's blocks hold exactly the bytes the tiler charges, inside the
// tensor they belong to.
TEST(TensorPlacementBlocks, CoverTheStepBytes) {
    const std::vector<Layer> net = {conv("a", 2, 9, 11, 24, 40, 3, 1), conv("b", 2, 9, 11, 40, 40, 3, 1, 4),
                                    matmul("c", 3, 100, 40, 70, MatmulOperand::Activation),
                                    matmul("d", 1, 77, 96, 130, MatmulOperand::Weight),
                                    conv("e", 1, 5, 11, 40, 24, 1, 0)};
    const TensorPlacement tp = placeTensors(net);
    TilerConfig tiny;
    tiny.bufferABytes = tiny.bufferBBytes = tiny.bufferCBytes = 4096;
    tiny.arrayRows = tiny.arrayCols = 8;
    const std::vector<TileChoice> choices = {{8, 8, 9}, {11, 16, 72}, {22, 24, 216}, {198, 40, 360}};
    for (size_t i = 0; i < net.size(); ++i) {
        const Layer& l = net[i];
        const LayerPlacement& lp = tp.layers[i];
        std::vector<TilePlan> plans = {planGemm(l, tiny, operandBits(DType::Int8))};
        if (l.isConv())
            for (const TileChoice& c : choices)
                if (c.kt % (l.conv().kernelH * l.conv().kernelW) == 0)
                    plans.push_back(planFixed(l, lowerToGemm(l), c, operandBits(DType::Int8)));
        for (const TilePlan& p : plans) {
            forEachStep(p, [&](const TileStep& s) {
                const std::vector<Block> a = tileBlocks(p, lp, s, Operand::A);
                const std::vector<Block> b = tileBlocks(p, lp, s, Operand::B);
                const std::vector<Block> c = tileBlocks(p, lp, s, Operand::C);
                EXPECT_EQ(sumBytes(a), stepBytesA(p, s)) << l.name << " " << p.describe();
                EXPECT_EQ(sumBytes(b), stepBytesB(p, s)) << l.name;
                EXPECT_EQ(sumBytes(c), stepBytesC(p, s)) << l.name;
                expectInside(a, lp.inputAddr, lp.inputBytes, l.name + " A");
                if (p.bIsWeight) expectInside(b, lp.weightAddr, lp.weightBytes, l.name + " B");
                else expectInside(b, lp.input2Addr, lp.input2Bytes, l.name + " B");
                expectInside(c, lp.outputAddr, lp.outputBytes, l.name + " C");
            });
        }
    }
}

// The SD2 UNet: every tensor inside its region, weight regions disjoint, the ring after the weights.
TEST(TensorPlacement, Sd2Unet) {
    const std::string path = sourceDir() + "/workloads/sd2_inpainting/unet_512.trace";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    const Workload w = readNativeTrace(in, path);
    const TensorPlacement tp = placeTensors(w.layers);
    uint64_t weights = 0, end = 0;
    for (size_t i = 0; i < w.layers.size(); ++i) {
        const LayerPlacement& p = tp.layers[i];
        weights += p.weightBytes;
        if (p.weightBytes) {
            EXPECT_GE(p.weightAddr, end);
            end = p.weightAddr + p.weightBytes;
        }
        EXPECT_LE(std::max({p.inputBytes, p.input2Bytes, p.outputBytes}), tp.slotBytes);
        if (i + 1 < w.layers.size()) {
            EXPECT_EQ(p.outputAddr, tp.layers[i + 1].inputAddr);
        }
    }
    EXPECT_LE(end, tp.activationBase);
    std::printf("[ unet_512 ] weights %llu bytes in a %llu-byte region; %u slots of %llu bytes; end %llu\n",
                static_cast<unsigned long long>(weights), static_cast<unsigned long long>(tp.weightRegionBytes),
                tp.ringSlots, static_cast<unsigned long long>(tp.slotBytes),
                static_cast<unsigned long long>(tp.endAddr));
}

// Packed weights (the default): every weight tile is one run, and the tiles of a plan partition the weight
// matrices exactly (no gap, no overlap), whatever the tiling; row-major weights give kt runs of nt.
TEST(TensorPlacementBlocks, PackedWeightTilesPartitionTheMatrix) {
    const std::vector<Layer> net = {conv("a", 1, 9, 11, 24, 40, 3, 1), conv("g", 1, 9, 11, 40, 40, 3, 1, 4),
                                    matmul("d", 3, 77, 96, 130, MatmulOperand::Weight)};
    const TensorPlacement tp = placeTensors(net);
    const std::vector<TileChoice> choices = {{99, 16, 27}, {99, 40, 216}, {11, 7, 9}, {33, 10, 18}};
    for (size_t i = 0; i < net.size(); ++i) {
        const Layer& l = net[i];
        const LayerPlacement& lp = tp.layers[i];
        ASSERT_TRUE(lp.packedWeights);
        const GemmShape g = lowerToGemm(l);
        const uint64_t matrices = l.isConv() ? g.repeats : 1;   // a linear layer's repeats share one matrix
        for (TileChoice c : choices) {
            if (l.isConv() && c.kt % 9 != 0) continue;
            if (!l.isConv()) c = {c.mt, c.nt * 3, c.kt * 5};
            const TilePlan p = planFixed(l, g, c, operandBits(DType::Int8));
            std::vector<std::pair<uint64_t, uint64_t>> tiles;   // distinct (addr, bytes)
            forEachStep(p, [&](const TileStep& s) {
                const std::vector<Block> b = tileBlocks(p, lp, s, Operand::B);
                ASSERT_EQ(b.size(), 1u);
                ASSERT_EQ(b[0].runs, 1u);
                EXPECT_EQ(b[0].bytes(), s.kt * s.nt) << l.name << " " << p.describe();
                if (s.m0 == 0) tiles.push_back({b[0].base, b[0].bytes()});
            });
            std::sort(tiles.begin(), tiles.end());
            tiles.erase(std::unique(tiles.begin(), tiles.end()), tiles.end());
            uint64_t next = lp.weightAddr;
            for (const auto& [addr, bytes] : tiles) {
                EXPECT_EQ(addr, next) << l.name << " " << p.describe();   // contiguous, disjoint
                next = addr + bytes;
            }
            EXPECT_EQ(next - lp.weightAddr, matrices * g.k * g.n) << l.name << " " << p.describe();
        }
    }
    // Row-major: the tile {kt = 27, nt = 16} of conv "a" (k = 216, n = 40) is 27 rows of 16 at pitch 40.
    PlacementConfig rowMajor;
    rowMajor.packedWeights = false;
    const TensorPlacement tr = placeTensors(net, rowMajor);
    const TilePlan p = planFixed(net[0], lowerToGemm(net[0]), {99, 16, 27, {'m', 'n', 'k'}}, operandBits(DType::Int8));
    TileStep s;
    s.mt = 99, s.n0 = 16, s.nt = 16, s.k0 = 27, s.kt = 27;
    const std::vector<Block> b = tileBlocks(p, tr.layers[0], s, Operand::B);
    ASSERT_EQ(b.size(), 1u);
    EXPECT_EQ(b[0].base, tr.layers[0].weightAddr + 27 * 40 + 16);
    EXPECT_EQ(b[0].runs, 27u);
    EXPECT_EQ(b[0].runBytes, 16u);
    EXPECT_EQ(b[0].strideBytes, 40u);
    // Packed, the same tile starts after the first k-tile row (27 x 40) and one 27 x 16 tile of its own row.
    const std::vector<Block> bp = tileBlocks(p, tp.layers[0], s, Operand::B);
    EXPECT_EQ(bp[0].base, tp.layers[0].weightAddr + 27 * 40 + 16 * 27);
}
