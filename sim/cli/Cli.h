// SPDX-License-Identifier: Apache-2.0
// The npusim command line: `npusim run|config|...`. Exit codes: 0 success, 2 bad input (one line on
// stderr naming the file/line/field), 1 internal error.
#pragma once

namespace npu::sim {

int cliMain(int argc, char** argv);

}  // namespace npu::sim
