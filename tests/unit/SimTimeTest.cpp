// SPDX-License-Identifier: Apache-2.0
// timesChecked: a period's multiple as sc_time, the same as sc_time's own product where that is right,
// correct from 2^63 steps on (where the product wraps), an input error past 2^64 steps.
#include <gtest/gtest.h>

#include <systemc>

#include "hw_models/common/SimTime.h"

using npu::hw::timesChecked;
using sc_core::sc_time;

TEST(SimTime, MultiplesOfAPeriodUpToTheEndOfTheTimeRange) {
    const sc_time period = sc_time::from_value(938000);   // 938 ps at 1 fs, whatever the resolution is
    for (double n : {0.0, 1.0, 3.5, 1e6, 123456789.0, 9.8e12})
        EXPECT_EQ(timesChecked(period, n, sc_core::SC_ZERO_TIME), period * n) << n;
    // 1.5 x 2^63 steps: beyond sc_time's signed product, within the range
    const double n = 1.5 * 9223372036854775808.0 / 938000.0;
    const double steps = 938000.0 * n + 0.5;
    EXPECT_EQ(timesChecked(period, n, sc_core::SC_ZERO_TIME).value(), static_cast<uint64_t>(steps));
    EXPECT_GT(timesChecked(period, n, sc_core::SC_ZERO_TIME).value(), uint64_t(1) << 63);
    // past 2^64 steps, or past the range from a later base
    EXPECT_THROW(timesChecked(period, 2.0 * n, sc_core::SC_ZERO_TIME), npu::InputError);
    EXPECT_THROW(timesChecked(period, n, sc_time::from_value(uint64_t(1) << 62)), npu::InputError);
}
