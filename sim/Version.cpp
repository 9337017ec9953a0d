// SPDX-License-Identifier: Apache-2.0
namespace npu::sim {
const char* version() { return NPUSIM_VERSION; }
}  // namespace npu::sim
