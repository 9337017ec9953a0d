// SPDX-License-Identifier: Apache-2.0
#include "sim/top/Sequencer.h"

#include <algorithm>
#include <cmath>

#include "hw_models/common/Error.h"

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

}  // namespace

Sequencer::Sequencer(sc_core::sc_module_name name, const workloads::Workload& work, Schedule schedule,
                     workloads::DType defaultDType, hw::ClockDomain& clk, hw::SystolicArray& array,
                     hw::VectorUnit& vector, std::optional<MemoryPath> memory, bool fuseAttention,
                     hw::DfsGovernor governor, sc_core::sc_time transition, const hw::SramConfig& sram,
                     const EnergyAccounting& energy, const workloads::WeightCompression& compression)
    : sc_module(name),
      work_(work),
      schedule_(schedule.empty() ? Schedule{{work.name, 0, work.layers.size()}} : std::move(schedule)),
      defaultDType_(defaultDType),
      clk_(clk),
      array_(array),
      vector_(vector),
      mem_(std::move(memory)),
      fuseAttention_(fuseAttention && mem_.has_value()),
      governor_(std::move(governor)),
      sramCfg_(sram),
      energy_(energy),
      compression_(compression),
      transition_(transition) {
    SC_HAS_PROCESS(Sequencer);
    SC_THREAD(runThread);
    result_.memoryPath = mem_.has_value();
}

DramActivity& Sequencer::dramActivity() {
    if (!dramActivity_) dramActivity_ = std::make_unique<DramActivity>(mem_->dram.engine().config());
    return *dramActivity_;
}

void Sequencer::setTimeline(TimelineRecorder* t) {
    timeline_ = t;
    if (!t || !mem_) return;
    mem_->dram.setCollectSpans(true);
    t->setDramChannels(mem_->dram.engine().config().organization.channels);
}

void Sequencer::setWaveform(VcdWriter* vcd, LayerWindow window) {
    vcd_ = vcd;
    window_ = std::move(window);
    vcd->add(waveLayer_, std::string(name()) + ".layer", 32);
    vcd->add(waveOpIndex_, "npu.dfs.op_index", 8);
    wavePowerCore_ = vcd->addLate("npu.power.core_w", hw::WaveformSinkIf::LateKind::Real, 0, false);
    if (energy_.hasDramEnergy()) wavePowerDram_ = vcd->addLate("npu.power.dram_w", hw::WaveformSinkIf::LateKind::Real, 0, false);
    if (mem_) dramActivity().attachWaveform(*vcd, std::string(mem_->dram.name()));
    const auto& pts = governor_.points();
    for (size_t i = 0; i < pts.size(); ++i)
        if (pts[i].freqHz == clk_.operatingPoint().freqHz && pts[i].voltageV == clk_.operatingPoint().voltageV)
            waveOpIndex_.set(i);
}

void Sequencer::enterLayer(size_t i) {
    traced_ = vcd_ && i < work_.layers.size() && window_.contains(i);
    if (vcd_) vcd_->setActive(traced_);
    if (dramActivity_) {
        dramActivity_->setWaveformActive(traced_);
        // The listener costs the DRAM engine its closed-form trains, the replication of channels and the
        // threads: attach it only while the waveform records (the timeline's spans need none).
        mem_->dram.setActivityListener(traced_ ? dramActivity_.get() : nullptr);
    }
}

void Sequencer::tracePower(const std::vector<LayerResult>& group, const sc_core::sc_time& start) {
    double timeS = 0.0, energyJ = 0.0, dramJ = 0.0;
    for (const LayerResult& r : group) {
        timeS += r.timeS;
        energyJ += r.energyJ;
        dramJ += r.energy.dramDynamic + r.energy.dramBackground;
    }
    if (timeS <= 0.0) return;
    const sc_core::sc_time end = sc_core::sc_time_stamp();
    vcd_->late(wavePowerCore_, start, (energyJ - dramJ) / timeS);
    vcd_->late(wavePowerCore_, end, 0.0);
    if (energy_.hasDramEnergy()) {
        vcd_->late(wavePowerDram_, start, dramJ / timeS);
        vcd_->late(wavePowerDram_, end, 0.0);
    }
}

void Sequencer::runThread() {
    try {
        runSchedule();
    } catch (const InputError&) {
        // Escaping the thread, it would reach sc_start's caller as an internal error: keep it for NpuTop.
        inputError_ = std::current_exception();
        sc_core::sc_stop();
    }
}

void Sequencer::runSchedule() {
    for (const ScheduleEntry& e : schedule_) {
        SegmentResult seg;
        seg.stage = e.stage;
        seg.firstResult = result_.layers.size();
        const int64_t startCycles = std::llround(clk_.cycleCount());
        const sc_core::sc_time startTime = sc_core::sc_time_stamp();
        std::vector<LayerResult> group;
        for (size_t i = e.first; i < e.first + e.count;) {
            current_ = static_cast<int64_t>(i);
            group.clear();
            enterLayer(i);
            const EnergyAccounting::TransitionEnergy te = applyDfs(work_.layers[i]);
            seg.transitionJ += te.staticJ + te.dramBackgroundJ;
            result_.transitionStaticJ += te.staticJ;
            result_.transitionDramJ += te.dramBackgroundJ;
            if (vcd_) waveLayer_.set(i);
            const sc_core::sc_time groupStart = sc_core::sc_time_stamp();
            if (fuseAttention_ && i + 2 < e.first + e.count && isAttention(i) && runFusedAttention(i, group)) {
                i += 3;
            } else {
                group.push_back(runLayer(i));
                ++i;
            }
            if (traced_) tracePower(group, groupStart);
            for (LayerResult& r : group) {
                r.segment = static_cast<uint32_t>(result_.segments.size());
                result_.layers.push_back(std::move(r));
            }
            if (progress_) progress_(result_.layers.size(), sc_core::sc_time_stamp().to_seconds());
        }
        seg.results = result_.layers.size() - seg.firstResult;
        seg.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()) - startCycles);
        seg.timeS = (sc_core::sc_time_stamp() - startTime).to_seconds();
        result_.segments.push_back(std::move(seg));
    }
    enterLayer(work_.layers.size());   // leaves the traced window, detaches the DRAM listener
    result_.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()));
    result_.timeS = sc_core::sc_time_stamp().to_seconds();
    result_.dfsTransitions = clk_.transitions();
    result_.dfsTransitionTimeS = clk_.transitionTime().to_seconds();
    result_.dramEnergyNote = energy_.dramNote();
    // SystemC writes a time step's values to the VCD when time moves on: one more step (1 fs, after every
    // result is taken) records the units going idle at the end of the last layer.
    if (vcd_) sc_core::wait(sc_core::sc_time::from_value(1));
}

EnergyAccounting::TransitionEnergy Sequencer::applyDfs(const workloads::Layer& l) {
    bool overCap = false;
    const hw::OperatingPoint& p = governor_.pointFor(l, &overCap);
    if (overCap) {
        ++result_.dfsOverCapLayers;
        SC_REPORT_WARNING(name(), ("layer '" + l.name + "': no operating point keeps its predicted power within "
                                   "dfs.power_cap_w; it runs at the lowest point")
                                      .c_str());
    }
    const hw::OperatingPoint& now = clk_.operatingPoint();
    if (p.freqHz == now.freqHz && p.voltageV == now.voltageV) return {};
    // The clock is stopped for the transition at the higher of the two voltages; the DRAM stands by.
    const double seconds = transition_.to_seconds();
    const EnergyAccounting::TransitionEnergy te = energy_.transitionEnergy(seconds, std::max(now.voltageV, p.voltageV));
    if (traced_ && seconds > 0) {
        vcd_->late(wavePowerCore_, sc_core::sc_time_stamp(), te.staticJ / seconds);
        if (energy_.hasDramEnergy()) vcd_->late(wavePowerDram_, sc_core::sc_time_stamp(), te.dramBackgroundJ / seconds);
    }
    clk_.transition(p, transition_);
    if (vcd_) waveOpIndex_.set(static_cast<uint64_t>(&p - governor_.points().data()));
    return te;
}

Sequencer::Meter Sequencer::meter() const {
    Meter m;
    m.cycles = std::llround(clk_.cycleCount());
    m.time = sc_core::sc_time_stamp();
    if (mem_) {
        // the counters summed over channels (DramStats::total() would also merge the histograms)
        uint64_t readCount = 0, readSum = 0;
        for (const hw::dram::DramChannelStats& c : mem_->dram.stats().channels) {
            m.dramRead += c.bytesRead;
            m.dramWritten += c.bytesWritten;
            m.hits += c.counts.rowHits;
            m.misses += c.counts.rowMisses;
            m.conflicts += c.counts.rowConflicts;
            readCount += c.readLatency.count();
            readSum += c.readLatency.sumCycles();
            DramCommandCounts& k = m.commands;
            k.act += c.counts.activates;
            k.pre += c.counts.precharges + c.prechargeAllBanks;   // (a PREA costs a PRE per bank it closes)
            k.rd += c.counts.reads;
            k.wr += c.counts.writes;
            k.ref += c.refreshes;
            k.refPb += c.counts.refreshesPerBank;
        }
        m.reads = readCount;
        // as meanCycles() x count() of the total (the same double rounding)
        m.readLatencySumCycles = readCount ? double(readSum) / double(readCount) * double(readCount) : 0.0;
        m.sramReads = mem_->sram.reads();
        m.sramWrites = mem_->sram.writes();
        m.bankConflicts = mem_->sram.conflictCycles();
    }
    return m;
}

void Sequencer::charge(const Meter& from, LayerAccum& a) const {
    const Meter now = meter();
    LayerResult& r = a.r;
    r.cycles += static_cast<uint64_t>(now.cycles - from.cycles);
    r.timeS += (now.time - from.time).to_seconds();
    r.dramReadBytes += now.dramRead - from.dramRead;
    r.dramWriteBytes += now.dramWritten - from.dramWritten;
    r.rowHits += now.hits - from.hits;
    r.rowMisses += now.misses - from.misses;
    r.rowConflicts += now.conflicts - from.conflicts;
    r.sramReads += now.sramReads - from.sramReads;
    r.sramWrites += now.sramWrites - from.sramWrites;
    r.bankConflictCycles += now.bankConflicts - from.bankConflicts;
    a.reads += now.reads - from.reads;
    r.dramCommands.act += now.commands.act - from.commands.act;
    r.dramCommands.pre += now.commands.pre - from.commands.pre;
    r.dramCommands.rd += now.commands.rd - from.commands.rd;
    r.dramCommands.wr += now.commands.wr - from.commands.wr;
    r.dramCommands.ref += now.commands.ref - from.commands.ref;
    r.dramCommands.refPb += now.commands.refPb - from.commands.refPb;
    a.readLatencySumCycles += now.readLatencySumCycles - from.readLatencySumCycles;
}

Sequencer::LayerAccum Sequencer::begin(size_t index) const {
    const workloads::Layer& l = work_.layers[index];
    LayerAccum a;
    LayerResult& r = a.r;
    r.index = index;
    r.startS = sc_core::sc_time_stamp().to_seconds();
    r.name = l.name;
    r.op = workloads::opName(l);
    r.unit = l.isVector() ? "vector" : "array";
    r.dtype = l.hints.dtype.value_or(defaultDType_);
    r.weightParams = workloads::layerWeightParams(l);
    const workloads::TensorElems e = workloads::layerTensorElems(l);
    r.weightBytes = workloads::dtypeBytes(r.dtype, e.weight);
    r.inputBytes = workloads::dtypeBytes(r.dtype, e.input);
    r.outputBytes = workloads::dtypeBytes(r.dtype, e.output);
    const workloads::WeightStorage ws = workloads::weightStorage(l, r.dtype, compression_);
    r.effectiveWeightBytes = ws.effectiveBytes;
    r.weightDensity = ws.density;
    r.freqMhz = clk_.operatingPoint().freqHz / 1e6;
    r.voltageV = clk_.operatingPoint().voltageV;
    r.predictedPowerW = governor_.predictor()(l, clk_.operatingPoint()).powerW();
    return a;
}

LayerResult Sequencer::finish(LayerAccum& a) const {
    LayerResult& r = a.r;
    r.stallCycles = r.cycles > r.computeCycles ? r.cycles - r.computeCycles : 0;
    if (mem_) {
        r.avgReadLatencyNs = a.reads ? a.readLatencySumCycles / double(a.reads) * mem_->dram.period().to_seconds() * 1e9 : 0.0;
        if (r.timeS > 0) r.dramBandwidthGBps = double(r.dramReadBytes + r.dramWriteBytes) / r.timeS / 1e9;
        r.bound = r.dmaBusyCycles > r.computeCycles ? "memory" : "compute";
    }
    r.utilization = hw::arrayUtilization(array_.config(), r.macs, r.cycles, {r.dtype, r.weightDensity});
    energy_.charge(r, work_.layers[r.index]);
    if (timeline_)
        timeline_->span(TimelineRecorder::Layers, r.name, r.startS, r.startS + r.timeS,
                        {{"op", r.op}, {"cycles", r.cycles}, {"stall_cycles", r.stallCycles}, {"macs", r.macs},
                         {"energy_j", r.energyJ}, {"tiling", r.tiling}});
    return std::move(r);
}

LayerResult Sequencer::runLayer(size_t index) {
    const workloads::Layer& l = work_.layers[index];
    LayerAccum a = begin(index);
    LayerResult& r = a.r;
    const Meter m = meter();
    if (!mem_) {
        // Operands are on chip: count the SRAM line accesses of the array's or vector unit's operand
        // traffic (for energy; no bank contention without the memory path).
        const uint64_t line = sramCfg_.bankWidthBytes;
        if (l.isVector()) {
            r.sramReads = hw::ceilDiv(r.inputBytes, line);
            r.sramWrites = hw::ceilDiv(r.outputBytes, line);
            const double t0 = sc_core::sc_time_stamp().to_seconds();
            r.computeCycles = vector_.run(l.vector());
            if (timeline_) timeline_->span(TimelineRecorder::Vector, r.name, t0, sc_core::sc_time_stamp().to_seconds());
        } else {
            const workloads::GemmShape g = workloads::lowerToGemm(l);
            const workloads::OperandBits bits = workloads::layerOperandBits(l, defaultDType_);
            const hw::ArraySramTraffic t = hw::arraySramTraffic(array_.config(), g.m, g.n, g.k);
            r.weightsFetched = g.repeats * t.bReads;
            r.sramReads = g.repeats * (hw::ceilDiv(bitsToBytes(t.aReads, bits.a), line) +
                                       hw::ceilDiv(bitsToBytes(t.bReads, bits.b), line) +
                                       hw::ceilDiv(bitsToBytes(t.cReads, bits.c), line));
            r.sramWrites = g.repeats * hw::ceilDiv(bitsToBytes(t.cWrites, bits.c), line);
        }
        if (!l.isVector()) {
            const double t0 = sc_core::sc_time_stamp().to_seconds();
            const hw::GemmTiming t = array_.run(workloads::lowerToGemm(l), {r.dtype, r.weightDensity});
            if (timeline_) timeline_->span(TimelineRecorder::Array, r.name, t0, sc_core::sc_time_stamp().to_seconds());
            r.macs = t.macs;
            r.folds = t.folds;
            r.computeCycles = t.cycles;
        }
    } else {
        const workloads::LayerPlacement& pl = mem_->placement.layers[index];
        if (l.isVector()) runStreamed(l, pl, r);
        else runTiled(l, pl, r);
    }
    charge(m, a);
    return finish(a);
}

template <class Compute>
void Sequencer::pipelineStep(const std::vector<hw::DmaBlock>& batch, Compute&& compute, LayerResult& r) {
    const sc_core::sc_time start = sc_core::sc_time_stamp();
    const double startCycles = clk_.cycleCount();
    const sc_core::sc_time dmaEnd = mem_->dma.start(batch);
    if (timeline_ && mem_)
        for (const hw::DramController::Span& s : mem_->dram.takeSpans())
            timeline_->span(TimelineRecorder::dramChannel(s.channel), r.name, s.startS, s.endS,
                            {{"act", s.act}, {"pre", s.pre}, {"rd", s.rd}, {"wr", s.wr}, {"ref", s.ref}});
    const double computeStart = sc_core::sc_time_stamp().to_seconds();
    compute();
    if (timeline_) {
        const double computeEnd = sc_core::sc_time_stamp().to_seconds();
        if (computeEnd > computeStart)
            timeline_->span(r.unit == "vector" ? TimelineRecorder::Vector : TimelineRecorder::Array, r.name,
                            computeStart, computeEnd);
        uint64_t in = 0, out = 0;
        for (const hw::DmaBlock& b : batch) (b.write ? out : in) += b.bytes();
        if (in) timeline_->span(TimelineRecorder::DmaLoad, r.name, start.to_seconds(), dmaEnd.to_seconds(), {{"bytes", in}});
        if (out) timeline_->span(TimelineRecorder::DmaStore, r.name, start.to_seconds(), dmaEnd.to_seconds(), {{"bytes", out}});
    }
    // The core resumes at its first clock edge at or after the DMA's last byte.
    if (dmaEnd > sc_core::sc_time_stamp())
        clk_.waitCycles(std::ceil((dmaEnd - sc_core::sc_time_stamp()) / clk_.period() - 1e-9));
    r.dmaBusyCycles += static_cast<uint64_t>(std::llround((dmaEnd - start) / clk_.period()));
    const auto stepCycles = static_cast<uint64_t>(std::llround(clk_.cycleCount() - startCycles));
    if (const uint64_t extra = mem_->sram.endStep(stepCycles)) clk_.waitCycles(double(extra));
    if (traced_) mem_->sram.traceStep(start, sc_core::sc_time_stamp());
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
    // Pruned or shared weights move compressed: each weight run shrinks by the storage ratio.
    const double weightRatio =
        plan.bIsWeight ? workloads::weightStorage(l, r.dtype, compression_).ratio() : 1.0;
    auto add = [&](const workloads::TileStep& s, Operand op, bool store, int half) {
        const Buffer buf = op == Operand::A ? Buffer::Input : op == Operand::B ? Buffer::Weight : Buffer::Output;
        for (const workloads::Block& b : workloads::tileBlocks(plan, pl, s, op)) {
            const uint64_t run = op == Operand::B && weightRatio != 1.0
                                     ? static_cast<uint64_t>(std::ceil(double(b.runBytes) * weightRatio))
                                     : b.runBytes;
            batch.push_back({b.base, run, b.runs, b.strideBytes, store});
            mem_->sram.access(buf, half, 0, run * b.runs, /*write=*/!store);   // DMA side of the buffer
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
        r.weightsFetched += t.bReads;
        clk_.waitCycles(mem_->sram.config().latencyCycles);   // first operands out of the SRAM
        const hw::GemmTiming g = array_.run({1, s.mt, s.nt, s.kt}, {r.dtype, r.weightDensity});
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

bool Sequencer::isAttention(size_t i) const {
    const auto& L = work_.layers;
    if (!L[i].isMatmul() || !L[i + 1].isVector() || !L[i + 2].isMatmul()) return false;
    const workloads::Matmul& qk = L[i].matmul();
    const workloads::Matmul& pv = L[i + 2].matmul();
    const workloads::VectorOp& sm = L[i + 1].vector();
    return qk.b == workloads::MatmulOperand::Activation && pv.b == workloads::MatmulOperand::Activation &&
           sm.kind == workloads::VectorKind::Softmax && sm.elements == qk.batch * qk.m * qk.n &&
           pv.batch == qk.batch && pv.m == qk.m && pv.k == qk.n;
}

bool Sequencer::runFusedAttention(size_t i, std::vector<LayerResult>& out) {
    const auto& L = work_.layers;
    const workloads::Matmul qk = L[i].matmul();
    const workloads::VectorOp sm = L[i + 1].vector();
    const workloads::Matmul pv = L[i + 2].matmul();
    const uint64_t batch = qk.batch, sq = qk.m, sk = qk.n, d = qk.k, dv = pv.n;
    const workloads::OperandBits bq = workloads::layerOperandBits(L[i], defaultDType_);
    const workloads::OperandBits bp = workloads::layerOperandBits(L[i + 2], defaultDType_);
    const uint64_t halfA = mem_->sram.bufferBytes(Buffer::Input) / 2;
    const uint64_t halfB = mem_->sram.bufferBytes(Buffer::Weight) / 2;
    const uint64_t halfC = mem_->sram.bufferBytes(Buffer::Output) / 2;
    // K and V of one head stay on chip while its query blocks stream; scores and the output block share C.
    if (bitsToBytes(sk * d, bq.b) + bitsToBytes(sk * dv, bp.b) > halfB) return false;
    auto fits = [&](uint64_t rows) {
        return bitsToBytes(rows * d, bq.a) <= halfA &&
               bitsToBytes(rows * sk, bq.c) + bitsToBytes(rows * dv, bp.c) <= halfC;
    };
    uint64_t rows = sq;
    while (rows > 1 && !fits(rows)) rows = (rows + 1) / 2;
    if (!fits(rows)) return false;
    const uint64_t blocks = hw::ceilDiv(sq, rows);

    LayerAccum aq = begin(i), as = begin(i + 1), ap = begin(i + 2);
    aq.r.tiling = "fused q-block " + std::to_string(rows) + " x" + std::to_string(blocks * batch);
    as.r.tiling = ap.r.tiling = "fused with " + L[i].name;
    aq.r.tileSteps = as.r.tileSteps = ap.r.tileSteps = blocks * batch;
    const workloads::LayerPlacement& plq = mem_->placement.layers[i];
    const workloads::LayerPlacement& plv = mem_->placement.layers[i + 2];

    struct Block { uint64_t b, row0, rows; };
    std::vector<Block> list;
    for (uint64_t b = 0; b < batch; ++b)
        for (uint64_t j = 0; j < blocks; ++j) list.push_back({b, j * rows, std::min(rows, sq - j * rows)});

    std::vector<hw::DmaBlock> batchBlocks;
    auto add = [&](uint64_t addr, uint64_t bytes, bool store, Buffer buf, int half) {
        if (bytes == 0) return;
        batchBlocks.push_back({addr, bytes, 1, bytes, store});
        mem_->sram.access(buf, half, 0, bytes, !store);
    };
    auto loads = [&](size_t t) {
        const Block& k = list[t];
        const int half = int(t % 2);
        add(plq.inputAddr + bitsToBytes((k.b * sq + k.row0) * d, bq.a), bitsToBytes(k.rows * d, bq.a), false,
            Buffer::Input, half);
        if (k.row0 == 0) {   // a new head: its K and V
            add(plq.input2Addr + bitsToBytes(k.b * sk * d, bq.b), bitsToBytes(sk * d, bq.b), false, Buffer::Weight, half);
            add(plv.input2Addr + bitsToBytes(k.b * sk * dv, bp.b), bitsToBytes(sk * dv, bp.b), false, Buffer::Weight, half);
        }
    };
    auto store = [&](size_t t) {
        const Block& k = list[t];
        add(plv.outputAddr + bitsToBytes((k.b * sq + k.row0) * dv, bp.c), bitsToBytes(k.rows * dv, bp.c), true,
            Buffer::Output, int(t % 2));
    };
    auto gemm = [&](LayerResult& r, uint64_t m, uint64_t n, uint64_t kk, const workloads::OperandBits& bits, int half) {
        const hw::ArraySramTraffic t = hw::arraySramTraffic(array_.config(), m, n, kk);
        mem_->sram.access(Buffer::Input, half, 0, bitsToBytes(t.aReads, bits.a), false);
        mem_->sram.access(Buffer::Weight, half, 0, bitsToBytes(t.bReads, bits.b), false);
        mem_->sram.access(Buffer::Output, half, 0, bitsToBytes(t.cReads + t.cWrites, bits.c), true);
        clk_.waitCycles(mem_->sram.config().latencyCycles);
        const hw::GemmTiming g = array_.run({1, m, n, kk}, {r.dtype, 1.0});   // activations: dense
        r.macs += g.macs;
        r.folds += g.folds;
        r.computeCycles += g.cycles;
    };
    // A step's DMA batch (`transfers`: its SRAM fills and drains) and compute are charged to layer a.
    auto step = [&](LayerAccum& a, auto&& transfers, auto&& compute) {
        const Meter m = meter();
        transfers();
        pipelineStep(batchBlocks, compute, a.r);
        charge(m, a);
        batchBlocks.clear();
    };
    auto none = [] {};

    batchBlocks.clear();
    step(aq, [&] { loads(0); }, none);   // prologue: the first query block, K and V
    for (size_t t = 0; t < list.size(); ++t) {
        const Block& k = list[t];
        const int half = int(t % 2);
        auto transfers = [&] {
            if (t + 1 < list.size()) loads(t + 1);
            if (t > 0) store(t - 1);
        };
        step(aq, transfers, [&] { gemm(aq.r, k.rows, sk, d, bq, half); });             // S = Q K^T
        step(as, none, [&] {                                                           // P = softmax(S)
            mem_->sram.access(Buffer::Output, half, 0, bitsToBytes(k.rows * sk, bq.c), false);
            mem_->sram.access(Buffer::Output, half, 0, bitsToBytes(k.rows * sk, bq.c), true);
            clk_.waitCycles(mem_->sram.config().latencyCycles);
            workloads::VectorOp chunk = sm;
            chunk.elements = k.rows * sk;
            as.r.computeCycles += vector_.run(chunk);
        });
        step(ap, none, [&] { gemm(ap.r, k.rows, dv, sk, bp, half); });                 // O = P V
    }
    step(ap, [&] { store(list.size() - 1); }, none);   // epilogue: the last output block
    out.push_back(finish(aq));
    out.push_back(finish(as));
    out.push_back(finish(ap));
    return true;
}

}  // namespace npu::sim
