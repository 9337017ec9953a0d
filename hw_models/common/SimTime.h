// SPDX-License-Identifier: Apache-2.0
// Models: nothing; multiples of a clock period as SystemC times, guarded against SystemC's time range
// (sc_max_time(): 2^64 time steps, about 18,447 s at npusim's 1 fs resolution). sc_time's own product
// converts through a signed 64-bit integer and wraps from 2^63 steps on; this one rounds the same way
// (so results below that are bit-identical) and reports the end of the range as an input error.
#pragma once

#include <systemc>

#include <cstdint>
#include <cstdio>
#include <string>

#include "hw_models/common/Error.h"

namespace npu::hw {

/// "simulated time would pass the end of SystemC's time range, 18446.744 s (2^64 steps of 1 fs)": the
/// error of every check against that range.
inline std::string timeRangeExceeded() {
    char limit[64];
    std::snprintf(limit, sizeof limit, "%.3f s (2^64 steps of %s)", sc_core::sc_max_time().to_seconds(),
                  sc_core::sc_get_time_resolution().to_string().c_str());
    return std::string("simulated time would pass the end of SystemC's time range, ") + limit;
}

/// `period` x `n`, rounded as sc_time's product; throws InputError if `base` plus it would pass the end of
/// SystemC's time range.
inline sc_core::sc_time timesChecked(const sc_core::sc_time& period, double n, const sc_core::sc_time& base) {
    const double steps = period.to_double() * n + 0.5;
    const uint64_t room = sc_core::sc_max_time().value() - base.value();
    if (!(steps < 18446744073709551616.0) || static_cast<uint64_t>(steps) > room)   // 2^64: beyond any uint64
        throw InputError(timeRangeExceeded());
    return sc_core::sc_time::from_value(static_cast<uint64_t>(steps));
}

}  // namespace npu::hw
