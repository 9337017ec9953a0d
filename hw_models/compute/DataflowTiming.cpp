// SPDX-License-Identifier: Apache-2.0
#include "hw_models/compute/DataflowTiming.h"

#include <algorithm>
#include <cmath>

namespace npu::hw {

SpatialMap spatialMap(Dataflow d, uint64_t m, uint64_t n, uint64_t k) {
    switch (d) {
        case Dataflow::OutputStationary: return {m, n, k};
        case Dataflow::WeightStationary: return {k, n, m};
        case Dataflow::InputStationary: return {k, m, n};
    }
    return {};
}

FoldCycles foldCycles(Dataflow d, uint32_t rows, uint32_t cols, uint64_t t) {
    // SCALE-Sim v2 builds each fold's demand matrix from T streamed rows, pads it for the drain of the
    // last partial sums (C - 1) and skews it across the R array rows (R - 1); ws and is first preload
    // the stationary operand, one array row per cycle (R).
    FoldCycles f;
    f.steady = t;
    f.drain = cols - 1;
    f.fill = d == Dataflow::OutputStationary ? rows - 1 : 2 * uint64_t(rows) - 1;
    return f;
}

uint64_t steadyCycles(uint64_t t, double rate, double density) {
    if (rate == 1.0 && density == 1.0) return t;
    return static_cast<uint64_t>(std::ceil(double(t) * density / rate - 1e-9));
}

CompactedMap compactedMap(Dataflow d, uint64_t m, uint64_t n, uint64_t k, double density) {
    CompactedMap c{spatialMap(d, m, n, k), density};
    if (density < 1.0 && d != Dataflow::OutputStationary) {   // (ws, is: Sr = k)
        c.map.sr = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(double(c.map.sr) * density - 1e-9)));
        c.streamedDensity = 1.0;
    }
    return c;
}

GemmTiming gemmTiming(const ArrayConfig& a, const workloads::GemmShape& g, const ComputeMode& mode) {
    GemmTiming r;
    const CompactedMap c = compactedMap(a.dataflow, g.m, g.n, g.k, a.zeroSkip ? mode.weightDensity : 1.0);
    const SpatialMap& s = c.map;
    r.rowFolds = ceilDiv(s.sr, a.rows);
    r.colFolds = ceilDiv(s.sc, a.cols);
    r.folds = g.repeats * r.rowFolds * r.colFolds;
    r.perFold = foldCycles(a.dataflow, a.rows, a.cols, s.t);
    r.perFold.steady = steadyCycles(s.t, a.macsPerCycleOf(mode.dtype), c.streamedDensity);
    r.cycles = r.folds * r.perFold.total();
    r.macs = g.macs();
    return r;
}

ArraySramTraffic arraySramTraffic(const ArrayConfig& a, uint64_t m, uint64_t n, uint64_t k) {
    const SpatialMap s = spatialMap(a.dataflow, m, n, k);
    const uint64_t rowFolds = ceilDiv(s.sr, a.rows), colFolds = ceilDiv(s.sc, a.cols);
    ArraySramTraffic t;
    switch (a.dataflow) {
        case Dataflow::OutputStationary:
            t.aReads = m * k * colFolds;
            t.bReads = k * n * rowFolds;
            t.cWrites = m * n;
            break;
        case Dataflow::WeightStationary:
            t.aReads = m * k * colFolds;
            t.bReads = k * n;
            t.cWrites = m * n * rowFolds;
            t.cReads = m * n * (rowFolds - 1);
            break;
        case Dataflow::InputStationary:
            t.aReads = m * k;
            t.bReads = k * n * colFolds;
            t.cWrites = m * n * rowFolds;
            t.cReads = m * n * (rowFolds - 1);
            break;
    }
    return t;
}

double arrayUtilization(const ArrayConfig& a, uint64_t macs, uint64_t cycles, const ComputeMode& mode) {
    const double performed = double(macs) * (a.zeroSkip ? mode.weightDensity : 1.0);
    const double peak = double(a.rows) * a.cols * a.macsPerCycleOf(mode.dtype) * double(cycles);
    return cycles == 0 ? 0.0 : performed / peak;
}

}  // namespace npu::hw
