// SPDX-License-Identifier: Apache-2.0
// Data types and compression: MAC packing per dtype, zero-skipping, and the storage of pruned and shared
// weights, each worked out by hand.
#include <gtest/gtest.h>

#include "hw_models/compute/DataflowTiming.h"
#include "workloads/WeightCompression.h"

using namespace npu;
using workloads::DType;

namespace {
hw::ArrayConfig array4() {
    hw::ArrayConfig a;
    a.rows = a.cols = 4;
    return a;
}
workloads::Layer linear(uint64_t k, uint64_t n) {
    workloads::Matmul m;
    m.m = 16;
    m.n = n;
    m.k = k;
    return {"fc", m, {}, 0};
}
}  // namespace

TEST(Dtype, PackingScalesTheSteadyStateOnly) {
    // os 4x4, m = n = 4 (one fold), k = 64: fill 3 + steady T / rate + drain 3.
    const workloads::GemmShape g{1, 4, 4, 64};
    const hw::ArrayConfig a = array4();   // defaults: fp32 0.25, fp16/bf16 0.5, int8 1, int4 2 MACs/PE/cycle
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8}).cycles, 3u + 64 + 3);
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int4}).cycles, 3u + 32 + 3);     // int4 at twice the int8 rate
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Fp16}).cycles, 3u + 128 + 3);
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Fp32}).cycles, 3u + 256 + 3);
    EXPECT_EQ(hw::steadyCycles(63, 2.0, 1.0), 32u);                         // ceil(63 / 2)
}

TEST(Sparsity, ZeroSkipScalesCyclesOnlyWhenEnabled) {
    const workloads::GemmShape g{1, 4, 4, 64};
    hw::ArrayConfig a = array4();
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.25}).cycles, 3u + 64 + 3);   // no zero-skip: no saving
    a.zeroSkip = true;
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.25}).cycles, 3u + 16 + 3);   // 64 x 0.25
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int4, 0.25}).cycles, 3u + 8 + 3);    // and int4 packing
}

TEST(Sparsity, ZeroSkipCompactsTheReductionDimensionInEveryDataflow) {
    // m = 100, n = 4, k = 8 on 4 x 4, half the weights zero. ws holds k on the rows (Sr = k, T = m):
    // 2 row folds of fill 2R - 1 = 7 + 100 + drain 3 dense, 1 fold with k compacted to 4; m still streams
    // whole. is (Sr = k, Sc = m, T = n): 2 x 25 folds of 7 + 4 + 3 dense, 1 x 25 compacted. os (T = k):
    // 25 folds of 3 + 8 + 3 dense, of 3 + 4 + 3 compacted.
    const workloads::GemmShape g{1, 100, 4, 8};
    hw::ArrayConfig a = array4();
    a.zeroSkip = true;
    a.dataflow = hw::Dataflow::WeightStationary;
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 1.0}).cycles, 2u * (7 + 100 + 3));
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.5}).cycles, 1u * (7 + 100 + 3));
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.5}).folds, 1u);
    a.dataflow = hw::Dataflow::InputStationary;
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 1.0}).cycles, 2u * 25 * (7 + 4 + 3));
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.5}).cycles, 1u * 25 * (7 + 4 + 3));
    a.dataflow = hw::Dataflow::OutputStationary;
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 1.0}).cycles, 25u * (3 + 8 + 3));
    EXPECT_EQ(hw::gemmTiming(a, g, {DType::Int8, 0.5}).cycles, 25u * (3 + 4 + 3));
}

TEST(WeightStorage, PruningAndSharingByHand) {
    const workloads::Layer l = linear(256, 128);   // 32768 weights
    workloads::WeightCompression c;
    EXPECT_EQ(workloads::weightStorage(l, DType::Int8, c).effectiveBytes, 32768u);   // dense
    EXPECT_EQ(workloads::weightStorage(l, DType::Fp16, c).effectiveBytes, 65536u);   // fp16: twice int8
    c.weightDensity = 0.25;
    // bitmap: 0.25 x 8 + 1 = 3 bits per weight.
    EXPECT_EQ(workloads::weightStorage(l, DType::Int8, c).effectiveBytes, 32768u * 3 / 8);
    c.sparseFormat = "csr";   // 0.25 x (8 + 8) = 4 bits
    EXPECT_EQ(workloads::weightStorage(l, DType::Int8, c).effectiveBytes, 32768u * 4 / 8);
    c.sparseFormat = "none";  // stored dense: no traffic saving
    EXPECT_EQ(workloads::weightStorage(l, DType::Int8, c).effectiveBytes, 32768u);
    c = {};
    c.sharingBits = 4;        // 4-bit indices + a 16-entry int8 codebook
    EXPECT_EQ(workloads::weightStorage(l, DType::Int8, c).effectiveBytes, 32768u / 2 + 16);
    workloads::Layer hinted = l;   // a layer's own density wins over the default
    hinted.hints.weightDensity = 0.5;
    c = {};
    EXPECT_DOUBLE_EQ(workloads::weightStorage(hinted, DType::Int8, c).density, 0.5);
    EXPECT_EQ(workloads::weightStorage(hinted, DType::Int8, c).effectiveBytes, 32768u * 5 / 8);   // 0.5 x 8 + 1
    // Attention's activation operands are never compressed.
    workloads::Matmul qk;
    qk.m = qk.n = qk.k = 16;
    qk.b = workloads::MatmulOperand::Activation;
    EXPECT_EQ(workloads::weightStorage({"qk", qk, {}, 0}, DType::Int8, c).effectiveBytes, 0u);
    // A bias is stored dense: 128 int8 bias values + the 32768 weights at 0.25 x 8 + 1 = 3 bits (or as
    // 4-bit shared indices + the codebook).
    workloads::Layer biased = l;
    std::get<workloads::Matmul>(biased.op).bias = true;
    c = {};
    c.weightDensity = 0.25;
    EXPECT_EQ(workloads::weightStorage(biased, DType::Int8, c).effectiveBytes, 32768u * 3 / 8 + 128);
    EXPECT_EQ(workloads::weightStorage(biased, DType::Fp16, c).effectiveBytes, 32768u * (0.25 * 16 + 1) / 8 + 256);
    c = {};
    c.sharingBits = 4;
    EXPECT_EQ(workloads::weightStorage(biased, DType::Int8, c).effectiveBytes, 32768u / 2 + 128 + 16);
    EXPECT_EQ(workloads::weightStorage(biased, DType::Int8, {}).effectiveBytes, 32768u + 128);   // dense
}
