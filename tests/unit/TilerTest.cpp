// SPDX-License-Identifier: Apache-2.0
// The tiler against traffic worked out by hand (every loop order, edge tiles, conv input rows), the buffer
// constraint, the step invariant (bytes moved by forEachStep == plan totals), the obvious best order,
// the tie-break rule, and planning every GEMM of the SD2 UNet (512 px, batch 2) with the default mobile buffers.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "hw_models/common/Error.h"
#include "tests/support/ErrorOf.h"
#include "workloads/Tiler.h"
#include "workloads/Trace.h"

using namespace npu::workloads;
using npu::test::errorOf;

namespace {

Layer matmulLayer(const std::string& name, uint64_t batch, uint64_t m, uint64_t n, uint64_t k,
                  MatmulOperand b = MatmulOperand::Weight) {
    Matmul mm;
    mm.batch = batch, mm.m = m, mm.n = n, mm.k = k, mm.b = b;
    return Layer{name, mm, {}, 0};
}

Layer convLayer(const std::string& name, uint64_t batch, uint64_t h, uint64_t w, uint64_t cIn, uint64_t cOut,
                uint64_t kernel, uint64_t stride, uint64_t pad, uint64_t groups = 1) {
    Conv2d c;
    c.batch = batch, c.h = h, c.w = w, c.cIn = cIn, c.cOut = cOut;
    c.kernelH = c.kernelW = kernel, c.strideH = c.strideW = stride, c.padH = c.padW = pad, c.groups = groups;
    return Layer{name, c, {}, 0};
}

std::array<char, 3> order(const char* s) { return {s[0], s[1], s[2]}; }

struct Moved {
    uint64_t a = 0, b = 0, cRead = 0, cWrite = 0, steps = 0;
    uint64_t maxA = 0, maxB = 0, maxC = 0;
};

Moved walk(const TilePlan& p) {
    Moved t;
    forEachStep(p, [&](const TileStep& s) {
        ++t.steps;
        const uint64_t a = stepBytesA(p, s), b = stepBytesB(p, s), c = stepBytesC(p, s);
        t.maxA = std::max(t.maxA, a), t.maxB = std::max(t.maxB, b), t.maxC = std::max(t.maxC, c);
        if (s.loadA) t.a += a;
        if (s.loadB) t.b += b;
        if (s.loadC) t.cRead += c;
        if (s.storeC) t.cWrite += c;
    });
    return t;
}

void expectInvariant(const TilePlan& p) {
    const Moved t = walk(p);
    EXPECT_EQ(t.a, p.dramReadBytesA) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.b, p.dramReadBytesB) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.cRead, p.dramReadBytesC) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.cWrite, p.dramWriteBytesC) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.steps, p.steps) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.maxA, p.tileBytesA) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.maxB, p.tileBytesB) << p.layerName << " " << p.describe();
    EXPECT_EQ(t.maxC, p.tileBytesC) << p.layerName << " " << p.describe();
}

constexpr const char* kOrderNames[] = {"mnk", "mkn", "nmk", "nkm", "kmn", "knm"};

std::string sourceDir() {
    if (const char* env = std::getenv("NPUSIM_SOURCE_DIR")) return env;
    return NPUSIM_TEST_SOURCE_DIR;
}

}  // namespace

// m = n = k = 64 in 32 x 32 x 32 tiles: every operand has 2 x 2 tiles of 1024 elements (4096 per matrix),
// every loop 2 trips. An operand is re-read once per trip of a loop outside its innermost indexing loop
// that does not index it; C spills (written 2x, read back 1x) unless k is inside C's innermost loop.
TEST(TilerTraffic, EveryLoopOrderByHand) {
    const Layer l = matmulLayer("mm", 1, 64, 64, 64);
    const GemmShape g = lowerToGemm(l);
    struct Expect {
        const char* order;
        uint64_t a, b, cWrite, cRead;
    };
    const uint64_t s = 64 * 64;  // one matrix, int8
    const Expect cases[] = {
        {"mnk", 2 * s, 2 * s, s, 0},        // A inside n (x2), B inside m (x2), k innermost: C once
        {"mkn", s, 2 * s, 2 * s, s},        // A's k outside n: A once; C's n inside k: spills
        {"nmk", 2 * s, 2 * s, s, 0},        // mirror of mnk
        {"nkm", 2 * s, s, 2 * s, s},        // A inside n (x2); B's k outside m: B once; C spills
        {"kmn", s, 2 * s, 2 * s, s},        // A once (n innermost does not index A); B inside m; spills
        {"knm", 2 * s, s, 2 * s, s},        // A inside n; B once; spills
    };
    for (const Expect& e : cases) {
        const TilePlan p = planFixed(l, g, {32, 32, 32, order(e.order)}, operandBits(DType::Int8));
        EXPECT_EQ(p.dramReadBytesA, e.a) << e.order;
        EXPECT_EQ(p.dramReadBytesB, e.b) << e.order;
        EXPECT_EQ(p.dramWriteBytesC, e.cWrite) << e.order;
        EXPECT_EQ(p.dramReadBytesC, e.cRead) << e.order;
        EXPECT_EQ(p.steps, 8u) << e.order;
        EXPECT_EQ(p.describe(), std::string(e.order) + " 32x32x32");
        expectInvariant(p);
    }
}

// Operand widths differ: A int8, B int4, C fp32 partial sums; order mkn (C spills).
TEST(TilerTraffic, PerOperandWidths) {
    const Layer l = matmulLayer("mm", 1, 64, 64, 64);
    const TilePlan p = planFixed(l, lowerToGemm(l), {32, 32, 32, order("mkn")}, OperandBits{8, 4, 32});
    EXPECT_EQ(p.dramReadBytesA, 64u * 64);               // once, 1 byte each
    EXPECT_EQ(p.dramReadBytesB, 64u * 64 * 2 / 2);       // twice, half a byte each
    EXPECT_EQ(p.dramWriteBytesC, 64u * 64 * 2 * 4);      // spilled: 2 writes of 4-byte partial sums
    EXPECT_EQ(p.dramReadBytesC, 64u * 64 * 1 * 4);
    EXPECT_EQ(p.tileBytesB, 32u * 32 / 2);
    expectInvariant(p);
}

// Edge tiles: m = 100, n = 40, k = 70 in 32-tiles: trips 4, 2, 3. Order nmk: A re-read per n trip (x2),
// B per m trip (x4), C written once. Repeats (batch 3) multiply everything.
TEST(TilerTraffic, EdgeTilesAndRepeats) {
    const Layer l = matmulLayer("bmm", 3, 100, 40, 70, MatmulOperand::Activation);
    const TilePlan p = planFixed(l, lowerToGemm(l), {32, 32, 32, order("nmk")}, operandBits(DType::Int8));
    EXPECT_EQ(p.dramReadBytesA, 3u * 100 * 70 * 2);
    EXPECT_EQ(p.dramReadBytesB, 3u * 70 * 40 * 4);
    EXPECT_EQ(p.dramWriteBytesC, 3u * 100 * 40);
    EXPECT_EQ(p.dramReadBytesC, 0u);
    EXPECT_EQ(p.steps, 3u * 4 * 2 * 3);
    EXPECT_FALSE(p.bIsWeight);
    expectInvariant(p);
}

// A loop of one trip does not count as "outside": a single m tile stays on chip across n.
TEST(TilerTraffic, SingleTripLoopsDoNotRefetch) {
    const Layer l = matmulLayer("mm", 1, 32, 128, 32);
    const TilePlan p = planFixed(l, lowerToGemm(l), {32, 32, 32, order("nmk")}, operandBits(DType::Int8));
    EXPECT_EQ(p.dramReadBytesA, 32u * 32);   // one A tile, loaded once although n is outside
    EXPECT_EQ(p.dramReadBytesB, 32u * 128);
    expectInvariant(p);
}

// The step invariant over many shapes, every order, int8 and int4 (odd edge tiles round up per tile).
TEST(TilerSteps, BytesMovedEqualPlanTotals) {
    const std::vector<Layer> layers = {
        matmulLayer("a", 1, 77, 1280, 320), matmulLayer("b", 2, 64, 77, 64, MatmulOperand::Activation),
        matmulLayer("c", 1, 5, 7, 9),       convLayer("conv3", 2, 9, 11, 24, 40, 3, 1, 1),
        convLayer("down", 1, 16, 16, 16, 8, 3, 2, 1), convLayer("grp", 2, 6, 6, 16, 32, 3, 1, 1, 4),
        convLayer("pw", 1, 5, 13, 40, 24, 1, 1, 0)};
    const std::vector<TileChoice> choices = {{8, 8, 8}, {16, 24, 72}, {40, 16, 9}, {1000, 1000, 1000}};
    for (const Layer& l : layers) {
        const GemmShape g = lowerToGemm(l);
        for (const DType t : {DType::Int8, DType::Int4, DType::Fp16}) {
            for (TileChoice c : choices) {
                if (l.isConv()) {
                    // conv tiles: whole kernel windows; m in whole rows or pieces of a row
                    const Conv2d& cv = l.conv();
                    const uint64_t window = cv.kernelH * cv.kernelW;
                    c.kt = std::max<uint64_t>(1, std::min(c.kt, g.k) / window) * window;
                    if (c.mt >= cv.outW() && c.mt < cv.outH() * cv.outW()) c.mt -= c.mt % cv.outW();
                    if (c.mt >= cv.outH() * cv.outW()) c.mt = std::min(c.mt, g.m) / (cv.outH() * cv.outW()) *
                                                               cv.outH() * cv.outW();
                }
                for (const char* o : kOrderNames) {
                    c.order = order(o);
                    const TilePlan p = planFixed(l, g, c, operandBits(t));
                    expectInvariant(p);
                }
            }
            expectInvariant(planGemm(l, TilerConfig{}, operandBits(t)));
            TilerConfig tiny;
            tiny.bufferABytes = tiny.bufferBBytes = tiny.bufferCBytes = 2048;
            tiny.arrayRows = tiny.arrayCols = 8;
            expectInvariant(planGemm(l, tiny, operandBits(t)));
        }
    }
}

// 3x3, stride 1, padding 1 conv on one 8 x 8 x 16 image, m tiles of 2 output rows (16 pixels):
// output rows {0,1} read input rows 0..2 (row -1 is padding, not in DRAM), {2,3} rows 1..4, {4,5} rows
// 3..6, {6,7} rows 5..7: 3 + 4 + 4 + 3 = 14 rows of 8 x 16 bytes. The halo rows are read twice.
TEST(TilerConv, InputRowsByHand) {
    const Layer l = convLayer("c3", 1, 8, 8, 16, 16, 3, 1, 1);
    const GemmShape g = lowerToGemm(l);  // m 64, n 16, k 144
    const OperandBits i8 = operandBits(DType::Int8);
    const TilePlan p = planFixed(l, g, {16, 16, 144, order("mnk")}, i8);
    ASSERT_TRUE(p.conv.has_value());
    EXPECT_EQ(p.conv->rowsPerTile, 2u);
    EXPECT_EQ(p.conv->channelsPerTile, 16u);
    EXPECT_EQ(p.tripsM(), 4u);
    EXPECT_EQ(p.dramReadBytesA, 14u * 8 * 16);            // 1792, vs 1024 for the input itself
    EXPECT_EQ(p.dramReadBytesB, 144u * 16);               // weights once
    EXPECT_EQ(p.dramWriteBytesC, 64u * 16);
    EXPECT_EQ(p.tileBytesA, 4u * 8 * 16);                 // an interior tile: 4 rows
    expectInvariant(p);

    // Channel chunks of 8 (kt = 72) and nt = 8: the same rows, each chunk once; order mkn keeps A on chip
    // across n but re-reads B per m tile (x4) and spills C (2 k trips: written twice, read back once).
    const TilePlan q = planFixed(l, g, {16, 8, 72, order("mkn")}, i8);
    EXPECT_EQ(q.conv->channelsPerTile, 8u);
    EXPECT_EQ(q.dramReadBytesA, 14u * 8 * 16);
    EXPECT_EQ(q.dramReadBytesB, 4u * 144 * 16);
    EXPECT_EQ(q.dramWriteBytesC, 2u * 64 * 16);
    EXPECT_EQ(q.dramReadBytesC, 1u * 64 * 16);
    expectInvariant(q);

    // Whole image (mt = 64): the input once. Two images per tile (batch 2, mt = 128): both once.
    EXPECT_EQ(planFixed(l, g, {64, 16, 144, order("mnk")}, i8).dramReadBytesA, 8u * 8 * 16);
    const Layer l2 = convLayer("c3b2", 2, 8, 8, 16, 16, 3, 1, 1);
    const TilePlan p2 = planFixed(l2, lowerToGemm(l2), {128, 16, 144, order("mnk")}, i8);
    EXPECT_EQ(p2.conv->imagesPerTile, 2u);
    EXPECT_EQ(p2.dramReadBytesA, 2u * 8 * 8 * 16);
    expectInvariant(p2);

    // Pieces of a row (mt = 4 output pixels): columns 0..3 read input columns 0..4, 4..7 read 3..7;
    // each of the 8 output rows reads 3 input rows except the first and last (2).
    const TilePlan s = planFixed(l, g, {4, 16, 144, order("mnk")}, i8);
    EXPECT_EQ(s.conv->colsPerTile, 4u);
    EXPECT_EQ(s.dramReadBytesA, (6u * 3 + 2 * 2) * (5 + 5) * 16);
    expectInvariant(s);
}

// Stride 2: output rows {0,1} of a 3x3 s2 p1 conv read input rows -1..3 -> 0..3 (4 rows).
TEST(TilerConv, StridedInputRows) {
    const Layer l = convLayer("down", 1, 8, 8, 8, 8, 3, 2, 1);  // out 4 x 4
    const TilePlan p = planFixed(l, lowerToGemm(l), {8, 8, 72, order("mnk")}, operandBits(DType::Int8));
    // tiles: out rows {0,1} -> in rows [-1, 4) -> 0..3; {2,3} -> [3, 8) -> 3..7
    EXPECT_EQ(p.dramReadBytesA, (4u + 5) * 8 * 8);
    expectInvariant(p);
}

TEST(TilerConv, RejectsTilesAcrossRowBoundaries) {
    const Layer l = convLayer("c3", 1, 8, 8, 16, 16, 3, 1, 1);
    EXPECT_EQ(errorOf([&] { planFixed(l, lowerToGemm(l), {12, 16, 144}, operandBits(DType::Int8)); }),
              "layer 'c3': a conv m tile must be whole output rows");
    EXPECT_EQ(errorOf([&] { planFixed(l, lowerToGemm(l), {16, 16, 100}, operandBits(DType::Int8)); }),
              "layer 'c3': a conv k tile must be whole kernel windows");
}

// No plan's tiles exceed half of their buffer, for several buffer sizes and dataflows.
TEST(TilerBuffers, TilesFitHalfBuffers) {
    const std::vector<Layer> layers = {matmulLayer("qk", 10, 4096, 4096, 64, MatmulOperand::Activation),
                                       matmulLayer("ff", 1, 8192, 5120, 1280),
                                       convLayer("conv", 2, 64, 64, 320, 320, 3, 1, 1)};
    for (const uint64_t kib : {64u, 256u, 1024u}) {
        for (const GemmDataflow df :
             {GemmDataflow::OutputStationary, GemmDataflow::WeightStationary, GemmDataflow::InputStationary}) {
            TilerConfig cfg;
            cfg.bufferABytes = kib << 10, cfg.bufferBBytes = 2 * kib << 10, cfg.bufferCBytes = kib << 10;
            cfg.dataflow = df;
            for (const Layer& l : layers) {
                const TilePlan p = planGemm(l, cfg, operandBits(DType::Int8));
                EXPECT_LE(p.tileBytesA, cfg.bufferABytes / 2) << l.name << " " << p.describe();
                EXPECT_LE(p.tileBytesB, cfg.bufferBBytes / 2) << l.name << " " << p.describe();
                EXPECT_LE(p.tileBytesC, cfg.bufferCBytes / 2) << l.name << " " << p.describe();
                const Moved t = walk(p);
                EXPECT_LE(t.maxA, cfg.bufferABytes / 2);
                EXPECT_LE(t.maxB, cfg.bufferBBytes / 2);
                EXPECT_LE(t.maxC, cfg.bufferCBytes / 2);
            }
        }
    }
}

TEST(TilerBuffers, TooSmallBufferThrowsNamingTheLayer) {
    const Layer l = matmulLayer("blocks.3.ff", 1, 256, 256, 256);
    TilerConfig cfg;
    cfg.bufferABytes = 64;  // half: 32 bytes < the smallest 8 x 8 int8 tile (64 bytes)
    EXPECT_EQ(errorOf([&] { planGemm(l, cfg, operandBits(DType::Int8)); }),
              "layer 'blocks.3.ff': no tile fits half of the SRAM buffers (A 32, B 1048576, C 524288 bytes); "
              "the smallest tile 8x8x8 needs A 64, B 64, C 64 bytes");
    cfg.bufferABytes = 128;  // exactly one 8 x 8 tile per half: fits (tiles smaller than the array)
    const TilePlan p = planGemm(l, cfg, operandBits(DType::Int8));
    EXPECT_LE(p.tileBytesA, 64u);
    expectInvariant(p);
}

// Big K, tiny buffers: k must be the innermost loop, otherwise C spills 2 x trips(k) - 1 times.
// m = n = 256, k = 8192 int8 on a 128 x 128 os array; the C half-buffer (16 KiB) holds one 128 x 128 tile,
// the A/B half-buffers (8 KiB) 128 x 64: 128 k trips. Best: 128 x 128 x 64, k innermost (mnk and nmk tie;
// mnk comes first), A and B read twice, C written once.
TEST(TilerSearch, BigKTinyBuffersPutsKInnermost) {
    const Layer l = matmulLayer("bigk", 1, 256, 256, 8192);
    TilerConfig cfg;
    cfg.bufferABytes = 16 << 10, cfg.bufferBBytes = 16 << 10, cfg.bufferCBytes = 32 << 10;
    const TilePlan p = planGemm(l, cfg, operandBits(DType::Int8));
    EXPECT_EQ(p.describe(), "mnk 128x128x64");
    EXPECT_EQ(p.dramReadBytesA, 256u * 8192 * 2);
    EXPECT_EQ(p.dramReadBytesB, 8192u * 256 * 2);
    EXPECT_EQ(p.dramWriteBytesC, 256u * 256);
    EXPECT_EQ(p.dramReadBytesC, 0u);
    expectInvariant(p);

    // With room for 128 x 2048 A/B tiles there are only 4 k trips, and spilling the small C (7 x 64 KiB)
    // is cheaper than reading A a second time (2 MiB): mkn (A once, B twice, C spills) wins.
    cfg.bufferABytes = 512 << 10, cfg.bufferBBytes = 512 << 10;
    const TilePlan q = planGemm(l, cfg, operandBits(DType::Int8));
    EXPECT_EQ(q.describe(), "mkn 128x128x2048");
    EXPECT_EQ(q.dramReadBytesA, 256u * 8192);
    EXPECT_EQ(q.dramReadBytesB, 8192u * 256 * 2);
    EXPECT_EQ(q.dramWriteBytesC, 4u * 256 * 256);
    EXPECT_EQ(q.dramReadBytesC, 3u * 256 * 256);
    expectInvariant(q);
}

// A tall A with a small weight: keeping the whole weight on chip and streaming m is optimal (every
// operand moves once), whatever the buffers allow for m.
TEST(TilerSearch, SmallWeightIsReadOnce) {
    const Layer l = matmulLayer("proj", 1, 8192, 320, 320);
    const TilePlan p = planGemm(l, TilerConfig{}, operandBits(DType::Int8));
    EXPECT_EQ(p.dramReadBytesA, 8192u * 320);
    EXPECT_EQ(p.dramReadBytesB, 320u * 320);
    EXPECT_EQ(p.dramWriteBytesC, 8192u * 320);
    EXPECT_EQ(p.dramReadBytesC, 0u);
}

TEST(TilerSearch, TilesAlignToTheArray) {
    const Layer l = matmulLayer("ff", 1, 8192, 5120, 1280);
    for (const GemmDataflow df :
         {GemmDataflow::OutputStationary, GemmDataflow::WeightStationary, GemmDataflow::InputStationary}) {
        TilerConfig cfg;
        cfg.dataflow = df;
        cfg.arrayRows = 64, cfg.arrayCols = 32;
        const TilePlan p = planGemm(l, cfg, operandBits(DType::Int8));
        const uint64_t mAlign =
            df == GemmDataflow::OutputStationary ? 64 : df == GemmDataflow::InputStationary ? 32 : 8;
        const uint64_t kAlign = df == GemmDataflow::OutputStationary ? 8 : 64;
        EXPECT_EQ(p.mt % mAlign, 0u) << p.describe();
        EXPECT_EQ(p.nt % (df == GemmDataflow::InputStationary ? 8 : 32), 0u) << p.describe();
        EXPECT_EQ(p.kt % kAlign, 0u) << p.describe();
    }
}

// The search is deterministic because ties are broken by a fixed rule (docs/tiling.md section 4): least
// bytes, then fewest steps, then the first order of mnk, mkn, nmk, nkm, kmn, knm, then the first candidate.
TEST(TilerSearch, TiesGoToFewerStepsThenTheFirstOrder) {
    // 64 x 64 x 64 int8 fits the default buffers whole: one step moving each 4 KiB matrix once. Every
    // order of the 1 x 1 x 1 trips ties on bytes and steps: the first, mnk.
    const TilePlan whole = planGemm(matmulLayer("small", 1, 64, 64, 64), TilerConfig{}, operandBits(DType::Int8));
    EXPECT_EQ(whole.describe(), "mnk 64x64x64");
    EXPECT_EQ(whole.steps, 1u);
    EXPECT_EQ(whole.dramBytes(), 3u * 64 * 64);
    // 8192 x 320 x 320: each tensor moves once exactly when B (320 x 320) stays resident, i.e. n and k are
    // whole; then any m tile ties on bytes, and the fewest steps take the largest m tile that fits half of
    // A (512 KiB) and C (512 KiB) at 320 bytes per row: m tiles are 128 x 2^i or 8192, 1024 x 320 =
    // 327,680 fits, 2048 x 320 = 655,360 does not: 1024 rows, 8 steps; all orders tie again: mnk.
    const TilePlan tall = planGemm(matmulLayer("proj", 1, 8192, 320, 320), TilerConfig{}, operandBits(DType::Int8));
    EXPECT_EQ(tall.describe(), "mnk 1024x320x320");
    EXPECT_EQ(tall.steps, 8u);
    EXPECT_EQ(tall.dramBytes(), 8192u * 320 + 320u * 320 + 8192u * 320);
    expectInvariant(whole);
    expectInvariant(tall);
}

TEST(TilerVector, StreamsOnce) {
    VectorOp v;
    v.kind = VectorKind::GroupNorm, v.elements = 1000, v.channels = 10, v.groups = 2;
    const Layer l{"gn", v, {}, 0};
    EXPECT_EQ(vectorReadBytes(l, DType::Fp16), 2u * (1000 + 20));  // input + affine scale and shift
    EXPECT_EQ(vectorWriteBytes(l, DType::Fp16), 2u * 1000);
}

// Every conv/matmul of one SD2-inpainting UNet step (512 px, batch 2) with the default mobile buffers
// (A 1 MiB, B 2 MiB, C 1 MiB, 128 x 128 os, int8). The planned DRAM traffic is the table of docs/tiling.md
// section 6 (GEMM total = A + B + C read + C write; layer total = GEMM + vector); a change to the tiler that
// moves them must update the document.
TEST(TilerUnet, PlansEverySd2UnetLayer) {
    const std::string path = sourceDir() + "/workloads/sd2_inpainting/unet_512.trace";
    std::ifstream in(path);
    ASSERT_TRUE(in) << path;
    const Workload w = readNativeTrace(in, path);
    const TilerConfig cfg;  // defaults are the mobile preset
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<TilePlan> plans;
    for (const Layer& l : w.layers)
        if (!l.isVector()) plans.push_back(planGemm(l, cfg, operandBits(DType::Int8)));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    uint64_t gemm = 0, compulsory = 0, a = 0, b = 0, cr = 0, cw = 0, steps = 0, vec = 0;
    for (const TilePlan& p : plans) {
        gemm += p.dramBytes();
        a += p.dramReadBytesA, b += p.dramReadBytesB, cr += p.dramReadBytesC, cw += p.dramWriteBytesC;
        steps += p.steps;
        EXPECT_LE(p.tileBytesA, cfg.bufferABytes / 2) << p.layerName;
        EXPECT_LE(p.tileBytesB, cfg.bufferBBytes / 2) << p.layerName;
        EXPECT_LE(p.tileBytesC, cfg.bufferCBytes / 2) << p.layerName;
        expectInvariant(p);
    }
    for (const Layer& l : w.layers) {
        const TensorElems e = layerTensorElems(l);
        if (l.isVector()) vec += vectorReadBytes(l, DType::Int8) + vectorWriteBytes(l, DType::Int8);
        else compulsory += e.input + e.weight + e.output;  // int8: every tensor once
    }
    EXPECT_EQ(w.layers.size(), 710u);
    EXPECT_EQ(plans.size(), 346u);
    EXPECT_GE(gemm, compulsory);
    // docs/tiling.md section 6.
    EXPECT_EQ(a, 1'614'978'432u);
    EXPECT_EQ(b, 951'163'200u);
    EXPECT_EQ(cr, 19'660'800u);
    EXPECT_EQ(cw, 1'523'970'688u);
    EXPECT_EQ(gemm, 4'109'773'120u);
    EXPECT_EQ(compulsory, 3'869'123'972u);
    EXPECT_EQ(vec, 3'355'971'200u);
    EXPECT_EQ(gemm + vec, 7'465'744'320u);
    EXPECT_EQ(steps, 7'771u);
    std::printf("[ unet_512 ] %zu GEMM layers planned in %.1f ms, %llu steps\n", plans.size(), ms,
                static_cast<unsigned long long>(steps));
    std::printf("[ unet_512 ] GEMM DRAM bytes %llu (A %llu, B %llu, C read %llu, C write %llu); "
                "each tensor once: %llu\n",
                static_cast<unsigned long long>(gemm), static_cast<unsigned long long>(a),
                static_cast<unsigned long long>(b), static_cast<unsigned long long>(cr),
                static_cast<unsigned long long>(cw), static_cast<unsigned long long>(compulsory));
    std::printf("[ unet_512 ] vector DRAM bytes %llu; total %llu\n", static_cast<unsigned long long>(vec),
                static_cast<unsigned long long>(gemm + vec));
}
