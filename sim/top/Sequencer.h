// SPDX-License-Identifier: Apache-2.0
// Models: the NPU's command processor walking the layer list in order. With ideal memory each layer is
// dispatched whole to the array (conv/matmul, lowered to GEMM) or the vector unit. With the memory path,
// a GEMM layer runs as a double-buffered tile pipeline (tile i computes while the DMA loads tile i+1 and
// stores tile i-1; each step lasts as long as the slower of the two, plus SRAM bank conflicts), and a
// vector layer streams through the buffers in chunks the same way.
// Waveform: npu.seq.layer (index of the layer running), npu.dfs.op_index (operating point), and per layer
// (late values) npu.power.core_w and npu.power.dram_w: the layer's average power.
// Ignores: inter-layer overlap (a layer starts when the previous one has finished, its last store done).
#pragma once

#include <systemc>

#include <exception>
#include <functional>
#include <optional>

#include "hw_models/clock/ClockDomain.h"
#include "hw_models/clock/DfsGovernor.h"
#include "hw_models/compute/SystolicArray.h"
#include "hw_models/compute/VectorUnit.h"
#include "hw_models/dma/DmaEngine.h"
#include "hw_models/dram/DramController.h"
#include "hw_models/sram/SramBuffer.h"
#include "sim/config/SimConfig.h"
#include "sim/report/Timeline.h"
#include "sim/report/Vcd.h"
#include "sim/top/DramActivity.h"
#include "sim/top/EnergyAccounting.h"
#include "sim/top/RunResult.h"
#include "workloads/TensorPlacement.h"
#include "workloads/Tiler.h"
#include "workloads/Trace.h"

namespace npu::sim {

/// The modules and plans of the memory path (memory.model = dram).
struct MemoryPath {
    hw::DmaEngine& dma;
    hw::SramBuffer& sram;
    hw::DramController& dram;
    workloads::TensorPlacement placement;
    workloads::TilerConfig tiler;
};

/// The order in which layer ranges of the workload run (a pipeline repeats its UNet range).
struct ScheduleEntry {
    std::string stage;
    size_t first = 0, count = 0;
};
using Schedule = std::vector<ScheduleEntry>;

class Sequencer : public sc_core::sc_module {
public:
    /// An empty `schedule` runs every layer once, as one segment named after the workload.
    /// `fuseAttention` (memory path only): attention triples run as one on-chip group (attention.fused).
    /// `governor`: the DFS policy applied before each layer; a change costs `transition` (clock stopped).
    Sequencer(sc_core::sc_module_name name, const workloads::Workload& work, Schedule schedule,
              workloads::DType defaultDType, hw::ClockDomain& clk, hw::SystolicArray& array,
              hw::VectorUnit& vector, std::optional<MemoryPath> memory, bool fuseAttention,
              hw::DfsGovernor governor, sc_core::sc_time transition, const hw::SramConfig& sram,
              const EnergyAccounting& energy, const workloads::WeightCompression& compression);

    const RunResult& result() const { return result_; }
    /// Records layer and tile-step spans (and DRAM channel spans) into `t` (nullptr: no timeline). Call before
    /// sc_start.
    void setTimeline(TimelineRecorder* t);
    /// Traces the layers in `window` into `vcd` (registers the sequencer's and the DRAM's signals). Call before
    /// sc_start and before vcd->open().
    void setWaveform(VcdWriter* vcd, LayerWindow window);
    /// Called after every layer with the number of layers done and the simulated time (progress display).
    void setProgress(std::function<void(size_t, double)> f) { progress_ = std::move(f); }
    /// Index of the layer executing now (for waveforms), -1 before the first.
    int64_t currentLayer() const { return current_; }
    /// The bad input that stopped the simulation (an InputError found while it ran, e.g. simulated time
    /// beyond SystemC's range), or nullptr.
    const std::exception_ptr& inputError() const { return inputError_; }

private:
    /// Counters at one moment; a step's or a layer's share is the difference of two.
    struct Meter {
        int64_t cycles = 0;
        sc_core::sc_time time;
        uint64_t dramRead = 0, dramWritten = 0, hits = 0, misses = 0, conflicts = 0, reads = 0;
        double readLatencySumCycles = 0.0;
        uint64_t sramReads = 0, sramWrites = 0, bankConflicts = 0;
        DramCommandCounts commands;
    };
    /// A layer's result while it accumulates (a fused group charges its steps to three layers).
    struct LayerAccum {
        LayerResult r;
        uint64_t reads = 0;
        double readLatencySumCycles = 0.0;
    };
    Meter meter() const;
    void charge(const Meter& from, LayerAccum& a) const;
    LayerAccum begin(size_t index) const;
    LayerResult finish(LayerAccum& a) const;

    void runThread();
    void runSchedule();
    LayerResult runLayer(size_t index);
    /// Layers i, i+1, i+2 are QK^T (activation x activation), softmax over its scores and P*V.
    bool isAttention(size_t i) const;
    /// Runs an attention triple per block of query rows with K and V on chip and the scores never leaving
    /// it; each step is charged to the layer whose work it does. Returns false (nothing run) when K and V
    /// of one head, or the smallest score block, do not fit the buffers.
    bool runFusedAttention(size_t i, std::vector<LayerResult>& out);
    void runTiled(const workloads::Layer& l, const workloads::LayerPlacement& pl, LayerResult& r);
    void runStreamed(const workloads::Layer& l, const workloads::LayerPlacement& pl, LayerResult& r);
    /// One pipeline step: starts `batch` on the DMA, runs `compute` (which waits on the unit), then waits
    /// for the DMA and for SRAM bank conflicts. Returns nothing; statistics go to `r`.
    template <class Compute>
    void pipelineStep(const std::vector<hw::DmaBlock>& batch, Compute&& compute, LayerResult& r);

    const workloads::Workload& work_;
    Schedule schedule_;
    workloads::DType defaultDType_;
    hw::ClockDomain& clk_;
    hw::SystolicArray& array_;
    hw::VectorUnit& vector_;
    std::optional<MemoryPath> mem_;
    bool fuseAttention_ = false;
    hw::DfsGovernor governor_;
    hw::SramConfig sramCfg_;           ///< line width for counting operand accesses with ideal memory
    const EnergyAccounting& energy_;
    workloads::WeightCompression compression_;
    TimelineRecorder* timeline_ = nullptr;
    std::function<void(size_t, double)> progress_;
    std::string stepLabel_;   ///< name of the tile step being run, for the timeline
    sc_core::sc_time transition_;
    /// Moves the core clock to the layer's operating point (a transition if it differs); returns the
    /// energy the transition drew (zero without one).
    EnergyAccounting::TransitionEnergy applyDfs(const workloads::Layer& l);
    /// Waveform and DRAM listener state for the group of layers starting at `i`.
    void enterLayer(size_t i);
    /// The group's average power at its start, 0 at its end (late values).
    void tracePower(const std::vector<LayerResult>& group, const sc_core::sc_time& start);
    DramActivity& dramActivity();
    int64_t current_ = -1;
    VcdWriter* vcd_ = nullptr;
    LayerWindow window_;
    bool traced_ = false;
    std::unique_ptr<DramActivity> dramActivity_;   ///< with the memory path and a waveform
    hw::WaveVar<uint64_t> waveLayer_, waveOpIndex_;
    hw::WaveformSinkIf::LateId wavePowerCore_ = 0, wavePowerDram_ = 0;
    RunResult result_;
    std::exception_ptr inputError_;
};

}  // namespace npu::sim
