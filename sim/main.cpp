// SPDX-License-Identifier: Apache-2.0
// npusim's entry point. We own main() so that SystemC's banner (printed on stderr when the kernel
// starts) is off unless the user asks for it, then hand over to SystemC, which calls sc_main.
#include <cstdlib>
#include <systemc>

#include "sim/cli/Cli.h"

int sc_main(int argc, char* argv[]) { return npu::sim::cliMain(argc, argv); }

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", /*overwrite=*/0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
