// SPDX-License-Identifier: Apache-2.0
// Test helper: a module whose one SC_THREAD runs a lambda (a scripted initiator or probe).
#pragma once

#include <functional>
#include <systemc>

namespace npu::test {

struct ScriptThread : sc_core::sc_module {
    SC_HAS_PROCESS(ScriptThread);
    ScriptThread(sc_core::sc_module_name name, std::function<void()> body) : sc_module(name), body_(std::move(body)) {
        SC_THREAD(run);
    }

private:
    void run() { body_(); }
    std::function<void()> body_;
};

}  // namespace npu::test
