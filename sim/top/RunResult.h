// SPDX-License-Identifier: Apache-2.0
// What a simulation produced, per layer, before any report is written.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "workloads/Layer.h"

namespace npu::sim {

/// Energy of one layer by component, in joules (docs/energy.md). dma and the DRAM terms are present only
/// with the memory path (and the DRAM terms only when the preset has IDD currents).
struct EnergyBreakdown {
    double mac = 0, arrayMovement = 0, sram = 0, vector = 0, dma = 0, dramDynamic = 0, dramBackground = 0, staticJ = 0;
    bool hasDma = false, hasDram = false;
    double total() const { return mac + arrayMovement + sram + vector + dma + dramDynamic + dramBackground + staticJ; }
};

/// DRAM commands issued during a layer.
struct DramCommandCounts {
    uint64_t act = 0, pre = 0, rd = 0, wr = 0, ref = 0, refPb = 0;
};

struct LayerResult {
    uint64_t index = 0;          ///< position in the workload's layer list
    uint32_t segment = 0;        ///< which schedule entry ran it (RunResult::segments)
    std::string name;
    std::string op;              ///< conv2d, matmul, or the vector kind
    std::string unit;            ///< "array" or "vector": the unit that executed it
    workloads::DType dtype = workloads::DType::Int8;
    uint64_t macs = 0;
    uint64_t folds = 0;          ///< array folds (0 for vector ops)
    uint64_t computeCycles = 0;  ///< cycles the executing unit was busy
    uint64_t cycles = 0;         ///< layer start to end, core clock cycles
    uint64_t stallCycles = 0;    ///< cycles - computeCycles: the unit waiting for data
    double timeS = 0.0;
    double startS = 0.0;         ///< simulated time the layer started
    double utilization = 0.0;    ///< macs / (R x C x cycles)
    EnergyBreakdown energy;
    double energyJ = 0.0;        ///< energy.total()
    double avgPowerW = 0.0;      ///< energyJ / timeS
    DramCommandCounts dramCommands;
    double freqMhz = 0.0;        ///< core clock while the layer ran (DFS operating point)
    double voltageV = 0.0;
    double predictedPowerW = 0.0;   ///< the DFS predictor's power for this layer at its point
    uint64_t weightParams = 0;
    uint64_t weightBytes = 0, inputBytes = 0, outputBytes = 0;  ///< tensor footprints at `dtype`
    uint64_t effectiveWeightBytes = 0;   ///< weights as stored (pruning and sharing applied)
    double weightDensity = 1.0;          ///< non-zero fraction of the weights
    uint64_t weightsFetched = 0;         ///< weight elements the array read (codebook lookups when shared)

    // Memory path (memory.model = dram only).
    std::string tiling;               ///< tile loop order and sizes ("nmk 512x256x1152"), "stream" for vector ops
    uint64_t tileSteps = 0;
    uint64_t dramReadBytes = 0, dramWriteBytes = 0;
    uint64_t rowHits = 0, rowMisses = 0, rowConflicts = 0;
    double avgReadLatencyNs = 0.0;    ///< DRAM read latency (arrival at the controller to last beat)
    double dramBandwidthGBps = 0.0;   ///< (read + write bytes) / layer time
    uint64_t sramReads = 0, sramWrites = 0;   ///< line accesses
    uint64_t bankConflictCycles = 0;
    uint64_t dmaBusyCycles = 0;       ///< core cycles with a DMA batch in flight
    std::string bound;                ///< "memory" if the DMA was busy longer than the array, else "compute"
};

/// One entry of the schedule as executed: a range of the workload's layers, labelled by stage.
struct SegmentResult {
    std::string stage;
    uint64_t firstResult = 0, results = 0;   ///< its layers in RunResult::layers
    uint64_t cycles = 0;
    double timeS = 0.0;       ///< its layers' times plus its DFS transitions
    double transitionJ = 0.0; ///< energy drawn during its DFS transitions (NPU leakage + DRAM background)
};

struct RunResult {
    bool memoryPath = false;   ///< memory.model = dram: the memory fields of LayerResult are filled
    std::vector<SegmentResult> segments;
    std::vector<LayerResult> layers;
    uint64_t cycles = 0;   ///< core clock cycles of the whole run
    double timeS = 0.0;    ///< whole run: the layers' times plus DFS transitions
    uint64_t dfsTransitions = 0;
    double dfsTransitionTimeS = 0.0;
    uint64_t dfsOverCapLayers = 0;    ///< power_cap: layers for which no point met the cap (run at the lowest)
    double transitionStaticJ = 0.0;   ///< NPU leakage while the clock was stopped for DFS transitions
    double transitionDramJ = 0.0;     ///< DRAM background energy meanwhile (0 without DRAM energy)
    std::string dramEnergyNote;       ///< why DRAM energy is missing ("" if included or no DRAM)
};

}  // namespace npu::sim
