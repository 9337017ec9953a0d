// SPDX-License-Identifier: Apache-2.0
// Error types shared by every layer of the simulator.
// InputError: the user's input (config, trace, command line) is wrong; the CLI prints its one-line
// message and exits with code 2. Anything else that escapes is an internal error (exit code 1).
#pragma once

#include <stdexcept>
#include <string>

#include "hw_models/common/Text.h"

namespace npu {

class InputError : public std::runtime_error {
public:
    /// The message is kept as one printable line: the input it quotes may hold newlines, other control
    /// characters or bytes that are not UTF-8, which are escaped (\n, \x00, ...). (A long one is cut when
    /// printed: capped.)
    explicit InputError(const std::string& msg) : std::runtime_error(printable(msg)) {}
};

/// `where: msg`, the one-line form every input error takes ("configs/a.yaml:12: array.rows: ...").
inline InputError inputError(const std::string& where, const std::string& msg) {
    return InputError(where.empty() ? msg : where + ": " + msg);
}

}  // namespace npu
