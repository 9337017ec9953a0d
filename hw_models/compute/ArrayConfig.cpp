// SPDX-License-Identifier: Apache-2.0
#include "hw_models/compute/ArrayConfig.h"

namespace npu::hw {

const char* dataflowName(Dataflow d) {
    switch (d) {
        case Dataflow::OutputStationary: return "os";
        case Dataflow::WeightStationary: return "ws";
        case Dataflow::InputStationary: return "is";
    }
    return "?";
}

}  // namespace npu::hw
