// SPDX-License-Identifier: Apache-2.0
// sc_main for the module tests: SystemC owns main(), so GoogleTest is started from here.
// ctest runs one TEST per process (the kernel cannot be restarted after sc_start returns).
#include <gtest/gtest.h>

#include <systemc>

int sc_main(int argc, char* argv[]) {
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
