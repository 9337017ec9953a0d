// SPDX-License-Identifier: Apache-2.0
// Opening a file the user names (a config, a layer trace, a memory trace) with the project's one-line input
// errors. Header-only: the trace readers (workloads/) use it too.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "hw_models/common/Error.h"

namespace npu {

/// A line of a text input (a layer or memory trace) is short: a longer one is an input error, so that a
/// binary file or /dev/zero fails at once instead of filling the memory.
constexpr size_t kMaxInputLineBytes = size_t(1) << 16;
inline InputError lineTooLong(const std::string& where) {
    return inputError(where, "line longer than " + std::to_string(kMaxInputLineBytes) + " bytes");
}
/// True if `line` starts with a UTF-8 byte-order mark (skipped at the start of a text input).
inline bool startsWithBom(std::string_view line) { return line.substr(0, 3) == "\xEF\xBB\xBF"; }

/// `path` open for reading; InputError "<path>: is a directory, not a <kind>" or "<path>: cannot open <kind>".
inline std::ifstream openInputFile(const std::string& path, const std::string& kind) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw inputError(path, "is a directory, not a " + kind);
    std::ifstream in(path);
    if (!in) throw inputError(path, "cannot open " + kind);
    return in;
}

}  // namespace npu
