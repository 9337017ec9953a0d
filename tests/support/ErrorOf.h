// SPDX-License-Identifier: Apache-2.0
// Test helper: the message of the InputError a call throws, or "<no error>".
#pragma once

#include <string>

#include "hw_models/common/Error.h"

namespace npu::test {

template <class F>
std::string errorOf(F&& f) {
    try {
        f();
    } catch (const npu::InputError& e) {
        return e.what();
    }
    return "<no error>";
}

}  // namespace npu::test
