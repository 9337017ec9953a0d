// SPDX-License-Identifier: Apache-2.0
#include "sim/top/NpuTop.h"

namespace npu::sim {

NpuTop::NpuTop(sc_core::sc_module_name name, const SimConfig& cfg, const workloads::Workload& work)
    : sc_module(name),
      coreClk_("core_clk", hw::OperatingPoint{cfg.clock.freqMhz * 1e6}),
      array_("array", cfg.array, coreClk_),
      vector_("vector", cfg.vector, coreClk_),
      seq_("seq", work, cfg.dtype, coreClk_, array_, vector_) {}

}  // namespace npu::sim
