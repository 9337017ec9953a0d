// SPDX-License-Identifier: Apache-2.0
#include "sim/top/Sequencer.h"

#include <algorithm>
#include <cmath>

namespace npu::sim {
namespace {

using Buffer = hw::SramBuffer::Buffer;

/// A DMA block and the SRAM buffer half it fills or drains.
struct Transfer {
    hw::DmaBlock block;
    Buffer buffer;
    int half;
};

uint64_t bitsToBytes(uint64_t elements, uint32_t bits) { return (elements * bits + 7) / 8; }

/// DRAM counters of one moment, to take per-layer differences.
struct DramSnapshot {
    uint64_t bytesRead = 0, bytesWritten = 0, hits = 0, misses = 0, conflicts = 0, reads = 0;
    double readLatencySumCycles = 0.0;
    static DramSnapshot of(const hw::DramController& d) {
        const auto t = d.stats().total();
        DramSnapshot s;
        s.bytesRead = t.bytesRead;
        s.bytesWritten = t.bytesWritten;
        s.hits = t.counts.rowHits;
        s.misses = t.counts.rowMisses;
        s.conflicts = t.counts.rowConflicts;
        s.reads = t.readLatency.count();
        s.readLatencySumCycles = t.readLatency.meanCycles() * double(t.readLatency.count());
        return s;
    }
};

}  // namespace

Sequencer::Sequencer(sc_core::sc_module_name name, const workloads::Workload& work, Schedule schedule,
                     workloads::DType defaultDType, hw::ClockDomain& clk, hw::SystolicArray& array,
                     hw::VectorUnit& vector, std::optional<MemoryPath> memory)
    : sc_module(name),
      work_(work),
      schedule_(schedule.empty() ? Schedule{{work.name, 0, work.layers.size()}} : std::move(schedule)),
      defaultDType_(defaultDType),
      clk_(clk),
      array_(array),
      vector_(vector),
      mem_(std::move(memory)) {
    SC_HAS_PROCESS(Sequencer);
    SC_THREAD(runThread);
    result_.memoryPath = mem_.has_value();
}

void Sequencer::runThread() {
    for (const ScheduleEntry& e : schedule_) {
        SegmentResult seg;
        seg.stage = e.stage;
        seg.firstResult = result_.layers.size();
        const int64_t startCycles = std::llround(clk_.cycleCount());
        const sc_core::sc_time startTime = sc_core::sc_time_stamp();
        for (size_t i = e.first; i < e.first + e.count; ++i) {
            current_ = static_cast<int64_t>(i);
            LayerResult r = runLayer(i);
            r.index = i;
            r.segment = static_cast<uint32_t>(result_.segments.size());
            result_.layers.push_back(std::move(r));
        }
        seg.results = result_.layers.size() - seg.firstResult;
        seg.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()) - startCycles);
        seg.timeS = (sc_core::sc_time_stamp() - startTime).to_seconds();
        result_.segments.push_back(std::move(seg));
    }
    result_.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()));
    result_.timeS = sc_core::sc_time_stamp().to_seconds();
}

LayerResult Sequencer::runLayer(size_t index) {
    const workloads::Layer& l = work_.layers[index];
    LayerResult r;
    r.name = l.name;
    r.op = workloads::opName(l);
    r.unit = l.isVector() ? "vector" : "array";
    r.dtype = l.hints.dtype.value_or(defaultDType_);
    r.weightParams = workloads::layerWeightParams(l);
    const workloads::TensorElems e = workloads::layerTensorElems(l);
    r.weightBytes = workloads::dtypeBytes(r.dtype, e.weight);
    r.inputBytes = workloads::dtypeBytes(r.dtype, e.input);
    r.outputBytes = workloads::dtypeBytes(r.dtype, e.output);

    // Layer cycles are differences of the rounded cumulative count, so they add up to the run's exactly.
    const int64_t startCycles = std::llround(clk_.cycleCount());
    const sc_core::sc_time startTime = sc_core::sc_time_stamp();
    if (!mem_) {
        if (l.isVector()) {
            r.computeCycles = vector_.run(l.vector());
        } else {
            const hw::GemmTiming t = array_.run(workloads::lowerToGemm(l));
            r.macs = t.macs;
            r.folds = t.folds;
            r.computeCycles = t.cycles;
        }
    } else {
        const DramSnapshot d0 = DramSnapshot::of(mem_->dram);
        const uint64_t sramReads0 = mem_->sram.reads(), sramWrites0 = mem_->sram.writes();
        const uint64_t conflicts0 = mem_->sram.conflictCycles();
        const workloads::LayerPlacement& pl = mem_->placement.layers[index];
        if (l.isVector()) runStreamed(l, pl, r);
        else runTiled(l, pl, r);
        const DramSnapshot d1 = DramSnapshot::of(mem_->dram);
        r.dramReadBytes = d1.bytesRead - d0.bytesRead;
        r.dramWriteBytes = d1.bytesWritten - d0.bytesWritten;
        r.rowHits = d1.hits - d0.hits;
        r.rowMisses = d1.misses - d0.misses;
        r.rowConflicts = d1.conflicts - d0.conflicts;
        const uint64_t reads = d1.reads - d0.reads;
        r.avgReadLatencyNs = reads ? (d1.readLatencySumCycles - d0.readLatencySumCycles) / double(reads) *
                                         mem_->dram.period().to_seconds() * 1e9
                                   : 0.0;
        r.sramReads = mem_->sram.reads() - sramReads0;
        r.sramWrites = mem_->sram.writes() - sramWrites0;
        r.bankConflictCycles = mem_->sram.conflictCycles() - conflicts0;
        r.bound = r.dmaBusyCycles > r.computeCycles ? "memory" : "compute";
    }
    r.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()) - startCycles);
    r.stallCycles = r.cycles > r.computeCycles ? r.cycles - r.computeCycles : 0;
    r.timeS = (sc_core::sc_time_stamp() - startTime).to_seconds();
    if (mem_ && r.timeS > 0) r.dramBandwidthGBps = double(r.dramReadBytes + r.dramWriteBytes) / r.timeS / 1e9;
    const auto& a = array_.config();
    r.utilization = r.cycles ? double(r.macs) / (double(a.rows) * a.cols * double(r.cycles)) : 0.0;
    return r;
}

template <class Compute>
void Sequencer::pipelineStep(const std::vector<hw::DmaBlock>& batch, Compute&& compute, LayerResult& r) {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const double startCycles = clk_.cycleCount();
    const sc_core::sc_time dmaEnd = mem_->dma.start(batch);
    compute();
    // The core resumes at its first clock edge at or after the DMA's last byte.
    if (dmaEnd > sc_core::sc_time_stamp())
        clk_.waitCycles(std::ceil((dmaEnd - sc_core::sc_time_stamp()) / clk_.period() - 1e-9));
    r.dmaBusyCycles += static_cast<uint64_t>(std::llround((dmaEnd - start) / clk_.period()));
    const auto stepCycles = static_cast<uint64_t>(std::llround(clk_.cycleCount() - startCycles));
    if (const uint64_t extra = mem_->sram.endStep(stepCycles)) clk_.waitCycles(double(extra));
}

void Sequencer::runTiled(const workloads::Layer& l, const workloads::LayerPlacement& pl, LayerResult& r) {
    using workloads::Operand;
    const workloads::OperandBits bits = workloads::layerOperandBits(l, defaultDType_);
    const workloads::TilePlan plan = workloads::planGemm(l, mem_->tiler, bits);
    r.tiling = plan.describe();
    r.tileSteps = plan.steps;
    std::vector<workloads::TileStep> steps;
    steps.reserve(plan.steps);
    workloads::forEachStep(plan, [&](const workloads::TileStep& s) { steps.push_back(s); });

    std::vector<hw::DmaBlock> batch;
    auto add = [&](const workloads::TileStep& s, Operand op, bool store, int half) {
        const Buffer buf = op == Operand::A ? Buffer::Input : op == Operand::B ? Buffer::Weight : Buffer::Output;
        for (const workloads::Block& b : workloads::tileBlocks(plan, pl, s, op)) {
            batch.push_back({b.base, b.runBytes, b.runs, b.strideBytes, store});
            mem_->sram.access(buf, half, 0, b.bytes(), /*write=*/!store);   // DMA side of the buffer
        }
    };
    auto loads = [&](size_t i) {
        const workloads::TileStep& s = steps[i];
        const int half = int(i % 2);
        if (s.loadA) add(s, Operand::A, false, half);
        if (s.loadB) add(s, Operand::B, false, half);
        if (s.loadC) add(s, Operand::C, false, half);
    };
    auto stores = [&](size_t i) {
        if (steps[i].storeC) add(steps[i], Operand::C, true, int(i % 2));
    };
    auto compute = [&](size_t i) {
        const workloads::TileStep& s = steps[i];
        const int half = int(i % 2);
        const hw::ArraySramTraffic t = hw::arraySramTraffic(array_.config(), s.mt, s.nt, s.kt);
        mem_->sram.access(Buffer::Input, half, 0, bitsToBytes(t.aReads, bits.a), false);
        mem_->sram.access(Buffer::Weight, half, 0, bitsToBytes(t.bReads, bits.b), false);
        mem_->sram.access(Buffer::Output, half, 0, bitsToBytes(t.cReads, bits.c), false);
        mem_->sram.access(Buffer::Output, half, 0, bitsToBytes(t.cWrites, bits.c), true);
        clk_.waitCycles(mem_->sram.config().latencyCycles);   // first operands out of the SRAM
        const hw::GemmTiming g = array_.run({1, s.mt, s.nt, s.kt});
        r.macs += g.macs;
        r.folds += g.folds;
        r.computeCycles += g.cycles;
    };

    batch.clear();
    loads(0);
    pipelineStep(batch, [] {}, r);   // prologue: the first tile's operands
    for (size_t i = 0; i < steps.size(); ++i) {
        batch.clear();
        if (i + 1 < steps.size()) loads(i + 1);
        if (i > 0) stores(i - 1);
        pipelineStep(batch, [&] { compute(i); }, r);
    }
    batch.clear();
    stores(steps.size() - 1);
    pipelineStep(batch, [] {}, r);   // epilogue: the last tile's results
}

void Sequencer::runStreamed(const workloads::Layer& l, const workloads::LayerPlacement& pl, LayerResult& r) {
    // Element-wise and normalisation ops stream: inputs in, results out, in chunks that fit half of the
    // input and output buffers (double buffering). Parameters (norm affine, looked-up embedding rows) are
    // loaded with the first chunk.
    const workloads::VectorOp& op = l.vector();
    const uint64_t halfIn = mem_->sram.bufferBytes(Buffer::Input) / 2;
    const uint64_t halfOut = mem_->sram.bufferBytes(Buffer::Output) / 2;
    const uint64_t inBytes = pl.inputBytes + pl.input2Bytes;
    const uint64_t chunks = std::max<uint64_t>({1, hw::ceilDiv(inBytes, halfIn), hw::ceilDiv(pl.outputBytes, halfOut)});
    const uint64_t paramBytes = workloads::dtypeBytes(r.dtype, workloads::layerTensorElems(l).weight);
    r.tiling = "stream x" + std::to_string(chunks);
    r.tileSteps = chunks;
    auto part = [&](uint64_t total, uint64_t j) { return total * (j + 1) / chunks - total * j / chunks; };
    auto offset = [&](uint64_t total, uint64_t j) { return total * j / chunks; };

    std::vector<hw::DmaBlock> batch;
    auto addBlock = [&](uint64_t addr, uint64_t bytes, bool store, Buffer buf, int half) {
        if (bytes == 0) return;
        batch.push_back({addr, bytes, 1, bytes, store});
        mem_->sram.access(buf, half, 0, bytes, !store);
    };
    auto loads = [&](uint64_t j) {
        const int half = int(j % 2);
        if (j == 0) addBlock(pl.weightAddr, paramBytes, false, Buffer::Weight, 0);
        addBlock(pl.inputAddr + offset(pl.inputBytes, j), part(pl.inputBytes, j), false, Buffer::Input, half);
        addBlock(pl.input2Addr + offset(pl.input2Bytes, j), part(pl.input2Bytes, j), false, Buffer::Input, half);
    };
    auto stores = [&](uint64_t j) {
        addBlock(pl.outputAddr + offset(pl.outputBytes, j), part(pl.outputBytes, j), true, Buffer::Output, int(j % 2));
    };
    auto compute = [&](uint64_t j) {
        const int half = int(j % 2);
        mem_->sram.access(Buffer::Input, half, 0, part(inBytes, j), false);
        mem_->sram.access(Buffer::Output, half, 0, part(pl.outputBytes, j), true);
        clk_.waitCycles(mem_->sram.config().latencyCycles);
        workloads::VectorOp chunk = op;
        chunk.elements = part(op.elements, j);
        r.computeCycles += vector_.run(chunk);
    };

    batch.clear();
    loads(0);
    pipelineStep(batch, [] {}, r);
    for (uint64_t j = 0; j < chunks; ++j) {
        batch.clear();
        if (j + 1 < chunks) loads(j + 1);
        if (j > 0) stores(j - 1);
        pipelineStep(batch, [&] { compute(j); }, r);
    }
    batch.clear();
    stores(chunks - 1);
    pipelineStep(batch, [] {}, r);
}

}  // namespace npu::sim
