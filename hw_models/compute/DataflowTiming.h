// SPDX-License-Identifier: Apache-2.0
// Models: compute cycles of a GEMM folded over an R x C systolic array for the output-, weight- and
// input-stationary dataflows, with SCALE-Sim v2's cycle convention (docs/modeling.md, "Systolic array").
// Ignores: memory stalls (added by the memory system), partial-sum spills across folds of the temporal dim.
#pragma once

#include <cstdint>

#include "hw_models/compute/ArrayConfig.h"
#include "workloads/Layer.h"

namespace npu::hw {

/// How one GEMM [m x k] * [k x n] maps onto the array for a dataflow: Sr rows and Sc columns of work
/// are spread over the PEs, T is streamed through in time.
///   os: Sr = m, Sc = n, T = k     ws: Sr = k, Sc = n, T = m     is: Sr = k, Sc = m, T = n
struct SpatialMap {
    uint64_t sr = 0, sc = 0, t = 0;
};
SpatialMap spatialMap(Dataflow d, uint64_t m, uint64_t n, uint64_t k);

/// Cycle budget of one fold: `fill` (operand skew and, for ws/is, the stationary operand's preload),
/// `steady` (T cycles of streaming) and `drain` (the last results leaving the array).
///   os: fill = R - 1,      steady = T, drain = C - 1      -> T + R + C - 2
///   ws/is: fill = 2R - 1,  steady = T, drain = C - 1      -> 2R + C + T - 2
struct FoldCycles {
    uint64_t fill = 0, steady = 0, drain = 0;
    uint64_t total() const { return fill + steady + drain; }
};
FoldCycles foldCycles(Dataflow d, uint32_t rows, uint32_t cols, uint64_t t);
/// Steady-state cycles of T streamed operands at `rate` MACs per PE per cycle and weight density.
uint64_t steadyCycles(uint64_t t, double rate, double density);

/// What changes the streaming rate of a fold: the operands' type (MACs per PE per cycle) and, with
/// zero-skipping, the fraction of non-zero weights.
struct ComputeMode {
    workloads::DType dtype = workloads::DType::Int8;
    double weightDensity = 1.0;   ///< only used when the array skips zeros
};

/// The spatial mapping of [m x k] * [k x n] with zero-skip compacting the reduction dimension k to
/// `density` of it (1: dense; unstructured with ideal load balance, or N:M structured): os streams k, so
/// its steady state shrinks (`streamedDensity` = density); ws and is hold k on the array rows, so Sr
/// shrinks (to ceil(k x density), at least 1) and their streamed dimension (m or n) stays whole.
struct CompactedMap {
    SpatialMap map;
    double streamedDensity = 1.0;
};
CompactedMap compactedMap(Dataflow d, uint64_t m, uint64_t n, uint64_t k, double density);

/// Timing of a whole GEMM (all repeats) on the array.
struct GemmTiming {
    uint64_t rowFolds = 0;      ///< ceil(Sr / R)
    uint64_t colFolds = 0;      ///< ceil(Sc / C)
    uint64_t folds = 0;         ///< repeats x rowFolds x colFolds
    FoldCycles perFold;
    uint64_t cycles = 0;        ///< folds x perFold.total()
    uint64_t macs = 0;
};
/// Each fold streams its T operands at `macs_per_pe_per_cycle[dtype]` per cycle; with zero-skip the
/// mapping is compactedMap's (os: steady = ceil(T x density / rate)). Fill and drain do not change.
GemmTiming gemmTiming(const ArrayConfig& a, const workloads::GemmShape& g, const ComputeMode& mode = {});

/// The fraction of the array's peak at `mode`'s dtype that `macs` MACs over `cycles` cycles use: the MACs
/// performed (with zero-skip, the non-zero weights' only) / (R x C x MACs per PE per cycle x cycles); 0 when
/// cycles is 0. A layer's and a job's utilization (report and waveform).
double arrayUtilization(const ArrayConfig& a, uint64_t macs, uint64_t cycles, const ComputeMode& mode);

inline uint64_t ceilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/// Operand elements the array moves through its SRAM ports for one GEMM tile [m x k] * [k x n]:
///   os: A streams once per column fold, B once per row fold, C leaves once (accumulated in the PEs);
///   ws: B (stationary) is loaded once, A streams once per column fold, C partial sums are written per
///       row fold (k split over rows) and read back for all but the first;
///   is: A (stationary) is loaded once, B streams once per column fold, C as in ws.
struct ArraySramTraffic {
    uint64_t aReads = 0, bReads = 0, cReads = 0, cWrites = 0;
};
ArraySramTraffic arraySramTraffic(const ArrayConfig& a, uint64_t m, uint64_t n, uint64_t k);

}  // namespace npu::hw
