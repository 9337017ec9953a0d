// SPDX-License-Identifier: Apache-2.0
// Plain configuration of the systolic array and the vector unit (no YAML here: sim/config binds it and
// checks ranges, with the YAML path, before elaboration).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "workloads/Layer.h"

namespace npu::hw {

enum class Dataflow { OutputStationary, WeightStationary, InputStationary };
const char* dataflowName(Dataflow d);  ///< "os", "ws", "is"

struct ArrayConfig {
    uint32_t rows = 128;                       ///< PE rows (R)
    uint32_t cols = 128;                       ///< PE columns (C)
    Dataflow dataflow = Dataflow::OutputStationary;
    /// MACs one PE completes per cycle at each dtype (indexed by workloads::DType: fp32, fp16, bf16,
    /// int8, int4): an int8 array that packs two int4 MACs per PE, and runs floats at a fraction.
    std::array<double, 5> macsPerCycle{0.25, 0.5, 0.5, 1.0, 2.0};
    bool zeroSkip = false;                     ///< skip zero weights: cycles, MAC and operand-hop energy scale with density
    double macsPerCycleOf(workloads::DType t) const { return macsPerCycle[static_cast<size_t>(t)]; }
};

struct VectorConfig {
    uint32_t lanes = 128;                      ///< elements processed per cycle at 1 cycle/element
    uint32_t startupCycles = 16;               ///< pipeline fill per vector op
    /// Cycles per element per lane, indexed by workloads::VectorKind.
    std::array<double, workloads::kVectorKinds> cyclesPerElement{
        1.0,  // add
        1.0,  // mul
        2.0,  // silu: exp + reciprocal on the SFU, then a multiply
        4.0,  // gelu: tanh approximation (polynomial + tanh on the SFU)
        4.0,  // softmax: max pass, exp-and-sum pass, normalise pass
        3.0,  // groupnorm: mean/variance pass, normalise-and-affine pass
        3.0,  // layernorm: as groupnorm
        1.0,  // concat: one copy per element
        1.0,  // upsample: one copy per output element
        1.0,  // copy
        1.0,  // embedding: one gathered element per cycle per lane
    };
};

}  // namespace npu::hw
