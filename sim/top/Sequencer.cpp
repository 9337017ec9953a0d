// SPDX-License-Identifier: Apache-2.0
#include "sim/top/Sequencer.h"

#include <cmath>

namespace npu::sim {

Sequencer::Sequencer(sc_core::sc_module_name name, const workloads::Workload& work,
                     workloads::DType defaultDType, hw::ClockDomain& clk, hw::SystolicArray& array,
                     hw::VectorUnit& vector)
    : sc_module(name), work_(work), defaultDType_(defaultDType), clk_(clk), array_(array), vector_(vector) {
    SC_HAS_PROCESS(Sequencer);
    SC_THREAD(runThread);
}

void Sequencer::runThread() {
    result_.layers.reserve(work_.layers.size());
    for (size_t i = 0; i < work_.layers.size(); ++i) {
        current_ = static_cast<int64_t>(i);
        LayerResult r = runLayer(work_.layers[i]);
        r.index = i;
        result_.layers.push_back(std::move(r));
    }
    result_.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount()));
    result_.timeS = sc_core::sc_time_stamp().to_seconds();
}

LayerResult Sequencer::runLayer(const workloads::Layer& l) {
    LayerResult r;
    r.name = l.name;
    r.op = workloads::opName(l);
    r.dtype = l.hints.dtype.value_or(defaultDType_);
    r.weightParams = workloads::layerWeightParams(l);
    const workloads::TensorElems e = workloads::layerTensorElems(l);
    r.weightBytes = workloads::dtypeBytes(r.dtype, e.weight);
    r.inputBytes = workloads::dtypeBytes(r.dtype, e.input);
    r.outputBytes = workloads::dtypeBytes(r.dtype, e.output);

    const double startCycles = clk_.cycleCount();
    const sc_core::sc_time startTime = sc_core::sc_time_stamp();
    if (l.isVector()) {
        r.unit = "vector";
        r.computeCycles = vector_.run(l.vector());
    } else {
        r.unit = "array";
        const hw::GemmTiming t = array_.run(workloads::lowerToGemm(l));
        r.macs = t.macs;
        r.folds = t.folds;
        r.computeCycles = t.cycles;
    }
    r.cycles = static_cast<uint64_t>(std::llround(clk_.cycleCount() - startCycles));
    r.stallCycles = r.cycles > r.computeCycles ? r.cycles - r.computeCycles : 0;
    r.timeS = (sc_core::sc_time_stamp() - startTime).to_seconds();
    const auto& a = array_.config();
    r.utilization = r.cycles ? double(r.macs) / (double(a.rows) * a.cols * double(r.cycles)) : 0.0;
    return r;
}

}  // namespace npu::sim
