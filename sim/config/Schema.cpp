// SPDX-License-Identifier: Apache-2.0
#include "sim/config/Schema.h"

namespace npu::sim {
namespace {

const std::vector<std::pair<std::string, workloads::DType>> kDTypes{
    {"fp32", workloads::DType::Fp32}, {"fp16", workloads::DType::Fp16}, {"bf16", workloads::DType::Bf16},
    {"int8", workloads::DType::Int8}, {"int4", workloads::DType::Int4}};

void visitClock(ConfigVisitor& v, ClockConfig& c) {
    v.real("freq_mhz", c.freqMhz, 1.0, 100000.0, {"MHz", "NPU core clock frequency"});
}

void visitArray(ConfigVisitor& v, hw::ArrayConfig& a) {
    v.integer32("rows", a.rows, 1, 65536, {"PEs", "systolic array rows (R)"});
    v.integer32("cols", a.cols, 1, 65536, {"PEs", "systolic array columns (C)"});
    v.enumeration("dataflow", a.dataflow,
                  {{"os", hw::Dataflow::OutputStationary},
                   {"ws", hw::Dataflow::WeightStationary},
                   {"is", hw::Dataflow::InputStationary}},
                  {"", "output, weight or input stationary"});
}

void visitVector(ConfigVisitor& v, hw::VectorConfig& c) {
    v.integer32("lanes", c.lanes, 1, 1u << 20, {"elements/cycle", "SIMD lanes of the vector unit"});
    v.integer32("startup_cycles", c.startupCycles, 0, 1u << 20, {"cycles", "pipeline fill per vector op"});
    v.section("cycles_per_element", "cost of each vector op kind, in cycles per element per lane",
              [&](ConfigVisitor& s) {
                  for (int i = 0; i < workloads::kVectorKinds; ++i) {
                      const auto kind = static_cast<workloads::VectorKind>(i);
                      s.real(workloads::vectorKindName(kind), c.cyclesPerElement[i], 1e-6, 1e6,
                             {"cycles/element", "per lane"});
                  }
              });
}

void visitMemory(ConfigVisitor& v, MemoryConfig& m) {
    v.enumeration("model", m.model, {{"ideal", MemoryModel::Ideal}},
                  {"", "ideal: operands are always on chip in time (compute-only baseline)"});
}

}  // namespace

void visitConfig(ConfigVisitor& v, SimConfig& cfg) {
    v.text("name", cfg.name, {"", "name of the hardware preset, copied into reports"});
    v.enumeration("dtype", cfg.dtype, kDTypes, {"", "element type of layers that do not set their own"});
    v.section("clock", "NPU core clock domain", [&](ConfigVisitor& s) { visitClock(s, cfg.clock); });
    v.section("array", "systolic MAC array", [&](ConfigVisitor& s) { visitArray(s, cfg.array); });
    v.section("vector", "vector unit for non-GEMM ops", [&](ConfigVisitor& s) { visitVector(s, cfg.vector); });
    v.section("memory", "memory system", [&](ConfigVisitor& s) { visitMemory(s, cfg.memory); });
}

}  // namespace npu::sim
