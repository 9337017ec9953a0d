// SPDX-License-Identifier: Apache-2.0
// Models: a hook that sees every command the engine issues, in issue order per channel
// (ProtocolChecker, command traces). Ignores: nothing; observers must not call back into the engine.
#pragma once

#include "hw_models/dram/DramCommand.h"

namespace npu::hw::dram {

class DramCommandObserverIf {
public:
    virtual ~DramCommandObserverIf() = default;
    virtual void onCommand(const DramCommand& cmd) = 0;
};

}  // namespace npu::hw::dram
