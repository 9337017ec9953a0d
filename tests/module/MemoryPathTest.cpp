// SPDX-License-Identifier: Apache-2.0
// The NPU with the memory path (memory.model = dram) on small workloads: bytes are conserved from the
// tiler's plan through the DMA to the DRAM, no layer beats its roofline bound, the protocol checker sees
// no violation, and a memory-starved configuration is memory-bound.
#include <gtest/gtest.h>

#include <sstream>
#include <systemc>

#include "hw_models/compute/DataflowTiming.h"
#include "sim/top/NpuTop.h"
#include "workloads/Tiler.h"
#include "workloads/Trace.h"

using namespace npu;

namespace {
const char* kTrace =
    "conv2d name=c1 batch=2 h=32 w=32 c_in=16 c_out=64 kernel=3 padding=1 bias=1\n"
    "silu name=a1 elements=131072\n"
    "conv2d name=c2 batch=2 h=32 w=32 c_in=64 c_out=64 kernel=3 stride=2 padding=1\n"
    "matmul name=fc batch=1 m=512 n=256 k=64 b=weight bias=1\n"
    "matmul name=qk batch=4 m=128 n=128 k=64 b=activation\n"
    "softmax name=sm elements=65536\n"
    "add name=res elements=131072\n";

sim::SimConfig memoryConfig() {
    sim::SimConfig cfg;
    cfg.memory.model = sim::MemoryModel::Dram;
    cfg.memory.checkDram = true;
    cfg.array.rows = 32;
    cfg.array.cols = 32;
    cfg.sram.inputKib = 64;
    cfg.sram.weightKib = 64;
    cfg.sram.outputKib = 64;
    return cfg;
}
}  // namespace

TEST(MemoryPath, BytesAreConservedAndNoLayerBeatsItsRoofline) {
    std::istringstream in(kTrace);
    const workloads::Workload w = workloads::readNativeTrace(in, "mem.trace");
    const sim::SimConfig cfg = memoryConfig();
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::RunResult& r = top.result();
    ASSERT_EQ(r.layers.size(), w.layers.size());
    ASSERT_TRUE(r.memoryPath);

    const auto dram = top.dram()->stats().total();
    uint64_t layerRead = 0, layerWrite = 0, cycles = 0;
    const double peakBytesPerCoreCycle = cfg.dram.peakBandwidthGBps() / (cfg.clock.freqMhz / 1000.0);
    for (size_t i = 0; i < r.layers.size(); ++i) {
        const sim::LayerResult& l = r.layers[i];
        layerRead += l.dramReadBytes;
        layerWrite += l.dramWriteBytes;
        cycles += l.cycles;
        EXPECT_EQ(l.macs, workloads::layerMacs(w.layers[i])) << l.name;
        EXPECT_EQ(l.cycles, l.computeCycles + l.stallCycles) << l.name;
        // Roofline: no faster than its MACs at the array's peak, nor its DRAM bytes at DRAM's peak.
        const double macBound = double(l.macs) / (cfg.array.rows * cfg.array.cols);
        const double memBound = double(l.dramReadBytes + l.dramWriteBytes) / peakBytesPerCoreCycle;
        EXPECT_GE(double(l.cycles), std::max(macBound, memBound)) << l.name;
        EXPECT_GT(l.dramReadBytes, 0u) << l.name;
        EXPECT_GT(l.dramWriteBytes, 0u) << l.name;
    }
    // Every byte the layers account for was served by the DRAM, and nothing else was.
    EXPECT_EQ(layerRead, dram.bytesRead);
    EXPECT_EQ(layerWrite, dram.bytesWritten);
    EXPECT_EQ(cycles, r.cycles);
    EXPECT_GT(top.dram()->checkedCommands(), 0u);   // the checker saw every command; a violation throws
}

TEST(MemoryPath, GemmTrafficEqualsTheTilersPlanUpToBurstRounding) {
    // One 8-bit linear layer whose tiles are whole bursts: DRAM bytes equal the plan exactly.
    std::istringstream in("matmul name=fc batch=1 m=512 n=256 k=256 b=weight\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "fc.trace");
    const sim::SimConfig cfg = memoryConfig();
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::LayerResult& l = top.result().layers.at(0);
    workloads::TilerConfig tc;
    tc.bufferABytes = tc.bufferBBytes = tc.bufferCBytes = 64 * 1024;
    tc.arrayRows = tc.arrayCols = 32;
    const workloads::TilePlan plan = workloads::planGemm(w.layers[0], tc, workloads::operandBits(workloads::DType::Int8));
    EXPECT_EQ(l.tiling, plan.describe());
    EXPECT_EQ(l.tileSteps, plan.steps);
    EXPECT_EQ(l.dramReadBytes, plan.dramReadBytesA + plan.dramReadBytesB + plan.dramReadBytesC);
    EXPECT_EQ(l.dramWriteBytes, plan.dramWriteBytesC);
    // Tiling adds fill/drain per tile: compute is at least the untiled GEMM's cycles.
    EXPECT_GE(l.computeCycles, hw::gemmTiming(cfg.array, workloads::lowerToGemm(w.layers[0])).cycles);
}

TEST(MemoryPath, NarrowDramMakesAStreamingLayerMemoryBound) {
    // One channel of LPDDR5X at 1/4 of the default width: an add (3 bytes moved per element, 1 cycle per
    // 128 elements) cannot keep up and waits for memory.
    std::istringstream in("add name=res elements=1048576\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "add.trace");
    sim::SimConfig cfg = memoryConfig();
    cfg.dram.organization.channels = 1;
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const sim::LayerResult& l = top.result().layers.at(0);
    EXPECT_EQ(l.bound, "memory");
    EXPECT_GT(l.stallCycles, l.computeCycles);
    EXPECT_EQ(l.dramReadBytes, 2u * 1048576u);
    EXPECT_EQ(l.dramWriteBytes, 1048576u);
    // Memory-bound: the layer takes at least its bytes at one channel's peak bandwidth.
    const double bytesPerCycle = cfg.dram.peakBandwidthGBps() / (cfg.clock.freqMhz / 1000.0);
    EXPECT_GE(double(l.cycles), 3.0 * 1048576.0 / bytesPerCycle);
}

TEST(MemoryPath, FusedAttentionKeepsScoresOnChip) {
    // One attention head group: Q, K, V of 4 x 256 x 64 int8; scores 4 x 256 x 256 never reach DRAM.
    std::istringstream in(
        "matmul name=qk batch=4 m=256 n=256 k=64 b=activation\n"
        "softmax name=sm elements=262144\n"
        "matmul name=pv batch=4 m=256 n=64 k=256 b=activation\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "attn.trace");
    sim::SimConfig cfg = memoryConfig();
    cfg.attention.fused = true;
    cfg.sram.inputKib = cfg.sram.weightKib = cfg.sram.outputKib = 256;
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    const auto& L = top.result().layers;
    ASSERT_EQ(L.size(), 3u);
    uint64_t read = 0, written = 0;
    for (const auto& l : L) {
        read += l.dramReadBytes;
        written += l.dramWriteBytes;
        EXPECT_EQ(l.cycles, l.computeCycles + l.stallCycles) << l.name;
    }
    EXPECT_EQ(read, 3u * 4 * 256 * 64);      // Q, K and V once each
    EXPECT_EQ(written, 4u * 256 * 64);       // only the output
    EXPECT_EQ(L[0].macs, 4u * 256 * 256 * 64);
    EXPECT_EQ(L[2].macs, 4u * 256 * 64 * 256);
    EXPECT_EQ(L[0].tiling.rfind("fused q-block", 0), 0u);
    EXPECT_EQ(L[1].dramReadBytes + L[1].dramWriteBytes, 0u);   // softmax works on chip
    EXPECT_EQ(top.dram()->stats().total().bytesRead, read);
    // Every SRAM access belongs to a layer, the DMA's fills and drains included (each step's batch to
    // the layer whose step it overlaps: Q, K, V loads and all but the last output block to qk).
    uint64_t sramReads = 0, sramWrites = 0;
    for (const auto& l : L) {
        sramReads += l.sramReads;
        sramWrites += l.sramWrites;
    }
    EXPECT_EQ(sramReads, top.sram()->reads());
    EXPECT_EQ(sramWrites, top.sram()->writes());
    const uint64_t line = cfg.sram.bankWidthBytes;
    EXPECT_GE(L[0].sramWrites * line, read);        // the fills of Q, K and V
    EXPECT_GE(L[2].sramReads * line, 256u * 64);    // at least the last output block's drain
}

TEST(MemoryPath, Fp16MovesTwiceTheBytesOfInt8AndPruningCutsWeightTraffic) {
    // Three NPUs in one simulation: the same linear layer at int8, at fp16, and int8 with 25 % dense
    // weights in bitmap format (3 bits per weight instead of 8).
    std::istringstream a("matmul name=fc m=512 n=256 k=256 b=weight\n");
    std::istringstream b("matmul name=fc m=512 n=256 k=256 b=weight dtype=fp16\n");
    std::istringstream c("matmul name=fc m=512 n=256 k=256 b=weight weight_density=0.25\n");
    const workloads::Workload wa = workloads::readNativeTrace(a, "a.trace");
    const workloads::Workload wb = workloads::readNativeTrace(b, "b.trace");
    const workloads::Workload wc = workloads::readNativeTrace(c, "c.trace");
    sim::SimConfig cfg = memoryConfig();
    cfg.sram.inputKib = cfg.sram.weightKib = cfg.sram.outputKib = 1024;   // whole operands fit: one tile
    sim::NpuTop ta("npu_a", cfg, wa), tb("npu_b", cfg, wb), tc("npu_c", cfg, wc);
    sc_core::sc_start();
    const auto& la = ta.result().layers.at(0);
    const auto& lb = tb.result().layers.at(0);
    const auto& lc = tc.result().layers.at(0);
    EXPECT_EQ(lb.dramReadBytes, 2 * la.dramReadBytes);
    EXPECT_EQ(lb.dramWriteBytes, 2 * la.dramWriteBytes);
    // int8: A 512x256 + B 256x256 read, C 512x256 written, once each.
    EXPECT_EQ(la.dramReadBytes, 512u * 256 + 256u * 256);
    EXPECT_EQ(lc.effectiveWeightBytes, 256u * 256 * 3 / 8);
    EXPECT_EQ(lc.dramReadBytes, 512u * 256 + 256u * 256 * 3 / 8);
    EXPECT_EQ(lc.computeCycles, la.computeCycles);   // no zero-skip: sparsity saves traffic, not cycles
}

TEST(MemoryPath, PredictedPowerOfStreamingLayersCountsTheDmasSramTraffic) {
    // Two memory-bound vector layers at the default configuration: their SRAM traffic is half the DMA's
    // (fills of the inputs, drains of the outputs) and half the vector unit's. The DFS predictor counts
    // both, so its power is within 5 % of the simulated one (without the DMA's half it was 21 % and 35 %
    // low); the rest is DRAM time the prediction takes at peak bandwidth.
    std::istringstream in("silu name=s elements=1048576\nadd name=a elements=1048576\n");
    const workloads::Workload w = workloads::readNativeTrace(in, "stream.trace");
    sim::SimConfig cfg;
    sim::NpuTop top("npu", cfg, w);
    sc_core::sc_start();
    for (const sim::LayerResult& l : top.result().layers) {
        EXPECT_EQ(l.bound, "memory") << l.name;
        EXPECT_NEAR(l.avgPowerW / l.predictedPowerW, 1.0, 0.05) << l.name;
    }
}
