// SPDX-License-Identifier: Apache-2.0
// Opening a file the user names (a config, a layer trace, a memory trace) with the project's one-line input
// errors. Header-only: the trace readers (workloads/) use it too.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "hw_models/common/Error.h"

namespace npu {

/// `path` open for reading; InputError "<path>: is a directory, not a <kind>" or "<path>: cannot open <kind>".
inline std::ifstream openInputFile(const std::string& path, const std::string& kind) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw inputError(path, "is a directory, not a " + kind);
    std::ifstream in(path);
    if (!in) throw inputError(path, "cannot open " + kind);
    return in;
}

}  // namespace npu
